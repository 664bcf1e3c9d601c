import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { consumeDeadLetters, consumeEscalations, reviewIdFor } from "../../src/escalation/consumer";
import type { EscalationMessage } from "../../src/escalation/messages";
import { call, setDeployment, startRun } from "../support/http";

// Decided by the agent alone unless the policy escalates: no audit sample.
beforeAll(() => setDeployment("expense-reports", "full", 0));

const REVIEWER = "dev-reviewer-token";
let n = 0;
// Each report differs (amount, date) so an approved one never makes the next a DUPLICATE.
const escalatingReport = () => ({
  reportId: `R-ESC-${Date.now()}-${++n}`,
  employeeId: "E1002",
  submittedAt: "2026-11-20",
  purpose: "Board meeting in London",
  items: [
    { date: "2026-11-10", merchant: "British Airways", amount: 2400 + n, currency: "USD", category: "airfare", travelClass: "business", receipt: true },
    { date: "2026-11-11", merchant: "Pret A Manger", amount: 10 + n, currency: "USD", category: "meals" },
  ],
});

async function waitForReviewItem(runId: string) {
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare("SELECT id, status FROM review_items WHERE run_id = ?").bind(runId).first<{ id: string; status: string }>();
    if (row) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no review item");
}

const count = async (sql: string, ...args: unknown[]) => (await env.DB.prepare(sql).bind(...args).first<{ n: number }>())?.n ?? 0;

describe("escalation to a person", () => {
  it("pauses the run, queues a review item, and finishes with the reviewer's decision and one payment", async () => {
    const report = escalatingReport();
    const { body } = await startRun("expense-reports", report, { Prefer: "wait=20" });
    expect(body).toMatchObject({ status: "waiting_for_review", stopReason: "REVIEW_REQUIRED", proposal: { decision: "escalate", codes: ["PREMIUM_CLASS", "REVIEW_THRESHOLD"] } });
    expect(await count("SELECT COUNT(*) AS n FROM payments WHERE report_id = ?", report.reportId)).toBe(0);

    // Delivered through the real escalations queue to the consumer.
    const item = await waitForReviewItem(body.runId);
    expect(item).toEqual({ id: reviewIdFor(body.runId), status: "open" });

    const list = (await (await call("/v1/reviews?status=open&agent=expense-reports", { key: REVIEWER })).json()) as any;
    const listed = list.items.find((i: any) => i.runId === body.runId);
    expect(listed).toMatchObject({ reasons: ["PREMIUM_CLASS", "REVIEW_THRESHOLD"], proposal: { decision: "escalate" }, subject: { employeeId: "E1002" } });

    const decided = await call(`/v1/reviews/${item.id}/decision`, { method: "POST", key: REVIEWER, json: { decision: "approve", comment: "Pre-approved by the CFO by email." } });
    expect(decided.status).toBe(200);

    const run = (await (await call(`/v1/runs/${body.runId}`)).json()) as any;
    expect(run).toMatchObject({ status: "completed", decidedBy: expect.stringContaining("local reviewer"), outcome: { decision: "approve", approvedAmountCents: 241000 + 200 * n } });
    expect(run.outcome.items.map((i: any) => i.verdict)).toEqual(["approved", "approved"]);
    expect(await count("SELECT COUNT(*) AS n FROM payments WHERE report_id = ?", report.reportId)).toBe(1);

    const again = await call(`/v1/reviews/${item.id}/decision`, { method: "POST", key: REVIEWER, json: { decision: "reject", comment: "changed my mind" } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error.code).toBe("REVIEW_ALREADY_DECIDED");
    expect(await count("SELECT COUNT(*) AS n FROM payments WHERE report_id = ?", report.reportId)).toBe(1);
  });

  it("lets a reviewer amend within policy and refuses amounts above it", async () => {
    const { body } = await startRun("expense-reports", escalatingReport(), { Prefer: "wait=20" });
    const item = await waitForReviewItem(body.runId);
    const tooMuch = await call(`/v1/reviews/${item.id}/decision`, {
      method: "POST", key: REVIEWER, json: { decision: "amend", comment: "cap", items: [{ index: 0, verdict: "approved", approvedCents: 999999 }] },
    });
    expect(tooMuch.status).toBe(422);
    expect(((await tooMuch.json()) as any).error.code).toBe("INVALID_REVIEW");
    const ok = await call(`/v1/reviews/${item.id}/decision`, {
      method: "POST", key: REVIEWER, json: { decision: "amend", comment: "Economy fare only", items: [{ index: 0, verdict: "approved", approvedCents: 60000 }] },
    });
    expect(ok.status).toBe(200);
    const run = ((await ok.json()) as any).run;
    expect(run.outcome).toMatchObject({ decision: "approve", approvedAmountCents: 60000 + 100 * (10 + n) });
  });

  it("requires a comment, and the reviewer role", async () => {
    const { body } = await startRun("expense-reports", escalatingReport(), { Prefer: "wait=20" });
    const item = await waitForReviewItem(body.runId);
    const noComment = await call(`/v1/reviews/${item.id}/decision`, { method: "POST", key: REVIEWER, json: { decision: "approve", comment: "" } });
    expect(noComment.status).toBe(422);
    const asClient = await call(`/v1/reviews/${item.id}/decision`, { method: "POST", json: { decision: "approve", comment: "x" } });
    expect(asClient.status).toBe(403);
    expect((await call(`/v1/reviews/rev_nope/decision`, { method: "POST", key: REVIEWER, json: { decision: "approve", comment: "x" } })).status).toBe(404);
  });
});

describe("escalations queue consumer", () => {
  const message = (runId: string): EscalationMessage => ({
    runId, tenantId: "demo", agent: "expense-reports", reasons: ["REVIEW_THRESHOLD"], priority: 2, proposal: { decision: "escalate" }, subject: {}, escalatedAt: 1,
  });

  it("writes one review item however often a message is redelivered", async () => {
    const runId = `run_${"r".repeat(22)}${String(n++).padStart(4, "0")}`;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const batch = createMessageBatch("escalations", [{ id: `m-${attempt}`, timestamp: new Date(), attempts: attempt, body: message(runId) }]);
      const ctx = createExecutionContext();
      await consumeEscalations(batch as never, env);
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual([`m-${attempt}`]);
    }
    expect(await count("SELECT COUNT(*) AS n FROM review_items WHERE run_id = ?", runId)).toBe(1);
  });

  it("retries with backoff when D1 fails, instead of losing the message", async () => {
    const brokenDb = { prepare: () => { throw new Error("D1 down (injected)"); } } as unknown as D1Database;
    const batch = createMessageBatch("escalations", [{ id: "m-fail", timestamp: new Date(), attempts: 3, body: message("run_failing00000000000000000000") }]);
    const ctx = createExecutionContext();
    await consumeEscalations(batch as never, { ...env, DB: brokenDb });
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m-fail"]);
    expect(result.explicitAcks).toEqual([]);
  });

  it("keeps dead letters for an operator", async () => {
    const batch = createMessageBatch("escalations-dlq", [{ id: "m-dead", timestamp: new Date(), attempts: 6, body: message("run_dead000000000000000000000000") }]);
    const ctx = createExecutionContext();
    await consumeDeadLetters(batch as never, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["m-dead"]);
    expect(await count("SELECT COUNT(*) AS n FROM escalation_dead_letters WHERE message_id = 'm-dead'")).toBe(1);
  });
});
