import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/runtime/clock";
import type { HistorySink } from "../../src/runtime/outbox";
import { command, instrument, runStub } from "../support/runs";

// Far in the future, so real alarms never fire on their own during a test:
// every wake-up below is one the test triggers.
const T0 = Date.UTC(2030, 0, 1);

async function withClock(runId: string, clock: ManualClock) {
  await instrument(runId, (obj) => {
    obj.clock = clock;
  });
}

const alarmOf = (runId: string) => runInDurableObject(runStub(runId), (_o, state) => state.storage.getAlarm());

describe("retries", () => {
  it("retries a failing step with exponential backoff from the injected clock, then succeeds", async () => {
    const clock = new ManualClock(T0);
    const cmd = command("echo-steps", { steps: 2, effectEvery: 0, retryDelayMs: 1_000, failures: [{ step: 0, times: 2 }] }, { waitMs: 0 });
    await withClock(cmd.runId, clock);
    await runStub(cmd.runId).submit(cmd);
    await runInDurableObject(runStub(cmd.runId), () => undefined); // let the kicked work finish

    let steps = await runStub(cmd.runId).journal("demo");
    expect(steps?.[0]).toMatchObject({ status: "retrying", attempt: 1, retryAt: new Date(T0 + 1_000).toISOString() });
    expect(await alarmOf(cmd.runId)).toBe(T0 + 1_000);

    // Woken early: nothing runs, and the schedule is unchanged.
    await runDurableObjectAlarm(runStub(cmd.runId));
    steps = await runStub(cmd.runId).journal("demo");
    expect(steps?.[0]?.attempt).toBe(1);
    expect(await alarmOf(cmd.runId)).toBe(T0 + 1_000);

    clock.advance(1_000);
    await runDurableObjectAlarm(runStub(cmd.runId));
    steps = await runStub(cmd.runId).journal("demo");
    expect(steps?.[0]).toMatchObject({ status: "retrying", attempt: 2, retryAt: new Date(T0 + 1_000 + 2_000).toISOString() });

    clock.advance(2_000);
    await runDurableObjectAlarm(runStub(cmd.runId));
    const view = await runStub(cmd.runId).view("demo");
    expect(view).toMatchObject({ status: "completed", usage: { steps: 2 } });
    expect(await alarmOf(cmd.runId)).toBeNull(); // idle runs cost nothing
  });

  it("fails the run with RETRIES_EXHAUSTED when a retryable step keeps failing", async () => {
    const clock = new ManualClock(T0);
    const cmd = command("echo-steps", { steps: 2, retryDelayMs: 10, failures: [{ step: 1, times: 5 }] }, { waitMs: 0 });
    await withClock(cmd.runId, clock);
    await runStub(cmd.runId).submit(cmd);
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      await runDurableObjectAlarm(runStub(cmd.runId));
    }
    const view = await runStub(cmd.runId).view("demo");
    expect(view).toMatchObject({ status: "failed", stopReason: "RETRIES_EXHAUSTED", error: { code: "ECHO_INJECTED_FAILURE", retryable: true } });
    const steps = await runStub(cmd.runId).journal("demo");
    expect(steps?.[1]).toMatchObject({ status: "failed", attempt: 3 });
  });

  it("does not retry a non-retryable failure", async () => {
    const cmd = command("echo-steps", { steps: 2, failures: [{ step: 0, times: 1, retryable: false }] });
    const result = await runStub(cmd.runId).submit(cmd);
    expect(result.kind === "accepted" && result.run).toMatchObject({ status: "failed", stopReason: "STEP_FAILED", error: { code: "ECHO_INJECTED_FAILURE" } });
    expect((await runStub(cmd.runId).journal("demo"))?.[0]?.attempt).toBe(1);
  });
});

describe("schedule", () => {
  it("keeps its schedule across an eviction (restart) and resumes from it", async () => {
    const clock = new ManualClock(T0);
    const cmd = command("echo-steps", { steps: 2, retryDelayMs: 5_000, failures: [{ step: 0, times: 1 }] }, { waitMs: 0 });
    await withClock(cmd.runId, clock);
    await runStub(cmd.runId).submit(cmd);
    await runInDurableObject(runStub(cmd.runId), () => undefined);
    expect(await alarmOf(cmd.runId)).toBe(T0 + 5_000);

    await evictDurableObject(runStub(cmd.runId));
    expect(await alarmOf(cmd.runId)).toBe(T0 + 5_000); // still armed after the restart
    await withClock(cmd.runId, new ManualClock(T0 + 5_000)); // the new instance's clock
    expect(await runDurableObjectAlarm(runStub(cmd.runId))).toBe(true);
    expect((await runStub(cmd.runId).view("demo"))?.status).toBe("completed");
  });
});

