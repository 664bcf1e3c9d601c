/**
 * The refund agent's evaluation set through the real runtime (embedded
 * model, each case in its own tenant seeded with the agent's demo data):
 * escalations waiting on a proposed refund are scored by what the tools
 * decided, and a case's earlier requests must come back `refund` (the
 * agent's `evalSet.priorDecision`), not the expense agent's `approve`.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runEvaluationPass } from "../../src/evals/runner";
import { call as httpCall } from "../support/http";

const AGENT = "refund-requests";

async function results(evalRunId: string) {
  return (await env.DB.prepare("SELECT case_id, actual, error, decision_correct, exact_correct FROM eval_results WHERE eval_run_id = ? ORDER BY case_id").bind(evalRunId).all<any>()).results;
}

describe("refund-requests evaluation", () => {
  it("scores the contract's worked examples exactly, the tent escalation included", { timeout: 120_000 }, async () => {
    const s = await runEvaluationPass(env, { agent: AGENT, mode: "cascade", tenantId: "demo", trigger: "manual", tag: "worked-example" });
    expect(s).toMatchObject({ cases: 6, errors: 0, exactAccuracy: 1, decisionAccuracy: 1, tiers: ["local/refund-agent-small", "local/refund-agent-large"] });
    const tent = (await results(s.evalRunId)).find((r) => r.case_id === "worked-3-tent");
    expect(JSON.parse(tent.actual)).toMatchObject({ decision: "escalate", orderId: "N-10006", refundCents: 0, returnLabel: false, codes: ["REVIEW_THRESHOLD"] });
    // Each case tenant got the demo data and lost it once its runs rested.
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM refund_orders WHERE tenant_id LIKE ?").bind(`eval-${s.evalRunId}%`).first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it("submits a case's earlier requests first and accepts them when refunded", { timeout: 120_000 }, async () => {
    const s = await runEvaluationPass(env, { agent: AGENT, mode: "cascade", tenantId: "demo", trigger: "manual", tag: "prior-requests", limit: 4 });
    expect(s.cases).toBe(4);
    const rows = await results(s.evalRunId);
    expect(rows.filter((r) => r.error !== null).map((r) => `${r.case_id}: ${r.error}`)).toEqual([]);
    // Each case ran after its priors (scored, whatever the model read): none stopped as PRIOR_NOT_APPROVED.
    expect(rows.every((r) => r.actual !== null)).toBe(true);
  });
});

describe("refund-requests evaluation of any case file (`npm run eval -- --cases FILE`)", () => {
  const call = (path: string, json: unknown) => httpCall(path, { method: "POST", json, key: "dev-operator-token" });
  const line = (id: string, message: string, expected: Record<string, unknown>) =>
    JSON.stringify({ id, tags: ["file"], input: { requestId: `RQ-FILE-${id}`, customerId: "C2001", receivedAt: "2026-11-20", message }, expected });

  it("runs inline cases instead of the bundled set and reports each one: status, proposal, outcome, what differs", { timeout: 60_000 }, async () => {
    const cases = [
      line("mugs", "Both blue mugs in N-10001 arrived shattered.", { decision: "refund", orderId: "N-10001", reason: "damaged", refundCents: 2900, returnLabel: false, codes: [], lines: [] }),
      // Expected wrongly on purpose: the report says what differs, in the agent's own fields.
      line("wrong", "Both blue mugs in N-10001 arrived shattered.", { decision: "refund", orderId: "N-10001", reason: "damaged", refundCents: 9999, returnLabel: false, codes: [], lines: [] }),
    ].join("\n");
    const res = await call("/v1/agents/refund-requests/evaluations", { cases });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ processed: 2, total: 2, exactCorrect: 1 });
    expect(body.results.map((r: any) => [r.id, r.status, r.exact])).toEqual([["mugs", "completed", true], ["wrong", "completed", false]]);
    expect(body.results[0].outcome).toMatchObject({ decision: "refund", refundCents: 2900 });
    expect(body.results[1].differences).toEqual(["refundCents 2900 (final 9999)"]);
    const summary = (await (await call(`/v1/evaluations/${body.evalRunId}/finish`, {})).json()) as any;
    expect(summary).toMatchObject({ cases: 2, exactAccuracy: 0.5 });
    expect(summary.failures[0]).toMatchObject({ id: "wrong", differences: ["refundCents 2900 (final 9999)"] });
  });

  it("refuses a case file that is not in the set's format: 422 INVALID_CASES with the line", async () => {
    const res = await call("/v1/agents/refund-requests/evaluations", { cases: `${line("ok", "hi", { decision: "refund", orderId: null, reason: null, refundCents: 0, returnLabel: false, codes: [], lines: [] })}\n{"id": "x"}` });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "INVALID_CASES", message: expect.stringContaining("line 2") } });
  });
});
