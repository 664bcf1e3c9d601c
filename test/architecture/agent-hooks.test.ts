/**
 * Issue 13: an agent owns its shapes. Each hook on `AgentDefinition` is read
 * by the shared code with no agent named there: evaluation set, outcome
 * comparison, the items of an amend, demo data, embedded models, and one
 * `startRun` for the HTTP route, evaluations and the online judge.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEMO_EMPLOYEES } from "../../src/agents/expense-reports/demo-data";
import { findAgent, registerAgent } from "../../src/agents/registry";
import { agreementOf } from "../../src/escalation/review-items";
import { evidenceFor } from "../../src/deployment/promotion";
import { runEvaluationPass } from "../../src/evals/runner";
import { EmbeddedModelProvider } from "../../src/models/embedded/provider";
import { costMicroUsd } from "../../src/models/prices";
import { defineAgent, type OutcomeComparison } from "../../src/runtime/agent-definition";
import { checkTask, startRun } from "../../src/runtime/start-run";
import { call, startRun as startRunHttp } from "../support/http";

const REVIEWER = "dev-reviewer-token";
const suffix = crypto.randomUUID().slice(0, 8);

/** An agent defined only here: nothing in src/ names it. */
const probe = defineAgent<{ text: string; key?: string }>({
  name: `hooks-${suffix}`,
  version: "1.0.0",
  description: "test agent for the agent hooks",
  input: z.object({ text: z.string().min(1), key: z.string().optional() }),
  scope: (raw) => (typeof raw === "object" && raw !== null && "text" in raw ? { inScope: true } : { inScope: false, message: "Not a task for this agent." }),
  idempotencyKey: (input) => input.key,
  plan: () => [{ name: "answer", kind: "decision", run: (ctx) => ({ verdict: ctx.input.text }) }],
  compareOutcomes: (p, f): OutcomeComparison => {
    const a = (p as { verdict?: string } | null)?.verdict ?? null;
    const b = (f as { verdict?: string; decision?: string } | null)?.verdict ?? (f as { decision?: string } | null)?.decision ?? null;
    return { comparable: a !== null && b !== null, proposed: a, decided: b, decisionAgrees: a === b, agrees: a === b, costly: a === "yes" && b === "no" };
  },
  evalSet: {
    path: "test/architecture/inline.jsonl",
    text: [
      JSON.stringify({ id: "refused", input: { nope: true }, expected: { error: "OUT_OF_SCOPE", status: 422 } }),
      JSON.stringify({ id: "invalid", input: { text: "" }, expected: { error: "INVALID_INPUT", status: 422 } }),
      // Scored by the agent's own comparison: its outcome has no `decision` field at all.
      JSON.stringify({ id: "answer", input: { text: "yes" }, expected: { decision: "yes", verdict: "yes" } }),
    ].join("\n"),
  },
  embeddedModels: {
    [`local/hooks-${suffix}`]: { price: { inputPer1K: 1_000, outputPer1K: 1_000 }, complete: (req) => JSON.stringify({ echoed: req.messages.length }) },
  },
});
registerAgent(probe);

