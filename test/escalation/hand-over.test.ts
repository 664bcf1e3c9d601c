/**
 * Item 17: a run waiting for a person always has its review item, whatever
 * dies during the hand-over. The queue here accepts messages and loses them
 * (what the local queue did when workerd was killed mid-burst), so an item can
 * only come from the run's own outbox writing it to D1.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { reviewIdFor } from "../../src/escalation/messages";
import { repairReviewItems } from "../../src/escalation/repair";
import { PlatformSink } from "../../src/runtime/delivery";
import type { HistorySink } from "../../src/runtime/outbox";
import type { RunDurableObject } from "../../src/runtime/run-object";
import { call } from "../support/http";
import { command, effectRows, instrument, runStub } from "../support/runs";

const REVIEWER = "dev-reviewer-token";
/** A shadow-stage run: its first side effect waits for a person; after approval it runs and the run completes. */
const shadowRun = () => command("echo-steps", { steps: 2, effectEvery: 1 }, { options: { stage: "shadow", reviewGate: "SHADOW" } });

/** Accepts every message and delivers none. */
const lossyQueue = (onSend: () => Promise<void> | void = () => undefined) => ({ sendBatch: async () => onSend() }) as unknown as Queue;
const lossySink = (onSend?: () => Promise<void> | void): HistorySink => new PlatformSink({ DB: env.DB, ESCALATIONS: lossyQueue(onSend) });

const itemOf = (runId: string) =>
  env.DB.prepare("SELECT id, status, reasons, priority FROM review_items WHERE run_id = ?").bind(runId).first<{ id: string; status: string; reasons: string; priority: number }>();
const d1RunStatus = async (runId: string) => (await env.DB.prepare("SELECT status FROM runs WHERE id = ?").bind(runId).first<{ status: string }>())?.status ?? null;

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, tries = 100): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !ok(value); i++) {
    await new Promise((r) => setTimeout(r, 30));
    value = await read();
  }
  return value;
}

const pending = (runId: string) => runInDurableObject(runStub(runId), (obj: RunDurableObject) => obj.outbox.pendingCount());

/** The item is there, open, with the run's reasons, and a decision through the API finishes the run. */
async function expectDecidable(runId: string) {
  expect(await itemOf(runId)).toEqual({ id: reviewIdFor(runId), status: "open", reasons: JSON.stringify(["SHADOW"]), priority: 2 });
  const decided = await call(`/v1/reviews/${reviewIdFor(runId)}/decision`, { method: "POST", key: REVIEWER, json: { decision: "approve", comment: "Checked." } });
  expect(decided.status).toBe(200);
  expect(((await decided.json()) as { run: { status: string } }).run.status).toBe("completed");
  expect(await effectRows(runId)).toBe(1);
}

describe("the hand-over from a paused run to a person", () => {
  it("writes the review item with the run row, before the queue send; a failing send keeps the message for later", async () => {
    const cmd = shadowRun();
    await instrument(cmd.runId, (obj) => {
      obj.historySink = new PlatformSink({ DB: env.DB, ESCALATIONS: { sendBatch: () => Promise.reject(new Error("queue down (injected)")) } as unknown as Queue });
    });
    const result = await runStub(cmd.runId).submit(cmd);
    expect(result).toMatchObject({ kind: "accepted", run: { status: "waiting_for_review" } });

    expect(await eventually(() => itemOf(cmd.runId), (row) => row !== null)).toMatchObject({ status: "open" });
    expect(await d1RunStatus(cmd.runId)).toBe("waiting_for_review");
    expect(await pending(cmd.runId)).toBeGreaterThan(0); // the message is still owed to the queue

    // The queue is back: the retry sends it, the D1 write repeats harmlessly.
    await instrument(cmd.runId, (obj) => {
      obj.historySink = new PlatformSink(env);
      return obj.outbox.flush(obj.historySink, Date.now());
    });
    expect(await pending(cmd.runId)).toBe(0);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM review_items WHERE run_id = ?").bind(cmd.runId).first<{ n: number }>();
    expect(n?.n).toBe(1);
    await expectDecidable(cmd.runId);
  });

  it("survives a queue that accepts the message and loses it", async () => {
    const cmd = shadowRun();
    await instrument(cmd.runId, (obj) => {
      obj.historySink = lossySink();
    });
    await runStub(cmd.runId).submit(cmd);
    await eventually(() => pending(cmd.runId), (n) => n === 0);
    await expectDecidable(cmd.runId);
  });

  it.each(["before the D1 write", "between the D1 write and the queue send"] as const)("survives the runtime dying %s, right after the run paused", async (point) => {
    const cmd = shadowRun();
    const died = () => Promise.reject(new Error("the runtime died (injected)"));
    await instrument(cmd.runId, (obj) => {
      obj.historySink = point === "before the D1 write" ? { deliver: died } : new PlatformSink({ DB: env.DB, ESCALATIONS: { sendBatch: died } as unknown as Queue });
    });
    expect(await runStub(cmd.runId).submit(cmd)).toMatchObject({ run: { status: "waiting_for_review" } });
    const stuck = () => runInDurableObject(runStub(cmd.runId), (obj: RunDurableObject) => obj.outbox.lastError());
    expect(await eventually(stuck, (e) => e !== null)).toContain("injected");

    // The runtime dies: memory is gone, storage (journal, outbox, alarm) stays.
    await runInDurableObject(runStub(cmd.runId), (_obj, state) => state.abort("simulated crash")).catch(() => "crashed");
    await instrument(cmd.runId, (obj) => {
      obj.historySink = lossySink();
    });
    expect((await runStub(cmd.runId).view("demo"))?.status).toBe("waiting_for_review");
    await new Promise((r) => setTimeout(r, 600)); // the outbox's first retry is due after 500 ms
    await runDurableObjectAlarm(runStub(cmd.runId));
    expect(await pending(cmd.runId)).toBe(0);
    await expectDecidable(cmd.runId);
  });
});

