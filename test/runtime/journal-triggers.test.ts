/**
 * The step journal's triggers (src/runtime/journal-triggers.ts) write a step's
 * run event and history entry and move the run row, in the statement that
 * writes the step. These are the payloads the SSE stream, the trace and D1
 * read: held to their exact shapes here, on the object's real SQLite.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RunStore } from "../../src/runtime/run-store";

const T0 = Date.UTC(2026, 11, 2, 13, 32, 22, 828);

/** A RunStore with one run on a fresh object's storage. */
function withRun<T>(fn: (store: RunStore, sql: SqlStorage) => T) {
  const stub = env.RUNS.get(env.RUNS.newUniqueId());
  return runInDurableObject(stub, (_obj: unknown, state) => {
    const store = new RunStore(state.storage.sql);
    store.createRun({
      id: "run_triggers", tenantId: "demo", agent: "echo-steps", agentVersion: "1", input: { steps: 2 }, requestHash: "h",
      idempotencyKey: null, createdAt: T0, deadlineAt: T0 + 60_000, options: {},
    });
    return fn(store, state.storage.sql);
  });
}

const events = (sql: SqlStorage) =>
  sql.exec<{ type: string; at: number; data: string }>("SELECT type, at, data FROM events WHERE type LIKE 'step.%' ORDER BY id").toArray().map((r) => ({ type: r.type, at: r.at, data: JSON.parse(r.data) }));
const stepEntries = (sql: SqlStorage) =>
  sql.exec<{ key: string; kind: string; payload: string }>("SELECT key, kind, payload FROM outbox WHERE kind = 'step' ORDER BY seq").toArray().map((r) => ({ key: r.key, kind: r.kind, payload: JSON.parse(r.payload) }));

