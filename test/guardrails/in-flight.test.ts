/**
 * The count of runs in flight (the concurrency set) is exact: replays and
 * conflicts leave no slot behind, a run a decision resumes is counted while it
 * works, and a lost release never shows when the count is read.
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
import { runStub } from "../support/runs";

const AGENT = "slot-drill";
const LIMIT = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The concurrency set as stored, without the reconciliation a read does. */
function storedSlots(agent = AGENT) {
  const stub = env.GUARDS.get(env.GUARDS.idFromName(`demo:${agent}`)) as unknown as DurableObjectStub<AgentGuardObject>;
  return runInDurableObject(stub, (_obj: AgentGuardObject, state) =>
    state.storage.sql.exec<{ run_id: string }>("SELECT run_id FROM active_runs").toArray().map((r) => r.run_id),
  );
}

const inFlight = async (agent = AGENT) => (await guardClient(env, "demo", agent).status(Date.now())).activeRuns;

async function settled(agent = AGENT) {
  for (let i = 0; i < 100 && (await storedSlots(agent)).length > 0; i++) await sleep(20);
}

beforeAll(async () => {
  registerAgent(defineAgent({ ...echoStepsAgent, name: AGENT, limits: { ...echoStepsAgent.limits, maxConcurrentRuns: LIMIT } }));
  await setDeployment(AGENT, "full", 0);
});

describe("runs in flight", () => {
  it("a replay of a finished run, or a conflict with it, takes no slot", async () => {
    const key = `slot-${Date.now()}`;
    const first = await startRun(AGENT, { steps: 1, effectEvery: 0 }, { "Idempotency-Key": key, Prefer: "wait=10" });
    expect(first.body.status).toBe("completed");
    await settled();
    for (let i = 0; i < 10; i++) {
      const replay = await startRun(AGENT, { steps: 1, effectEvery: 0 }, { "Idempotency-Key": key });
      expect(replay.res.headers.get("Idempotent-Replayed")).toBe("true");
    }
    for (let i = 0; i < 5; i++) {
      const conflict = await startRun(AGENT, { steps: 2, effectEvery: 0 }, { "Idempotency-Key": key });
      expect(conflict.res.status).toBe(409);
    }
    expect(await storedSlots()).toEqual([]);
    // So the limit still admits LIMIT new runs.
    const slow = { steps: 2, effectEvery: 0, retryDelayMs: 60_000, failures: [{ step: 0, times: 1 }] };
    const admitted = [];
    for (let i = 0; i < LIMIT; i++) admitted.push(await startRun(AGENT, slow));
    expect(admitted.map((r) => r.res.status)).toEqual(Array(LIMIT).fill(202));
    expect(await inFlight()).toBe(LIMIT);
    expect((await startRun(AGENT, slow)).res.status).toBe(429);
    for (const r of admitted) await call(`/v1/runs/${r.body.runId}/cancel`, { method: "POST" });
    await settled();
    expect(await inFlight()).toBe(0);
  });

  it("counts a run a person's decision resumed while it works, and not once it rests", async () => {
    await setDeployment(AGENT, "shadow", 0);
    try {
      // Shadow: the first side effect waits for a person; after the decision, step 1 waits a minute to retry.
      const { body } = await startRun(AGENT, { steps: 2, effectEvery: 1, retryDelayMs: 60_000, failures: [{ step: 1, times: 1 }] }, { Prefer: "wait=10" });
      expect(body.status).toBe("waiting_for_review");
      await settled();
      expect(await inFlight()).toBe(0); // waiting for a person is resting
      const resumed = await runStub(body.runId).resolveReview("demo", { decision: "approve", comment: "ok", reviewer: "r1", decidedAt: Date.now() }, 500);
      expect(resumed).toMatchObject({ kind: "resumed", run: { status: "running" } });
      expect(await inFlight()).toBe(1);
      await call(`/v1/runs/${body.runId}/cancel`, { method: "POST" });
      await settled();
      expect(await inFlight()).toBe(0);
    } finally {
      await setDeployment(AGENT, "full", 0);
    }
  });

  it("a release that was lost never shows in the count a person reads", async () => {
    const agent = "slot-lost";
    const guard = guardClient(env, "demo", agent);
    const limits = { requestsPerSecond: 100, maxConcurrentRuns: 10 };
    const admit = (runId: string, now: number) => guard.admit({ runId, tenantId: "demo", agent, limits, breaker: DEFAULT_DEPLOYMENT.breaker, share: 0.5, now });
    // An admission whose run never came (the request died after admission), well past the grace.
    expect(await admit("never-created", Date.now() - 60_000)).toMatchObject({ ok: true, fresh: true });
    // A run that finished, but whose release was lost.
    const { body } = await startRun("echo-steps", { steps: 1, effectEvery: 0 }, { Prefer: "wait=10" });
    expect(body.status).toBe("completed");
    expect(await admit(body.runId, Date.now())).toMatchObject({ ok: true, fresh: true });
    expect((await storedSlots(agent)).length).toBe(2);
    expect(await inFlight(agent)).toBe(0);
    expect(await storedSlots(agent)).toEqual([]);
  });
});