describe("agent hooks (issue 13)", () => {
  it("evaluates an agent from the set it bundles itself (no list in src/evals)", async () => {
    const summary = await runEvaluationPass(env, { agent: probe.name, mode: "cascade", tenantId: "demo", trigger: "manual" });
    expect(summary).toMatchObject({ cases: 3, errors: 0, exactAccuracy: 1, decisionAccuracy: 1 });
  });

  it("runs an agent's own embedded model, priced as the agent says", async () => {
    const model = `local/hooks-${suffix}`;
    const { response } = await new EmbeddedModelProvider().complete({ model, messages: [{ role: "user", content: "hi" }] });
    expect(JSON.parse(response.choices[0]!.message.content!)).toEqual({ echoed: 1 });
    expect(costMicroUsd(model, { prompt_tokens: 1_000, completion_tokens: 0 })).toBe(1_000);
  });

  it("compares outcomes with the agent's own comparison: review agreement and promotion evidence", async () => {
    expect(agreementOf(probe, { verdict: "approve" }, { decision: "approve", comment: "ok", reviewer: "r", decidedAt: 1 })).toMatchObject({ proposedDecision: "approve", decisionAgrees: true, comparable: true });
    const { body } = await startRunHttp(probe.name, { text: "yes" }, { Prefer: "wait=5" });
    expect(body.status).toBe("completed");
    // A person's decided item on that run, with a final outcome that refused what the agent proposed.
    await env.DB.prepare("UPDATE runs SET outcome = ?, stage = 'shadow' WHERE id = ?").bind(JSON.stringify({ verdict: "no" }), body.runId).run();
    await env.DB.prepare("INSERT INTO review_items (id, tenant_id, run_id, agent, reasons, priority, status, created_at) VALUES (?, 'demo', ?, ?, '[]', 3, 'decided', 1)")
      .bind(`rev_hooks_${suffix}`, body.runId, probe.name)
      .run();
    const evidence = await evidenceFor(env.DB, "demo", probe, "shadow");
    expect(evidence).toMatchObject({ compared: 1, decisionAgreement: 0, amountAgreement: 0, costlyDisagreements: 1 });
  });

  it("one startRun: the same checks and run ids for every caller; a judge's run is always new", async () => {
    expect(checkTask(probe, { nope: 1 })).toMatchObject({ ok: false, code: "OUT_OF_SCOPE" });
    expect(checkTask(probe, { text: "" })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    const input = { text: "same", key: `k-${suffix}` };
    const first = await startRun(env, { agent: probe, tenantId: "demo", input, callerKey: null, waitMs: 5_000 });
    const again = await startRun(env, { agent: probe, tenantId: "demo", input, callerKey: "ignored", waitMs: 5_000 });
    const judged = await startRun(env, { agent: probe, tenantId: "demo", input, callerKey: null, newRun: true, requestHash: "online:x", waitMs: 5_000 });
    expect(again).toMatchObject({ kind: "accepted", runId: first.runId, created: false });
    expect(judged.kind === "accepted" && judged.created).toBe(true);
    expect(judged.runId).not.toBe(first.runId);
    const { body } = await startRunHttp(probe.name, input);
    expect(body.runId).toBe(first.runId); // the HTTP route derives the same run
  });

  it("checks an amend's items with the agent's own schema (422 INVALID_INPUT with the path)", async () => {
    const expense = findAgent("expense-reports")!;
    expect(expense.reviewDecision!.items.safeParse([{ index: 0, verdict: "approved", approvedCents: 1 }]).success).toBe(true);
    const { body } = await startRunHttp("expense-reports", {
      reportId: `R-HOOKS-${suffix}`, employeeId: "E1002", submittedAt: "2026-11-20", purpose: "Board meeting in London",
      items: [{ date: "2026-11-10", merchant: "British Airways", amount: 2431, currency: "USD", category: "airfare", travelClass: "business", receipt: true }],
    }, { Prefer: "wait=20" });
    expect(body.status).toBe("waiting_for_review");
    let reviewId: string | undefined;
    for (let i = 0; i < 100 && !reviewId; i++) {
      reviewId = (await env.DB.prepare("SELECT id FROM review_items WHERE run_id = ?").bind(body.runId).first<{ id: string }>())?.id;
      if (!reviewId) await new Promise((r) => setTimeout(r, 50));
    }
    const res = await call(`/v1/reviews/${reviewId}/decision`, { method: "POST", key: REVIEWER, json: { decision: "amend", comment: "pay it", items: [{ index: 0, verdict: "paid", approvedCents: 100 }] } });
    expect(res.status).toBe(422);
    const error = ((await res.json()) as { error: { code: string; details: { issues: { path: unknown[] }[] } } }).error;
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details.issues[0]!.path).toEqual(["items", 0, "verdict"]);
  });

  it("loads an agent's demo data for any tenant, the same rows the local seed holds", async () => {
    const expense = findAgent("expense-reports")!;
    const tenant = `demo-${suffix}`;
    await expense.demoData!.load(env.DB, tenant);
    await expense.demoData!.load(env.DB, tenant); // idempotent
    const rows = await env.DB.prepare("SELECT id, name, status, level FROM employees WHERE tenant_id = ? ORDER BY id").bind(tenant).all();
    expect(rows.results).toEqual(DEMO_EMPLOYEES);
    const seeded = await env.DB.prepare("SELECT id, name, status, level FROM employees WHERE tenant_id = 'demo' ORDER BY id").all();
    expect(seeded.results).toEqual(DEMO_EMPLOYEES);
  });
});