describe("the review repair sweep", () => {
  it("re-creates a missing item from the run object, so the run can be decided", async () => {
    const cmd = shadowRun();
    await runStub(cmd.runId).submit(cmd);
    await eventually(() => itemOf(cmd.runId), (row) => row !== null);
    await env.DB.prepare("DELETE FROM review_items WHERE run_id = ?").bind(cmd.runId).run(); // the gap, by hand
    expect((await call(`/v1/reviews/${reviewIdFor(cmd.runId)}/decision`, { method: "POST", key: REVIEWER, json: { decision: "approve", comment: "x" } })).status).toBe(404);

    const report = await repairReviewItems(env);
    expect(report.requeued).toBeGreaterThanOrEqual(1);
    await expectDecidable(cmd.runId);
    // Nothing left to repair for this run.
    expect((await repairReviewItems(env)).gaps).toBe(0);
  });

  it("sends the run's current row again when D1 is behind (the run was cancelled), and leaves evaluation runs alone", async () => {
    const cmd = shadowRun();
    await runStub(cmd.runId).submit(cmd);
    await eventually(() => itemOf(cmd.runId), (row) => row !== null);
    expect((await runStub(cmd.runId).cancel("demo")).kind).toBe("cancelled");
    // D1 lost the cancel (by hand): it shows the run waiting, without an item.
    await env.DB.prepare("UPDATE runs SET status = 'waiting_for_review' WHERE id = ?").bind(cmd.runId).run();
    await env.DB.prepare("DELETE FROM review_items WHERE run_id = ?").bind(cmd.runId).run();

    const evaluation = command("echo-steps", { steps: 2, effectEvery: 1 }, { options: { reviewGate: "SHADOW", evaluation: "eval_sweep" } });
    await runStub(evaluation.runId).submit(evaluation);
    expect(await eventually(() => d1RunStatus(evaluation.runId), (s) => s === "waiting_for_review")).toBe("waiting_for_review");

    const report = await repairReviewItems(env);
    expect(report.refreshed).toBeGreaterThanOrEqual(1);
    expect(await d1RunStatus(cmd.runId)).toBe("cancelled");
    expect(await itemOf(evaluation.runId)).toBeNull();
  });
});

describe("a decision the object took but D1 never heard of", () => {
  it("reaches the review item through the run's outbox (the worker that took it died before writing D1)", async () => {
    const cmd = shadowRun();
    await runStub(cmd.runId).submit(cmd);
    expect(await eventually(() => itemOf(cmd.runId), (row) => row !== null)).toMatchObject({ status: "open" });

    // Straight to the object, as if the worker died right after it answered: nothing writes D1 but the outbox.
    const review = { decision: "approve" as const, comment: "Checked.", reviewer: "reviewer:test", decidedAt: Date.now() };
    const resumed = await runStub(cmd.runId).resolveReview(cmd.tenantId, review, 10_000);
    expect(resumed).toMatchObject({ kind: "resumed", run: { status: "completed" } });

    const item = await eventually(() => itemOf(cmd.runId), (row) => row?.status === "decided");
    expect(item?.status).toBe("decided");
    const row = await env.DB.prepare("SELECT decision, decided_by FROM review_items WHERE run_id = ?").bind(cmd.runId).first();
    expect(row).toEqual({ decision: "approve", decided_by: "reviewer:test" });
  });
});
