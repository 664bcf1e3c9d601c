/**
 * What feeds the circuit breaker: only the agent's own quality and errors.
 * Cancelled runs, a person's wait and latency (e.g. under load) never open it
 * or move a stage; an operator's hand opens it without demoting.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { echoStepsAgent } from "../../src/agents/echo-steps";
import { registerAgent } from "../../src/agents/registry";
import type { AgentGuardObject } from "../../src/guardrails/agent-guard";
import { guardClient } from "../../src/guardrails/guard-client";
import { DEFAULT_DEPLOYMENT, defineAgent } from "../../src/runtime/agent-definition";
import { call, setDeployment, startRun } from "../support/http";

const OPERATOR = "dev-operator-token";
const smallWindow = { deployment: { onlineSample: 0, breaker: { ...DEFAULT_DEPLOYMENT.breaker, window: 10, minJudged: 4 } } };
const drill = (name: string, latencyBudgetMs: number) =>
  defineAgent({ ...echoStepsAgent, ...smallWindow, name, limits: { ...echoStepsAgent.limits, latencyBudgetMs } });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await sleep(25);
  }
}

/** The breaker's raw judgments, read in the guard object itself. */
function judgments(agent: string) {
  const stub = env.GUARDS.get(env.GUARDS.idFromName(`demo:${agent}`)) as unknown as DurableObjectStub<AgentGuardObject>;
  return runInDurableObject(stub, (_obj: AgentGuardObject, state) =>
    state.storage.sql.exec<{ kind: string; ok: number; source: string; run_id: string | null }>("SELECT kind, ok, source, run_id FROM judgments ORDER BY seq").toArray(),
  );
}

const breakerOf = async (agent: string) => (await guardClient(env, "demo", agent).status(Date.now())).breaker;
const stageChanges = async (agent: string) =>
  (await env.DB.prepare("SELECT from_stage, to_stage, actor FROM stage_changes WHERE agent = ?").bind(agent).all()).results;

describe("what the circuit breaker counts", () => {
  beforeAll(() => {
    for (const name of ["cancel-drill", "load-drill", "error-drill", "hold-drill"]) registerAgent(drill(name, name === "cancel-drill" ? 100 : 20));
  });

  it("a client cancelling runs that wait for a person opens nothing and moves no stage", async () => {
    await setDeployment("cancel-drill", "supervised", 0);
    const runs: string[] = [];
    for (let i = 0; i < 6; i++) {
      // The policy blocks this payload's side effect: the run waits for a person.
      const { body } = await startRun("cancel-drill", { steps: 2, effectEvery: 1, payload: "forbidden" }, { Prefer: "wait=10" });
      expect(body.status).toBe("waiting_for_review");
      await sleep(130); // longer than the 100 ms latency budget, all of it a person's time
      expect((await call(`/v1/runs/${body.runId}/cancel`, { method: "POST" })).status).toBe(200);
      runs.push(body.runId);
    }
    // Each run was judged once, when it paused with its proposal; the cancellations are not judgments.
    const seen = await until(() => judgments("cancel-drill"), (j) => j.length >= runs.length);
    await sleep(200);
    const all = await judgments("cancel-drill");
    expect(all.length).toBe(seen.length);
    expect(all.filter((j) => !j.ok)).toEqual([]);
    expect((await breakerOf("cancel-drill")).state).toBe("closed");
    expect(await stageChanges("cancel-drill")).toEqual([]);

    // The wait is on record as the person's, not the agent's.
    const run = (await (await call(`/v1/runs/${runs[0]}`)).json()) as any;
    expect(run).toMatchObject({ status: "cancelled" });
    expect(run.usage.reviewWaitMs).toBeGreaterThanOrEqual(120);
    expect(run.usage.wallMs - run.usage.reviewWaitMs).toBeLessThan(100);
  });

  it("slow runs (latency over budget, as under load) are an alert in metrics, never a breaker input", async () => {
    await setDeployment("load-drill", "full", 0);
    // Each run retries its first step once after 60 ms: every run is over the 20 ms budget.
    const slow = { steps: 2, effectEvery: 0, retryDelayMs: 60, failures: [{ step: 0, times: 1 }] };
    const results = await Promise.all(Array.from({ length: 8 }, () => startRun("load-drill", slow, { Prefer: "wait=10" })));
    expect(results.map((r) => r.body.status)).toEqual(Array(8).fill("completed"));
    await until(() => judgments("load-drill"), (j) => j.length >= 8);
    expect((await judgments("load-drill")).every((j) => j.ok === 1 && j.source === "run")).toBe(true);
    expect((await breakerOf("load-drill")).state).toBe("closed");
    expect(await stageChanges("load-drill")).toEqual([]);

    // Latency is its own signal: measured against the budget, breaches counted, an alert raised.
    const metrics = await until(
      async () => ((await (await call("/v1/metrics")).json()) as any).agents.find((a: any) => a.agent === "load-drill"),
      (m) => m?.latency.sample >= 8,
    );
    expect(metrics.latency).toMatchObject({ budgetMs: 20, breaches: 8, alert: true });
  });

  it("agent errors still open it (and the opening on evidence demotes)", async () => {
    await setDeployment("error-drill", "full", 0);
    for (let i = 0; i < 5; i++) {
      const { body } = await startRun("error-drill", { steps: 1, effectEvery: 0, failures: [{ step: 0, times: 1, retryable: false }] }, { Prefer: "wait=10" });
      expect(body).toMatchObject({ status: "failed", stopReason: "STEP_FAILED" });
    }
    const opened = await until(() => breakerOf("error-drill"), (b) => b.state === "open");
    expect(opened.evidence?.reason).toContain("error rate");
    const changes = await until(() => stageChanges("error-drill"), (c) => c.length > 0);
    expect(changes).toEqual([{ from_stage: "full", to_stage: "supervised", actor: "circuit-breaker" }]);
  });

  it("an operator opening it by hand holds every task for people without demoting the agent", async () => {
    await setDeployment("hold-drill", "supervised", 0);
    const res = await call("/v1/agents/hold-drill/breaker", { method: "POST", key: OPERATOR, json: { state: "open", reason: "incident drill" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ breaker: { state: "open" }, stage: "supervised" });
    const { body } = await startRun("hold-drill", { steps: 1, effectEvery: 1 }, { Prefer: "wait=10" });
    expect(body.status).toBe("waiting_for_review");
    expect(await stageChanges("hold-drill")).toEqual([]);
    const closed = await call("/v1/agents/hold-drill/breaker", { method: "POST", key: OPERATOR, json: { state: "closed", reason: "drill over" } });
    expect(await closed.json()).toMatchObject({ breaker: { state: "closed" }, stage: "supervised" });
  });
});
