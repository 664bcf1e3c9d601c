import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runScheduledEvaluations } from "../../src/evals/scheduled";
import { guardClient } from "../../src/guardrails/guard-client";

describe("scheduled evaluation (Cron Trigger)", () => {
  it("evaluates each deployed agent for its tenant, stores the pass, and feeds the breaker a quality judgment", async () => {
    const results = await runScheduledEvaluations(env, Date.now(), { limit: 12, agent: "expense-reports" });
    expect(results).toEqual([expect.objectContaining({ agent: "expense-reports", tenantId: "demo", exactAccuracy: expect.any(Number) })]);
    const stored = await env.DB.prepare("SELECT trigger, status, cases FROM eval_runs WHERE agent = 'expense-reports' AND trigger = 'scheduled' ORDER BY created_at DESC LIMIT 1").first();
    expect(stored).toEqual({ trigger: "scheduled", status: "completed", cases: 12 });
    const breaker = (await guardClient(env, "demo", "expense-reports").status(Date.now())).breaker;
    expect(breaker.state).toBe("closed");
    const reviewItems = await env.DB.prepare("SELECT COUNT(*) AS n FROM review_items WHERE tenant_id LIKE 'eval-%'").first<{ n: number }>();
    expect(reviewItems?.n).toBe(0); // evaluation runs never reach the reviewers' queue
  });
});
