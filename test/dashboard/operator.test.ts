/**
 * The operator controls of the Agents page: stage changes and breaker actions
 * through forms, the same decisions as the JSON API. Each test uses its own
 * tenant, so the demo tenant's stages and breakers are untouched.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/runtime/ids";
import { count, page, signIn } from "./support";

const AGENT = "expense-reports";
const visible = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&gt;/g, ">").replace(/\s+/g, " ");

let n = 0;
/** A fresh tenant with an operator and a reviewer key; returns their tokens. */
async function tenant() {
  n += 1;
  const id = `ops-${Date.now()}-${n}`;
  const operator = `${id}-operator-token`;
  const reviewer = `${id}-reviewer-token`;
  await env.DB.batch([
    env.DB.prepare("INSERT INTO tenants (id, name, created_at) VALUES (?, 'Operator tests', 1)").bind(id),
    env.DB.prepare("INSERT INTO api_keys (id, tenant_id, key_hash, role, label, created_at) VALUES (?, ?, ?, 'operator', 'ops operator', 1)").bind(`key_${id}_op`, id, await sha256Hex(operator)),
    env.DB.prepare("INSERT INTO api_keys (id, tenant_id, key_hash, role, label, created_at) VALUES (?, ?, ?, 'reviewer', 'ops reviewer', 1)").bind(`key_${id}_rev`, id, await sha256Hex(reviewer)),
  ]);
  return { id, operator, reviewer };
}

const stageOf = async (tenantId: string) =>
  (await env.DB.prepare("SELECT stage FROM agent_deployments WHERE tenant_id = ? AND agent = ?").bind(tenantId, AGENT).first<{ stage: string }>())?.stage ?? "shadow";