describe("the step journal's triggers", () => {
  it("a completed step: its two events, its history entry and the run moved past it", async () => {
    const result = await withRun((store, sql) => {
      store.startStep({ index: 0, name: "classify", kind: "model", attempt: 1, inputSummary: "3 items" }, T0 + 5);
      store.completeStep(0, { ok: true }, "all fine", T0 + 47, false);
      const run = sql.exec<{ next_step: number; steps: number; updated_at: number }>("SELECT next_step, steps, updated_at FROM run").one();
      return { events: events(sql), entries: stepEntries(sql), run: { ...run }, mirror: store.getRun() };
    });
    expect(result.events).toEqual([
      { type: "step.started", at: T0 + 5, data: { index: 0, name: "classify", kind: "model", attempt: 1, startedAt: "2026-12-02T13:32:22.833Z", inputSummary: "3 items" } },
      {
        type: "step.finished",
        at: T0 + 47,
        data: {
          index: 0, name: "classify", kind: "model", attempt: 1, status: "completed", startedAt: "2026-12-02T13:32:22.833Z",
          finishedAt: "2026-12-02T13:32:22.875Z", durationMs: 42, retryAt: null, outputSummary: "all fine", error: null,
        },
      },
    ]);
    expect(result.entries).toEqual([
      {
        key: "step:0",
        kind: "step",
        payload: {
          runId: "run_triggers", stepIndex: 0, name: "classify", kind: "model", status: "completed", attempt: 1,
          startedAt: T0 + 5, finishedAt: T0 + 47, durationMs: 42, outputSummary: "all fine", error: null,
        },
      },
    ]);
    expect(result.run).toEqual({ next_step: 1, steps: 1, updated_at: T0 + 47 });
    expect(result.mirror).toMatchObject({ nextStep: 1, steps: 1, updatedAt: T0 + 47 });
  });

  it("a retry and a failure carry the error and the retry time; a restarted attempt announces itself again; the run does not move", async () => {
    const error = { code: "UPSTREAM_DOWN", message: "the ledger did not answer", retryable: true };
    const result = await withRun((store, sql) => {
      store.startStep({ index: 0, name: "pay", kind: "tool", attempt: 1, inputSummary: null }, T0);
      store.retryStep(0, error, T0 + 1_000, T0 + 10);
      store.startStep({ index: 0, name: "pay", kind: "tool", attempt: 2, inputSummary: null }, T0 + 1_000);
      store.failStep(0, { ...error, retryable: false }, T0 + 1_020);
      const run = sql.exec<{ next_step: number; steps: number }>("SELECT next_step, steps FROM run").one();
      return { events: events(sql), entries: stepEntries(sql), run: { ...run } };
    });
    expect(result.events.map((e) => [e.type, e.data.attempt, e.data.status ?? null])).toEqual([
      ["step.started", 1, null],
      ["step.finished", 1, "retrying"],
      ["step.started", 2, null],
      ["step.finished", 2, "failed"],
    ]);
    expect(result.events[1]!.data).toMatchObject({ retryAt: "2026-12-02T13:32:23.828Z", durationMs: 10, error, outputSummary: null });
    expect(result.events[3]!.data).toMatchObject({ retryAt: null, error: { ...error, retryable: false } });
    // One entry per step: the newer attempt replaced the older one.
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]!.payload).toMatchObject({ status: "failed", attempt: 2, error: { ...error, retryable: false }, durationMs: 20 });
    expect(result.run).toEqual({ next_step: 0, steps: 0 });
  });

  it("a model call: its event and the run's usage, once per journaled call", async () => {
    const call = {
      key: "m1", stepIndex: 0, model: "embedded/small", response: { id: "r" }, promptTokens: 120, completionTokens: 8,
      costMicroUsd: 37, latencyMs: 4, cacheStatus: null, logId: null, createdAt: T0 + 9,
    };
    const result = await withRun((store, sql) => {
      store.startStep({ index: 0, name: "classify", kind: "model", attempt: 1, inputSummary: null }, T0);
      store.recordModelCall(call, "res-1");
      store.recordModelCall({ ...call, key: "m2", costMicroUsd: 5, cacheStatus: "HIT" }, "res-1");
      const run = sql.exec<{ model_calls: number; cost_micro_usd: number }>("SELECT model_calls, cost_micro_usd FROM run").one();
      const modelEvents = sql.exec<{ at: number; data: string }>("SELECT at, data FROM events WHERE type = 'model.called' ORDER BY id").toArray();
      return { run: { ...run }, mirror: store.getRun(), events: modelEvents.map((e) => ({ at: e.at, data: JSON.parse(e.data) })) };
    });
    expect(result.events[0]).toEqual({
      at: T0 + 9,
      data: { stepIndex: 0, model: "embedded/small", promptTokens: 120, completionTokens: 8, costMicroUsd: 37, latencyMs: 4, cacheStatus: null, at: "2026-12-02T13:32:22.837Z" },
    });
    expect(result.events[1]!.data).toMatchObject({ costMicroUsd: 5, cacheStatus: "HIT" });
    expect(result.run).toEqual({ model_calls: 2, cost_micro_usd: 42 });
    expect(result.mirror).toMatchObject({ modelCalls: 2, costMicroUsd: 42 });
  });

  it("writes times exactly as Date.prototype.toISOString does", async () => {
    // Milliseconds that binary floating point cannot hold exactly (.001, .999, ...), and a spread of dates.
    const times = [0, 1, 999, 1_000, T0, T0 + 1, T0 + 999, Date.UTC(2038, 0, 19, 3, 14, 7, 999), Date.UTC(2099, 11, 31, 23, 59, 59, 999)];
    for (let i = 0; i < 200; i++) times.push(Math.floor(T0 + (i - 100) * 86_400_000 * 37.3 + i * 7));
    const written = await withRun((store, sql) => {
      times.forEach((t, index) => store.startStep({ index, name: `s${index}`, kind: "guard", attempt: 1, inputSummary: null }, t));
      return events(sql).map((e) => e.data.startedAt as string);
    });
    expect(written).toEqual(times.map((t) => new Date(t).toISOString()));
  });

  it("a run journaled before the triggers existed gets them with its next instance", async () => {
    const result = await withRun((store, sql) => {
      for (const name of ["step_started", "step_restarted", "step_ended"]) sql.exec(`DROP TRIGGER ${name}`);
      const again = new RunStore(sql);
      again.startStep({ index: 0, name: "classify", kind: "model", attempt: 1, inputSummary: null }, T0);
      again.completeStep(0, null, "done", T0 + 3, false);
      return { events: events(sql).map((e) => e.type), entries: stepEntries(sql).length, nextStep: again.getRun()?.nextStep };
    });
    expect(result).toEqual({ events: ["step.started", "step.finished"], entries: 1, nextStep: 1 });
  });
});