describe("limits", () => {
  it("stops a run at its time limit with TIME_LIMIT, enforced by the alarm", async () => {
    const clock = new ManualClock(T0);
    const cmd = command("echo-steps", { steps: 2, retryDelayMs: 3_600_000, failures: [{ step: 0, times: 1 }] }, { waitMs: 0 });
    await withClock(cmd.runId, clock);
    await runStub(cmd.runId).submit(cmd);
    await runInDurableObject(runStub(cmd.runId), () => undefined);
    // The deadline (5 min default) comes before the one-hour retry: the alarm is set to it.
    expect(await alarmOf(cmd.runId)).toBe(T0 + 5 * 60_000);
    clock.advance(5 * 60_000);
    await runDurableObjectAlarm(runStub(cmd.runId));
    expect(await runStub(cmd.runId).view("demo")).toMatchObject({ status: "failed", stopReason: "TIME_LIMIT" });
  });

  it("stops a run that exceeds its step limit with STEP_LIMIT", async () => {
    const cmd = command("echo-steps", { steps: 1_001, effectEvery: 0 }, { waitMs: 20_000 });
    const result = await runStub(cmd.runId).submit(cmd);
    expect(result.kind === "accepted" && result.run).toMatchObject({ status: "failed", stopReason: "STEP_LIMIT", usage: { steps: 1_000 } });
  });
});

describe("history outbox", () => {
  it("delays history while D1 fails, loses nothing, and delivers once D1 is back", async () => {
    const clock = new ManualClock(T0);
    const cmd = command("echo-steps", { steps: 3, effectEvery: 0 }, { waitMs: 0 });
    let attempts = 0;
    await instrument(cmd.runId, (obj) => {
      obj.clock = clock;
      const failing: HistorySink = {
        async deliver() {
          attempts++;
          throw new Error("D1 unavailable (injected)");
        },
      };
      obj.historySink = failing;
    });
    await runStub(cmd.runId).submit(cmd);
    await runInDurableObject(runStub(cmd.runId), () => undefined);
    expect((await runStub(cmd.runId).view("demo"))?.status).toBe("completed");
    expect(attempts).toBe(1);
    const inD1 = () => env.DB.prepare("SELECT status FROM runs WHERE id = ?").bind(cmd.runId).first<{ status: string }>();
    expect(await inD1()).toBeNull();
    // The run is finished, but the alarm stays armed for the undelivered history (backoff 500 ms).
    expect(await alarmOf(cmd.runId)).toBe(T0 + 500);

    clock.advance(500);
    await runDurableObjectAlarm(runStub(cmd.runId)); // still failing: backoff doubles
    expect(attempts).toBe(2);
    expect(await alarmOf(cmd.runId)).toBe(T0 + 500 + 1_000);

    await evictDurableObject(runStub(cmd.runId)); // a fresh instance uses the real D1 sink
    await withClock(cmd.runId, new ManualClock(T0 + 1_500));
    await runDurableObjectAlarm(runStub(cmd.runId));
    expect(await inD1()).toEqual({ status: "completed" });
    const steps = await env.DB.prepare("SELECT step_index, status FROM run_steps WHERE run_id = ? ORDER BY step_index").bind(cmd.runId).all();
    expect(steps.results).toEqual([0, 1, 2].map((i) => ({ step_index: i, status: "completed" })));
    expect(await alarmOf(cmd.runId)).toBeNull();
  });

  it("writes finished runs and their steps to D1", async () => {
    const cmd = command("echo-steps", { steps: 2, effectEvery: 1 });
    await runStub(cmd.runId).submit(cmd);
    await runInDurableObject(runStub(cmd.runId), () => undefined);
    const row = await env.DB.prepare("SELECT status, steps, tool_calls, tenant_id FROM runs WHERE id = ?").bind(cmd.runId).first();
    expect(row).toEqual({ status: "completed", steps: 2, tool_calls: 2, tenant_id: "demo" });
  });
});
