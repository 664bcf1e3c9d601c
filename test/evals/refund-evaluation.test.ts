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
