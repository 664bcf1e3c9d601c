import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CLASSIFIER_TIERS } from "../../src/agents/expense-reports";
import { runEvaluationPass } from "../../src/evals/runner";
import { caseTenantOf } from "../../src/evals/store";
import { runClient } from "../../src/runtime/run-client";
import { call, DEMO_KEY } from "../support/http";

const OPERATOR = "dev-operator-token";
const AGENT = "/v1/agents/expense-reports/evaluations";
const op = (path: string, json?: unknown, method = json === undefined ? "GET" : "POST") => call(path, { key: OPERATOR, method, json });
const body = async (res: Response) => (await res.json()) as any;

describe("evaluation API", () => {
  it("is for operators only", async () => {
    for (const key of [DEMO_KEY, "dev-reviewer-token"]) {
      const post = await call(AGENT, { key, method: "POST", json: { limit: 1 } });
      expect(post.status).toBe(403);
      expect((await body(post)).error.code).toBe("FORBIDDEN");
      expect((await call(AGENT, { key })).status).toBe(403);
      expect((await call("/v1/evaluations/ev_0000000000000000000000000", { key })).status).toBe(403);
      expect((await call("/v1/evaluations/ev_0000000000000000000000000/finish", { key, method: "POST" })).status).toBe(403);
    }
    expect((await call(AGENT, { key: null })).status).toBe(401);
  });

  it("answers 404 for an unknown agent, an agent without a set and an unknown pass; 422 for a bad body", async () => {
    const unknown = await op("/v1/agents/no-such-agent/evaluations", { limit: 1 });
    expect(unknown.status).toBe(404);
    expect((await body(unknown)).error.code).toBe("AGENT_NOT_FOUND");
    expect((await op("/v1/agents/no-such-agent/evaluations")).status).toBe(404);
    const noSet = await op("/v1/agents/echo-steps/evaluations", { limit: 1 });
    expect(noSet.status).toBe(404);
    expect((await body(noSet)).error.code).toBe("EVAL_SET_NOT_FOUND");
    const pass = await op("/v1/evaluations/ev_0000000000000000000000000");
    expect(pass.status).toBe(404);
    expect((await body(pass)).error.code).toBe("EVAL_RUN_NOT_FOUND");
    expect((await op("/v1/evaluations/nonsense/finish", {})).status).toBe(404);
    for (const bad of [{ limit: 101 }, { limit: 0 }, { offset: -1 }, { mode: "fast" }, { trigger: "scheduled" }, { unknown: 1 }]) {
      const res = await op(AGENT, bad);
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect((await body(res)).error.code).toBe("INVALID_INPUT");
    }
  });

  it("runs a slice through the real runtime, stores results and a summary", { timeout: 180_000 }, async () => {
    // 12 plain cases, 4 with prior reports, 4 refused before any run: 20 cases in one pass.
    const first = await op(AGENT, { mode: "cascade", limit: 12, trigger: "cli" });
    expect(first.status).toBe(200);
    const chunk = await body(first);
    expect(chunk).toMatchObject({ mode: "cascade", offset: 0, processed: 12, done: false });
    expect(chunk.total).toBeGreaterThan(300);
    const evalRunId: string = chunk.evalRunId;
    expect(evalRunId).toMatch(/^ev_/);

    const priors = await body(await op(AGENT, { evalRunId, tag: "cross-report", limit: 4 }));
    expect(priors).toMatchObject({ evalRunId, processed: 4, total: 8, done: false });
    const scope = await body(await op(AGENT, { evalRunId, tag: "out-of-scope", offset: 6, limit: 10 }));
    expect(scope).toMatchObject({ processed: 4, total: 10, done: true });
    expect((await op(AGENT, { evalRunId, mode: "strong" })).status).toBe(409);

    const running = await body(await op(`/v1/evaluations/${evalRunId}`));
    expect(running).toMatchObject({ evalRunId, status: "running", cases: 20, summary: null });

    const finished = await op(`/v1/evaluations/${evalRunId}/finish`, {});
    expect(finished.status).toBe(200);
    const s = await body(finished);
    expect(s).toMatchObject({ evalRunId, status: "completed", mode: "cascade", trigger: "cli", cases: 20, tiers: CLASSIFIER_TIERS });
    for (const key of ["exactAccuracy", "decisionAccuracy", "itemAccuracy", "escalationRate"]) {
      expect(s[key], key).toBeGreaterThanOrEqual(0);
      expect(s[key], key).toBeLessThanOrEqual(1);
    }
    expect(s.errors).toBe(0); // every prior report was approved, every run rested
    expect(s.costMicroUsd).toBeGreaterThan(0);
    expect(s.p50Ms).toBeGreaterThanOrEqual(0);
    expect(s.p95Ms).toBeGreaterThanOrEqual(s.p50Ms);
    expect(s.cascadeDecisions).toBeGreaterThan(0);
    expect(s.byTag["cross-report"]).toMatchObject({ cases: 4 });
    expect(s.byTag["out-of-scope"]).toEqual({ cases: 4, exactAccuracy: 1 });
    for (const stats of Object.values(s.byCode) as any[]) expect(Object.keys(stats).sort()).toEqual(["fn", "fp", "precision", "recall", "tp"]);
    expect(s.byCode.DUPLICATE.tp + s.byCode.DUPLICATE.fn).toBeGreaterThan(0);
    expect(s.failing).toBe(s.failures.filter((f: any) => !f.exact).length);

    // Stored rows.
    const run = await env.DB.prepare("SELECT * FROM eval_runs WHERE id = ?").bind(evalRunId).first<any>();
    expect(run).toMatchObject({ agent: "expense-reports", mode: "cascade", trigger: "cli", status: "completed", cases: 20, tenant_id: "demo" });
    expect(run.exact_accuracy_bp).toBe(Math.round(s.exactAccuracy * 10_000));
    expect(run.decision_accuracy_bp).toBe(Math.round(s.decisionAccuracy * 10_000));
    expect(run.cost_micro_usd).toBe(s.costMicroUsd);
    expect(JSON.parse(run.summary).cases).toBe(20);
    const results = (await env.DB.prepare("SELECT * FROM eval_results WHERE eval_run_id = ?").bind(evalRunId).all<any>()).results;
    expect(results).toHaveLength(20);
    const refused = results.filter((r) => r.run_id === null);
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(JSON.parse(r.actual)).toMatchObject({ status: 422 });
    const made = results.filter((r) => r.run_id !== null);
    expect(made.every((r) => r.model_calls > 0 && r.cost_micro_usd > 0)).toBe(true);
    expect(made.reduce((n, r) => n + r.escalated_calls, 0)).toBe(s.escalatedDecisions);
    expect(results.filter((r) => r.exact_correct === 1)).toHaveLength(Math.round(s.exactAccuracy * 20));

    // Each case ran as a real run of its own evaluation tenant, marked with the pass; none under the caller's tenant.
    const sample = made[0];
    const view = await runClient(env, sample.run_id).view(caseTenantOf(evalRunId, sample.case_id));
    expect(view).toMatchObject({ agent: "expense-reports", tenant: caseTenantOf(evalRunId, sample.case_id) });
    expect(await runClient(env, sample.run_id).view("demo")).toBeNull();
    const leftover = await env.DB.prepare("SELECT COUNT(*) AS n FROM employees WHERE tenant_id LIKE ?").bind(`eval-${evalRunId}%`).first<{ n: number }>();
    expect(leftover?.n).toBe(0);

    // A finished pass takes no more cases; it is listed for charts over time.
    expect((await op(AGENT, { evalRunId, limit: 1 })).status).toBe(409);
    const stored = await body(await op(`/v1/evaluations/${evalRunId}`));
    expect(stored).toMatchObject({ status: "completed", cases: 20, exactAccuracy: run.exact_accuracy_bp / 10_000, summary: { cases: 20 } });
    const list = await body(await op(AGENT));
    expect(list.evaluations.find((e: any) => e.evalRunId === evalRunId)).toMatchObject({ mode: "cascade", trigger: "cli", status: "completed", cases: 20 });
  });

  it("runs a whole pass in-process with one tier (runEvaluationPass)", { timeout: 120_000 }, async () => {
    const s = await runEvaluationPass(env, { agent: "expense-reports", mode: "cheap", tenantId: "demo", trigger: "scheduled", limit: 3 });
    expect(s).toMatchObject({ mode: "cheap", trigger: "scheduled", cases: 3, tiers: [CLASSIFIER_TIERS[0]], escalatedDecisions: 0, escalationRate: null });
    const rows = (await env.DB.prepare("SELECT run_id, case_id FROM eval_results WHERE eval_run_id = ?").bind(s.evalRunId).all<any>()).results;
    for (const r of rows) {
      const steps = (await runClient(env, r.run_id).journal(caseTenantOf(s.evalRunId, r.case_id)))!;
      const models = new Set(steps.flatMap((step) => step.modelCalls.map((m) => m.model)));
      expect([...models]).toEqual([CLASSIFIER_TIERS[0]]);
    }
  });

  it("documents the routes in /openapi.json", async () => {
    const doc = (await (await call("/openapi.json", { key: null })).json()) as any;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/agents/{agent}/evaluations", "/v1/evaluations/{evalRunId}/finish", "/v1/evaluations/{evalRunId}"]),
    );
  });
});
