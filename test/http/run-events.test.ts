/**
 * GET /v1/runs/{runId}/events: a run's events as Server-Sent Events, read as a
 * client reads them: live while the run works, replayed once it rests,
 * resumable with Last-Event-ID, ended at the rest, and a 404 for anyone
 * but the run's tenant.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/runtime/clock";
import { runEventsClient } from "../../src/runtime/events/client";
import { FOLLOW_DEFAULTS, followRun } from "../../src/runtime/events/follow";
import { call, startRun } from "../support/http";
import { newScope, script } from "../support/model-standin";
import { command, runStub } from "../support/runs";
import { SseReader, type SseEvent } from "../support/sse";
import { newTenant } from "../support/tenants";
import { driveWithModel, withModel } from "../support/tool-agents";

const REVIEWER = "dev-reviewer-token";

function openEvents(runId: string, init: { key?: string; lastEventId?: string } = {}) {
  const headers: Record<string, string> = { Accept: "text/event-stream" };
  if (init.lastEventId !== undefined) headers["Last-Event-ID"] = init.lastEventId;
  return call(`/v1/runs/${runId}/events`, { key: init.key, headers });
}

async function allEvents(runId: string, lastEventId?: string): Promise<SseEvent[]> {
  const res = await openEvents(runId, { lastEventId });
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toContain("text/event-stream");
  return new SseReader(res).rest();
}

const names = (events: SseEvent[]) => events.map((e) => e.event);

async function runView(runId: string) {
  const res = await call(`/v1/runs/${runId}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe("run events (SSE)", () => {
  it("streams a live echo-steps run to its end: started, each step, the retry, the tool call, finished with the run", async () => {
    // Step 1 fails once and retries a second later: the run is mid-way while the stream is open.
    const { body } = await startRun("echo-steps", { steps: 3, effectEvery: 2, retryDelayMs: 1_000, failures: [{ step: 1, times: 1 }] });
    const reader = new SseReader(await openEvents(body.runId));
    const seen: SseEvent[] = [];
    for (let e = await reader.next(); e; e = await reader.next()) {
      seen.push(e);
      if (e.event === "step.finished" && e.data.status === "retrying") break;
    }
    // The stream is still open while the run waits for its retry.
    expect(((await runView(body.runId)) as any).status).toBe("running");
    // The retry is the alarm's: once it is due, fire it (if the platform has not already).
    await new Promise((r) => setTimeout(r, Date.parse(seen.at(-1)!.data.retryAt) - Date.now() + 50));
    await runDurableObjectAlarm(runStub(body.runId));
    seen.push(...(await reader.rest()));

    expect(names(seen)).toEqual([
      "run.started",
      "step.started", "step.finished",
      "step.started", "step.finished", // step 1, attempt 1: retrying
      "step.started", "tool.called", "step.finished", // step 1, attempt 2, with its side effect
      "step.started", "step.finished",
      "run.finished",
    ]);
    expect(seen.filter((e) => e.event === "step.finished").map((e) => [e.data.index, e.data.attempt, e.data.status])).toEqual([
      [0, 1, "completed"], [1, 1, "retrying"], [1, 2, "completed"], [2, 1, "completed"],
    ]);
    expect(seen[4]!.data).toMatchObject({ name: "echo-1", error: { code: "ECHO_INJECTED_FAILURE" }, retryAt: expect.any(String) });
    expect(seen[6]!.data).toMatchObject({ tool: "echoEffect", stepIndex: 1, status: "done", sideEffect: true });
    // Ids only grow, and the last event is the run exactly as GET /v1/runs/{id} answers it.
    const ids = seen.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen.at(-1)!.data).toEqual(await runView(body.runId));
    expect(seen.at(-1)!.data).toMatchObject({ status: "completed", usage: { steps: 3 } });
  });

  it("replays a finished run and ends; Last-Event-ID resumes after that event with nothing twice", async () => {
    const { body } = await startRun("echo-steps", { steps: 4, effectEvery: 0 }, { Prefer: "wait=10" });
    expect(body.status).toBe("completed");
    const all = await allEvents(body.runId);
    expect(names(all)).toEqual(["run.started", ...Array(4).fill(["step.started", "step.finished"]).flat(), "run.finished"]);
    // A replay is the same stream again.
    expect(await allEvents(body.runId)).toEqual(all);

    const resumed = await allEvents(body.runId, all[3]!.id!);
    expect(resumed).toEqual(all.slice(4));
    // After the last event there is nothing left: the stream ends at once.
    expect(await allEvents(body.runId, all.at(-1)!.id!)).toEqual([]);
  });

  it("shows a tool-calling agent's model calls and tool calls", async () => {
    const scope = await newScope();
    await script(scope, {
      answers: [
        { tool_calls: [{ id: "c1", name: "lookup", arguments: { id: "A" } }] },
        { tool_calls: [{ id: "c2", name: "pay", arguments: { reportId: "R-1", amountCents: 100 } }] },
        JSON.stringify({ done: true, summary: "paid" }),
      ],
    });
    const cmd = command("tool-loop", { task: "look up A, pay R-1" });
    await withModel(cmd.runId, scope);
    await runStub(cmd.runId).submit(cmd);
    expect(await driveWithModel(cmd.runId, scope)).toMatchObject({ status: "completed" });

    const events = await allEvents(cmd.runId);
    const models = events.filter((e) => e.event === "model.called");
    expect(models).toHaveLength(3);
    expect(models[0]!.data).toMatchObject({ stepIndex: 0, model: "openai-compatible/tier-small", promptTokens: expect.any(Number), costMicroUsd: expect.any(Number) });
    const tools = events.filter((e) => e.event === "tool.called").map((e) => e.data);
    expect(tools).toMatchObject([
      { tool: "lookup", sideEffect: false, status: "done" },
      { tool: "pay", sideEffect: true, status: "done", idempotencyKey: `${cmd.runId}:turn-1:c2` },
    ]);
    // Each call is announced inside its step: after that step started, before it finished.
    const lookupAt = events.findIndex((e) => e.event === "tool.called");
    expect(events[lookupAt - 1]).toMatchObject({ event: "step.started", data: { name: "turn-0:c1" } });
    expect(events[lookupAt + 1]).toMatchObject({ event: "step.finished", data: { name: "turn-0:c1", status: "completed" } });
    expect(events.at(-1)!.event).toBe("run.finished");
  });

  it("ends with run.waiting_for_review while a person decides; after the decision a reconnect continues with run.resumed", async () => {
    const scope = await newScope();
    await script(scope, {
      fn: `(req) => req.messages.some((m) => m.role === "tool")
        ? JSON.stringify({ done: true, summary: "paid" })
        : { tool_calls: [{ id: "c_pay", name: "pay", arguments: { reportId: "R-9", amountCents: 5000 } }] }`,
    });
    const cmd = command("tool-loop-approval", { task: "pay R-9" });
    await withModel(cmd.runId, scope);
    await runStub(cmd.runId).submit(cmd);

    const first = await allEvents(cmd.runId);
    expect(first.at(-1)).toMatchObject({ event: "run.waiting_for_review", data: { status: "waiting_for_review", stopReason: "REVIEW_REQUIRED" } });
    expect(names(first)).not.toContain("run.finished");
    // Still waiting: a reconnect after the last event has nothing to add and ends.
    expect(await allEvents(cmd.runId, first.at(-1)!.id!)).toEqual([]);

    let reviewId: string | undefined;
    for (let i = 0; i < 100 && !reviewId; i++) {
      reviewId = (await env.DB.prepare("SELECT id FROM review_items WHERE run_id = ?").bind(cmd.runId).first<{ id: string }>())?.id;
      if (!reviewId) await new Promise((r) => setTimeout(r, 50));
    }
    const decided = await call(`/v1/reviews/${reviewId}/decision`, { method: "POST", key: REVIEWER, json: { decision: "approve", comment: "ok" } });
    expect(decided.status).toBe(200);

    const after = await allEvents(cmd.runId, first.at(-1)!.id!);
    expect(after[0]).toMatchObject({ event: "run.resumed", data: { status: "running" } });
    expect(names(after)).toContain("tool.called");
    expect(after.at(-1)).toMatchObject({ event: "run.finished", data: { status: "completed" } });
    const ids = [...first, ...after].map((e) => Number(e.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("answers another tenant's run exactly like a missing run (404), and refuses without a key", async () => {
    const { body } = await startRun("echo-steps", { steps: 1, effectEvery: 0 }, { Prefer: "wait=10" });
    const other = await newTenant();
    const foreign = await openEvents(body.runId, { key: other.key });
    expect(foreign.status).toBe(404);
    const foreignBody = (await foreign.json()) as any;
    expect(foreignBody.error.code).toBe("RUN_NOT_FOUND");
    const missingId = "run_00000000000000000000000000";
    const missing = (await (await openEvents(missingId, { key: other.key })).json()) as any;
    expect(foreignBody.error.message.replace(body.runId, "X")).toBe(missing.error.message.replace(missingId, "X"));
    // The other tenant's own run streams for it, and is a 404 for the demo tenant.
    const own = await call("/v1/agents/echo-steps/runs", { method: "POST", key: other.key, json: { input: { steps: 1, effectEvery: 0 } }, headers: { Prefer: "wait=10" } });
    const ownRun = (await own.json()) as any;
    expect(names(await new SseReader(await openEvents(ownRun.runId, { key: other.key })).rest())).toContain("run.finished");
    expect((await openEvents(ownRun.runId)).status).toBe(404);

    expect((await call(`/v1/runs/${body.runId}/events`, { key: null })).status).toBe(401);
  });

  it("refuses a Last-Event-ID that is not an event id with 422", async () => {
    const { body } = await startRun("echo-steps", { steps: 1, effectEvery: 0 }, { Prefer: "wait=10" });
    const res = await openEvents(body.runId, { lastEventId: "abc" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).error.code).toBe("INVALID_INPUT");
  });

  it("while a run works but nothing happens, sends a heartbeat every 15 s and ends after its time cap (the client resumes)", async () => {
    // Retrying in an hour: the run is working, and its log stays quiet.
    const { body } = await startRun("echo-steps", { steps: 2, effectEvery: 0, retryDelayMs: 3_600_000, failures: [{ step: 1, times: 1 }] });
    const client = runEventsClient(env, body.runId);
    const clock = new ManualClock(0);
    const sent: number[] = [];
    const beats: number[] = [];
    const first = (await client.events("demo", 0, 200))!;
    const end = await followRun(first, 0, {
      read: (after) => client.events("demo", after, 200),
      send: async (e) => void sent.push(e.id),
      heartbeat: async () => void beats.push(clock.now()),
      sleep: async (ms) => clock.advance(ms),
      stopped: () => false,
    }, clock, { ...FOLLOW_DEFAULTS, maxMs: 60_000 });
    expect(end).toBe("timeout");
    expect(sent).toEqual([1, 2, 3, 4, 5]); // started, step 0, step 1's failed attempt
    expect(beats).toEqual([15_000, 30_000, 45_000, 60_000]);
    expect(first.rested).toBe(false);
  });
});
