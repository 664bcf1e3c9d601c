/**
 * The review item's lifecycle: open -> decided, or open -> cancelled when its
 * run is cancelled; decisions that name an item twice; the reason filter.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { reviewIdFor } from "../../src/escalation/messages";
import { PlatformSink } from "../../src/runtime/delivery";
import type { OutboxEntry } from "../../src/runtime/outbox";
import { page, signIn } from "../dashboard/support";
import { call, setDeployment, startRun } from "../support/http";
import { instrument } from "../support/runs";

const REVIEWER = "dev-reviewer-token";
/** echo-steps refuses to record "forbidden": its first side effect is blocked and the run waits for a person. */
const ESCALATING = { steps: 2, effectEvery: 1, payload: "forbidden" };

beforeAll(() => setDeployment("echo-steps", "full", 0));

async function escalatedRun() {
  const { body } = await startRun("echo-steps", ESCALATING, { Prefer: "wait=10" });
  expect(body).toMatchObject({ status: "waiting_for_review", stopReason: "REVIEW_REQUIRED" });
  const item = await waitForItem(body.runId);
  expect(item.status).toBe("open");
  return { runId: body.runId as string, reviewId: item.id };
}

async function waitForItem(runId: string) {
  for (let i = 0; i < 100; i++) {
    const row = await itemOf(runId);
    if (row) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no review item");
}

const itemOf = (runId: string) =>
  env.DB.prepare("SELECT id, status, decided_at AS decidedAt FROM review_items WHERE run_id = ?").bind(runId).first<{ id: string; status: string; decidedAt: number | null }>();

const decide = (reviewId: string, json: unknown) => call(`/v1/reviews/${reviewId}/decision`, { method: "POST", key: REVIEWER, json });
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe("cancelling a run that waits for review (item 1)", () => {
  it("closes its item as cancelled, lists it as such, and refuses a decision with 409 REVIEW_CANCELLED", async () => {
    const { runId, reviewId } = await escalatedRun();
    const cancel = await call(`/v1/runs/${runId}/cancel`, { method: "POST" });
    expect(cancel.status).toBe(200);
    expect(((await cancel.json()) as { status: string }).status).toBe("cancelled");

    // Closed by the run object's outbox, delivered before cancel answers.
    expect(await itemOf(runId)).toMatchObject({ status: "cancelled", decidedAt: expect.any(Number) });
    const listed = (await (await call("/v1/reviews?status=cancelled&agent=echo-steps&limit=200", { key: REVIEWER })).json()) as { items: { reviewId: string; status: string }[] };
    expect(listed.items.find((i) => i.reviewId === reviewId)).toMatchObject({ status: "cancelled" });
    const open = (await (await call("/v1/reviews?status=open&agent=echo-steps&limit=200", { key: REVIEWER })).json()) as { items: { reviewId: string }[] };
    expect(open.items.map((i) => i.reviewId)).not.toContain(reviewId);

    const refused = await decide(reviewId, { decision: "approve", comment: "too late" });
    expect(refused.status).toBe(409);
    expect(await errorCode(refused)).toBe("REVIEW_CANCELLED");
  });

  it("shows the item as cancelled in the dashboard, without a decision form", async () => {
    const { runId, reviewId } = await escalatedRun();
    expect((await call(`/v1/runs/${runId}/cancel`, { method: "POST" })).status).toBe(200);
    const { cookie, csrf } = await signIn();
    const html = await (await page(`/dashboard/reviews/${reviewId}`, { cookie })).text();
    expect(html).toContain("The run was cancelled before anyone decided.");
    expect(html).not.toContain('id="decision"');
    const post = await page(`/dashboard/reviews/${reviewId}/decision`, { cookie, form: { csrf, decision: "approve", comment: "too late" } });
    expect(post.status).toBe(409);
    expect(await post.text()).not.toContain("Already decided.");
  });

  it("refuses a decision with REVIEW_CANCELLED and closes the item even when D1 has not heard of the cancel yet", async () => {
    const { runId, reviewId } = await escalatedRun();
    // History to D1 fails for now: the object cancels, D1 still says "open".
    await instrument(runId, (obj) => {
      obj.historySink = { deliver: () => Promise.reject(new Error("D1 down (injected)")) };
    });
    expect((await call(`/v1/runs/${runId}/cancel`, { method: "POST" })).status).toBe(200);
    expect(await itemOf(runId)).toMatchObject({ status: "open" });

    const refused = await decide(reviewId, { decision: "approve", comment: "too late" });
    expect(refused.status).toBe(409);
    expect(await errorCode(refused)).toBe("REVIEW_CANCELLED");
    expect(await itemOf(runId)).toMatchObject({ status: "cancelled" });

    // The outbox still delivers later; the closed item stays closed.
    await instrument(runId, (obj) => {
      obj.historySink = new PlatformSink(env);
      return obj.outbox.flush(obj.historySink, Date.now());
    });
    expect(await itemOf(runId)).toMatchObject({ status: "cancelled" });
  });

  it("the D1 sink closes an item idempotently, creates it closed if missing, and never touches a decided one", async () => {
    const runId = `run_cancelsink${crypto.randomUUID().replace(/-/g, "").slice(0, 18)}`;
    const message = { runId, tenantId: "demo", agent: "echo-steps", reasons: ["ECHO_FORBIDDEN"], priority: 2, proposal: null, subject: {}, escalatedAt: 1_000 };
    const sink = new PlatformSink(env);
    const cancelled: OutboxEntry = { key: "review:cancelled", kind: "review_cancelled", payload: { ...message, cancelledAt: 2_000 } };
    await sink.deliver([cancelled]);
    await sink.deliver([cancelled]);
    expect(await itemOf(runId)).toEqual({ id: reviewIdFor(runId), status: "cancelled", decidedAt: 2_000 });

    const decidedRun = `${runId.slice(0, -1)}x`; // never equal to runId (hex has no "x")
    await env.DB.prepare("INSERT INTO review_items (id, tenant_id, run_id, agent, reasons, priority, status, decided_at, created_at) VALUES (?, 'demo', ?, 'echo-steps', '[]', 2, 'decided', 5, 1)")
      .bind(reviewIdFor(decidedRun), decidedRun)
      .run();
    await sink.deliver([{ ...cancelled, payload: { ...message, runId: decidedRun, cancelledAt: 2_000 } }]);
    expect(await itemOf(decidedRun)).toMatchObject({ status: "decided", decidedAt: 5 });
  });
});

describe("an amend that names the same item twice (item 22)", () => {
  it("is refused with 422 and the item stays open", async () => {
    const { runId, reviewId } = await escalatedRun();
    const res = await decide(reviewId, {
      decision: "amend",
      comment: "two verdicts for one item",
      items: [
        { index: 0, verdict: "approved", approvedCents: 100 },
        { index: 0, verdict: "rejected", approvedCents: 0 },
      ],
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: unknown } };
    expect(body.error.code).toBe("INVALID_INPUT");
    expect(JSON.stringify(body.error.details)).toContain("listed more than once");
    expect(await itemOf(runId)).toMatchObject({ status: "open" });
  });
});

describe("GET /v1/reviews?reason= (item 23)", () => {
  it("filters in the query, so matches beyond the first page of non-matches are found", async () => {
    const agent = `reason-filter-${crypto.randomUUID().slice(0, 8)}`;
    const insert = env.DB.prepare(
      "INSERT INTO review_items (id, tenant_id, run_id, agent, reasons, priority, status, created_at) VALUES (?, 'demo', ?, ?, ?, ?, 'open', ?)",
    );
    const rows = [];
    // 12 urgent, old items with another reason come first in the queue's order.
    for (let i = 0; i < 12; i++) rows.push(insert.bind(`rev_${agent}_a${i}`, `run_${agent}_a${i}`, agent, JSON.stringify(["OTHER_REASON"]), 1, 1_000 + i));
    for (let i = 0; i < 3; i++) rows.push(insert.bind(`rev_${agent}_b${i}`, `run_${agent}_b${i}`, agent, JSON.stringify(["OTHER_REASON", "RARE_REASON"]), 5, 2_000 + i));
    await env.DB.batch(rows);

    const list = async (query: string) =>
      ((await (await call(`/v1/reviews?agent=${agent}&${query}`, { key: REVIEWER })).json()) as { items: { reviewId: string }[] }).items.map((i) => i.reviewId);
    expect(await list("reason=RARE_REASON&limit=10")).toEqual([`rev_${agent}_b0`, `rev_${agent}_b1`, `rev_${agent}_b2`]);
    expect(await list("reason=RARE_REASON&limit=2")).toEqual([`rev_${agent}_b0`, `rev_${agent}_b1`]);
    expect(await list("reason=OTHER_REASON&limit=200")).toHaveLength(15);
    expect(await list("reason=NO_SUCH_REASON")).toEqual([]);
  });
});
