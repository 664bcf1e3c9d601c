import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { command, crashAt, driveToRest, effectRows, runStub } from "../support/runs";

const INPUT = { steps: 5, effectEvery: 2, payload: "p" };
const STEPS = INPUT.steps;
const EFFECT_STEPS = [1, 3];

async function uninterrupted() {
  const cmd = command("echo-steps", INPUT);
  const result = await runStub(cmd.runId).submit(cmd);
  if (result.kind !== "accepted") throw new Error("conflict");
  return { outcome: result.run.outcome, runId: cmd.runId };
}

const crashPoints: [string, number][] = [
  ...Array.from({ length: STEPS }, (_, i) => ["before-step", i] as [string, number]),
  ...Array.from({ length: STEPS }, (_, i) => ["after-step", i] as [string, number]),
  ...EFFECT_STEPS.flatMap((i) => [["after-tool-intent", i], ["after-tool-effect", i]] as [string, number][]),
];

describe("crash and resume", () => {
  it.each(crashPoints)("resumes after a crash at %s %i with the same outcome and every effect exactly once", async (point, step) => {
    const baseline = await uninterrupted();
    expect(await effectRows(baseline.runId)).toBe(EFFECT_STEPS.length);

    const cmd = command("echo-steps", INPUT);
    await crashAt(cmd.runId, (p, s) => p === point && s === step);
    await runStub(cmd.runId).submit(cmd).catch(() => "crashed"); // the object dies mid-request

    const view = await driveToRest(cmd.runId);
    expect(view?.status).toBe("completed");
    expect(view?.outcome).toEqual(baseline.outcome);
    expect(view?.usage.steps).toBe(STEPS);
    expect(await effectRows(cmd.runId)).toBe(EFFECT_STEPS.length);

    const journal = await runStub(cmd.runId).journal("demo");
    expect(journal?.every((s) => s.status === "completed")).toBe(true);
    // Only the step that was in flight ran again; finished steps were not re-run.
    const rerun = journal!.filter((s) => s.attempt > 1).map((s) => s.index);
    expect(rerun.length).toBeLessThanOrEqual(1);
    if (point !== "after-step") expect(rerun).toEqual([step]);
  });

  it("bounds a crash loop: a step that always kills the object fails the run after its attempts, with no alarm left", async () => {
    const cmd = command("echo-steps", { steps: 3, effectEvery: 0 });
    await crashAt(cmd.runId, (p, s) => p === "before-step" && s === 1);
    await runStub(cmd.runId).submit(cmd).catch(() => "crashed");
    for (let crash = 2; crash <= 3; crash++) {
      await crashAt(cmd.runId, (p, s) => p === "before-step" && s === 1);
      await runDurableObjectAlarm(runStub(cmd.runId)).catch(() => "crashed again");
      const journal = await runStub(cmd.runId).journal("demo");
      // one attempt per wake-up: no stale wake-ups re-running the step
      expect(journal?.[1]?.attempt).toBe(crash);
    }
    const view = await driveToRest(cmd.runId, 2);
    expect(view).toMatchObject({ status: "failed", stopReason: "RETRIES_EXHAUSTED", error: { code: "STEP_CRASHED" } });
    const alarm = await runInDurableObject(runStub(cmd.runId), (_obj, state) => state.storage.getAlarm());
    expect(alarm).toBeNull();
  });
});
