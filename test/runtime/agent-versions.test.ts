/**
 * Runs outlive deploys: a run records the agent version it started on and
 * resumes on that version's definition; where that version is gone, or its
 * journal no longer fits, it stops with AGENT_VERSION_CHANGED and goes to a
 * person. It never replays a journal against a different plan.
 */
import { afterEach, describe, expect, it } from "vitest";
import { echoStepsAgent } from "../../src/agents/echo-steps";
import { registerAgent, registerEarlierVersion, retireAgentVersion } from "../../src/agents/registry";
import { defineAgent } from "../../src/runtime/agent-definition";
import { SIMULATED_CRASH } from "../support/crash-noise";
import { call } from "../support/http";
import { command, effectRows, instrument, runStub } from "../support/runs";

const REVIEWER = "dev-reviewer-token";
const NAME = "versioned-echo";
const V1 = defineAgent({ ...echoStepsAgent, name: NAME, version: "1.0.0" });
/** Version 2 renames its steps: a version-1 journal does not fit it. */
const V2 = defineAgent({
  ...V1,
  version: "2.0.0",
  plan: (input) => echoStepsAgent.plan(input, {}).map((s) => ({ ...s, name: s.name.replace("echo-", "v2-") })),
});

/** A shadow-stage run of the version current now: it pauses at its first side effect. */
async function pausedRun() {
  const cmd = command(NAME, { steps: 2, effectEvery: 1 }, { options: { stage: "shadow", reviewGate: "SHADOW" } });
  const result = await runStub(cmd.runId).submit({ ...cmd, waitMs: 10_000 });
  expect(result).toMatchObject({ kind: "accepted", run: { status: "waiting_for_review", agentVersion: "1.0.0" } });
  return cmd;
}

const decide = (runId: string, round = "") =>
  call(`/v1/reviews/rev_${runId.slice(4)}${round}/decision`, { method: "POST", key: REVIEWER, json: { decision: "approve", comment: "Go ahead." } });

afterEach(() => registerAgent(V1));

describe("runs outlive deploys", () => {
  it("a paused run resumes on the version it started on after a new version is deployed", async () => {
    registerAgent(V1);
    const cmd = await pausedRun();
    registerAgent(V2); // the deploy: v2 is current, v1 stays registered for the runs on it
    const res = await decide(cmd.runId);
    expect(res.status).toBe(200);
    const run = ((await res.json()) as { run: { status: string; agentVersion: string } }).run;
    expect(run).toMatchObject({ status: "completed", agentVersion: "1.0.0" });
    const steps = (await runStub(cmd.runId).journal(cmd.tenantId))!;
    expect(steps.map((s) => s.name)).toEqual(["echo-0", "echo-1"]);
    expect(await effectRows(cmd.runId)).toBe(1);
  });

  it("stops with AGENT_VERSION_CHANGED and goes to a person when its version is gone; the person's decision is the outcome", async () => {
    registerAgent(V1);
    const cmd = await pausedRun();
    registerAgent(V2);
    retireAgentVersion(NAME, "1.0.0");
    const res = await decide(cmd.runId);
    expect(res.status).toBe(200);
    const view = await runStub(cmd.runId).view(cmd.tenantId);
    expect(view).toMatchObject({ status: "waiting_for_review", stopReason: "AGENT_VERSION_CHANGED" });
    expect(await effectRows(cmd.runId)).toBe(0); // nothing ran on another plan

    const second = await decide(cmd.runId, "_r2");
    expect(second.status).toBe(200);
    const done = ((await second.json()) as { run: { status: string; outcome: { humanDecision: { decision: string } } } }).run;
    expect(done.status).toBe("completed");
    expect(done.outcome.humanDecision.decision).toBe("approve");
    expect(await effectRows(cmd.runId)).toBe(0);
  });

  it("stops the same way when the registered version no longer fits the journal (a definition changed without a new version)", async () => {
    registerAgent(V1);
    const cmd = await pausedRun();
    registerEarlierVersion({ ...V2, version: "1.0.0" }); // same version string, different plan
    // A deploy starts new isolates: the object comes back with a fresh look at its journal.
    await instrument(cmd.runId, (_obj, state) => state.abort(SIMULATED_CRASH)).catch(() => undefined);
    const res = await decide(cmd.runId);
    expect(res.status).toBe(200);
    expect(await runStub(cmd.runId).view(cmd.tenantId)).toMatchObject({ status: "waiting_for_review", stopReason: "AGENT_VERSION_CHANGED" });
    expect(await effectRows(cmd.runId)).toBe(0);
  });
});