/** Breaker transitions reach D1 through the guard's outbox: poll briefly. */
async function transitions(tenantId: string, atLeast: number) {
  let rows: { from_state: string; to_state: string; actor: string; reason: string }[] = [];
  for (let i = 0; i < 100; i++) {
    rows = (
      await env.DB.prepare("SELECT from_state, to_state, actor, reason FROM breaker_transitions WHERE tenant_id = ? AND agent = ? ORDER BY at, rowid").bind(tenantId, AGENT).all<(typeof rows)[number]>()
    ).results;
    if (rows.length >= atLeast) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return rows;
}

describe("operator controls on the Agents page", () => {
  it("a promotion without enough evidence is refused: the page says why and lists what is missing", async () => {
    const t = await tenant();
    const { cookie, csrf } = await signIn(t.operator);
    const html = await (await page("/dashboard/agents", { cookie })).text();
    expect(html).not.toMatch(/<fieldset disabled/);
    expect(html).toContain(`action="/dashboard/agents/${AGENT}/stage"`);
    expect(visible(html)).toContain("Promote to limited");

    const res = await page(`/dashboard/agents/${AGENT}/stage`, { cookie, form: { csrf, to: "limited", reason: "Looks good to me" } });
    expect(res.status).toBe(409);
    const refused = await res.text();
    const alert = visible(/<div class="alert alert-danger" role="alert">[\s\S]*?<\/div>/.exec(refused)?.[0] ?? "");
    expect(alert).toContain("Stage not changed.");
    expect(alert).toContain("The evidence in shadow is not enough to move to limited");
    expect(alert).toContain("Missing:");
    const missing = /<ul class="missing">([\s\S]*?)<\/ul>/.exec(refused)?.[1] ?? "";
    expect(missing).toContain("<li>at least 200 compared decisions in shadow (have 0)</li>");
    expect(missing).toMatch(/<li>a passing evaluation/);
    expect(refused).toContain("Looks good to me</textarea>"); // what was typed is kept
    expect(await stageOf(t.id)).toBe("shadow");
    expect(await count("SELECT COUNT(*) AS n FROM stage_changes WHERE tenant_id = ?", t.id)).toBe(0);

    // The other refusals of the API, word for word.
    const skip = await page(`/dashboard/agents/${AGENT}/stage`, { cookie, form: { csrf, to: "supervised", reason: "skip" } });
    expect(skip.status).toBe(409);
    expect(visible(await skip.text())).toContain("Stages are earned one at a time: from shadow the next is limited.");
    const same = await page(`/dashboard/agents/${AGENT}/stage`, { cookie, form: { csrf, to: "shadow", reason: "stay" } });
    expect(same.status).toBe(409);
    expect(visible(await same.text())).toContain(`"${AGENT}" is already in shadow.`);
    const noReason = await page(`/dashboard/agents/${AGENT}/stage`, { cookie, form: { csrf, to: "limited", reason: "  " } });
    expect(noReason.status).toBe(422);
    expect(visible(await noReason.text())).toContain("A reason is required");
  });

  it("an operator demotes through the form: audited in stage_changes, shown in the history, 303 back to the page", async () => {
    const t = await tenant();
    await env.DB.prepare("INSERT INTO agent_deployments (tenant_id, agent, stage, updated_at) VALUES (?, ?, 'limited', 1)").bind(t.id, AGENT).run();
    const { cookie, csrf } = await signIn(t.operator);
    const res = await page(`/dashboard/agents/${AGENT}/stage`, { cookie, form: { csrf, to: "shadow", reason: "Disagreements on hotel caps" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/dashboard/agents?done=stage&agent=${AGENT}#stage-${AGENT}`);
    expect(await stageOf(t.id)).toBe("shadow");
    const row = await env.DB.prepare("SELECT from_stage, to_stage, actor, reason FROM stage_changes WHERE tenant_id = ?").bind(t.id).first();
    expect(row).toEqual({ from_stage: "limited", to_stage: "shadow", actor: `ops operator (key_${t.id}_op)`, reason: "Disagreements on hotel caps" });

    const after = visible(await (await page(res.headers.get("Location")!, { cookie })).text());
    expect(after).toContain("Stage changed. Now in shadow (was limited).");
    expect(after).toMatch(/Stage changes, newest first When From → to Who Reason \d{4}-\d\d-\d\d \d\d:\d\d UTC limited → shadow ops operator \(key_[^)]+\) Disagreements on hotel caps/);
  });

  it("a reviewer sees the controls disabled and cannot POST them (403)", async () => {
    const t = await tenant();
    const { cookie, csrf } = await signIn(t.reviewer);
    const html = await (await page("/dashboard/agents", { cookie })).text();
    expect(html).toMatch(/<fieldset disabled/);
    expect(visible(html)).toContain("Only an operator can do this");

    const stage = await page(`/dashboard/agents/${AGENT}/stage`, { cookie, form: { csrf, to: "limited", reason: "let me" } });
    expect(stage.status).toBe(403);
    expect(visible(await stage.text())).toContain("Only an operator can change an agent's stage");
    const breaker = await page(`/dashboard/agents/${AGENT}/breaker`, { cookie, form: { csrf, state: "open", reason: "let me" } });
    expect(breaker.status).toBe(403);
    expect(await count("SELECT COUNT(*) AS n FROM stage_changes WHERE tenant_id = ?", t.id)).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(await count("SELECT COUNT(*) AS n FROM breaker_transitions WHERE tenant_id = ?", t.id)).toBe(0);
    // Without the CSRF token, an operator's form is refused too.
    const op = await signIn(t.operator);
    expect((await page(`/dashboard/agents/${AGENT}/breaker`, { cookie: op.cookie, form: { state: "open", reason: "x" } })).status).toBe(403);
    expect((await page(`/dashboard/agents/no-such-agent/breaker`, { cookie: op.cookie, form: { csrf: op.csrf, state: "open", reason: "x" } })).status).toBe(404);
  });

  it("an operator opens and closes the breaker through the form; each transition is audited with who and why", async () => {
    const t = await tenant();
    const { cookie, csrf } = await signIn(t.operator);
    const open = await page(`/dashboard/agents/${AGENT}/breaker`, { cookie, form: { csrf, state: "open", reason: "Classifier outage upstream" } });
    expect(open.status).toBe(303);
    expect(open.headers.get("Location")).toBe(`/dashboard/agents?done=breaker&agent=${AGENT}#breaker-${AGENT}`);
    const opened = visible(await (await page(open.headers.get("Location")!, { cookie })).text());
    expect(opened).toContain("Breaker set. The circuit breaker is open.");

    const close = await page(`/dashboard/agents/${AGENT}/breaker`, { cookie, form: { csrf, state: "closed", reason: "Upstream fixed" } });
    expect(close.status).toBe(303);
    const rows = await transitions(t.id, 2);
    expect(rows).toEqual([
      { from_state: "closed", to_state: "open", actor: `ops operator (key_${t.id}_op)`, reason: "Classifier outage upstream" },
      { from_state: "open", to_state: "closed", actor: `ops operator (key_${t.id}_op)`, reason: "Upstream fixed" },
    ]);
    const html = await (await page("/dashboard/agents", { cookie })).text();
    expect(html).toMatch(/Circuit breaker <span class="badge b-ok"[^>]*>closed<\/span>/);
    const text = visible(html);
    expect(text).toContain("Last evidence Upstream fixed");
    expect(text).toMatch(/Breaker transitions, newest first When From → to Who Reason \S+ \S+ UTC open → closed ops operator \(key_[^)]+\) Upstream fixed \S+ \S+ UTC closed → open/);

    // A missing reason is refused and changes nothing.
    const blank = await page(`/dashboard/agents/${AGENT}/breaker`, { cookie, form: { csrf, state: "open", reason: " " } });
    expect(blank.status).toBe(422);
    expect(visible(await blank.text())).toContain("Breaker not changed. A reason is required");
    await new Promise((r) => setTimeout(r, 200));
    expect(await count("SELECT COUNT(*) AS n FROM breaker_transitions WHERE tenant_id = ?", t.id)).toBe(2);
  });
});
