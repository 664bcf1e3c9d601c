import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { D1HistorySink, OUTBOX_KIND, type RunHistoryRow } from "../../src/db/history-sink";
import { changeStage } from "../../src/deployment/promotion";
import { reviewIdFor, type EscalationMessage } from "../../src/escalation/messages";
import { newRunId } from "../../src/runtime/ids";
import type { OutboxEntry } from "../../src/runtime/outbox";
import { DELIVERY_POLICY } from "../../src/webhooks/consumer";
import { sweepWebhookDeliveries } from "../../src/webhooks/sweep";
import { startRun } from "../support/http";
import { consumeOnce, createWebhook, deliveriesOf, inbox, otherTenant, verifiesWith, waitFor } from "./support";

const PERSONAL = "Ada Park, flat 3, 12 Rue de la Paix";

function runRow(overrides: Partial<RunHistoryRow> = {}): RunHistoryRow {
  const now = Date.now();
  return {
    id: newRunId(), tenantId: "demo", agent: "echo-steps", agentVersion: "1.0.0", status: "completed",
    input: { payload: PERSONAL }, outcome: { echoed: 2, effects: 1, payload: PERSONAL, decision: "approve" },
    createdAt: now, updatedAt: now, ...overrides,
  };
}
const runEntry = (row: RunHistoryRow): OutboxEntry => ({ key: "run", kind: OUTBOX_KIND.run, payload: row });
/** The sink without a queue: these tests drive the consumer by hand, message by message. */
const sink = (now?: () => number) => new D1HistorySink(env.DB, undefined, now);

async function deliveryRows(webhookId: string) {
  return (await env.DB.prepare("SELECT id, event_type, status, attempts, dead_at, last_error FROM webhook_deliveries WHERE webhook_id = ?").bind(webhookId).all<any>()).results;
}

// Subscriptions made here must not receive events of other test files sharing the database.
afterAll(() => env.DB.prepare("DELETE FROM webhooks").run());

describe("webhook deliveries", () => {
  it("delivers a finished run through the queue, signed per Standard Webhooks, without the run's personal text", async () => {
    const box = inbox();
    await box.configure({ failFirst: 1 }); // the receiver is down for the first attempt: the queue retries
    const hook = await createWebhook(box.url, ["run.completed"]);
    const { body } = await startRun("echo-steps", { steps: 2, payload: PERSONAL }, { Prefer: "wait=10" });
    expect(body.status).toBe("completed");

    const received = await waitFor(async () => {
      const got = await box.received();
      return got.some((r) => r.answered === 200) ? got : null;
    });
    expect(received.map((r) => r.answered)).toEqual([503, 200]);
    const ok = received[1]!;
    expect(received[0]!.headers["webhook-id"]).toBe(ok.headers["webhook-id"]);
    expect(ok.headers["content-type"]).toBe("application/json");
    expect(Math.abs(Number(ok.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(ok.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(await verifiesWith(hook.secret, ok.headers, ok.rawBody)).toBe(true);
    expect(await verifiesWith(hook.secret, ok.headers, ok.rawBody.replace("completed", "failed"))).toBe(false);

    const payload = JSON.parse(ok.rawBody);
    expect(payload).toMatchObject({
      type: "run.completed",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { runId: body.runId, agent: "echo-steps", status: "completed", outcome: { echoed: 2 }, link: `http://runtime.test/v1/runs/${body.runId}` },
    });
    expect(ok.rawBody).not.toContain("Ada Park");

    const { body: listed } = await waitFor(async () => {
      const d = await deliveriesOf(hook.id);
      return d.body.items[0]?.status === "delivered" ? d : null;
    });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ id: ok.headers["webhook-id"], eventType: "run.completed", attempts: 2, deliveredAt: expect.any(String) });
    expect(listed.items[0].attemptLog.map((a: any) => a.statusCode)).toEqual([503, 200]);
  });

  it("a receiver failing the first 2 attempts gets the event on the 3rd, with exponential delays and every attempt listed", async () => {
    const box = inbox();
    await box.configure({ failFirst: 2, status: 500 });
    const hook = await createWebhook(box.url, ["run.completed"]);
    await sink().deliver([runEntry(runRow())]);
    const [delivery] = await deliveryRows(hook.id);

    const first = await consumeOnce(delivery.id, 1);
    expect(first.retryDelays).toEqual([2]);
    const second = await consumeOnce(delivery.id, 2);
    expect(second.retryDelays).toEqual([4]);
    const third = await consumeOnce(delivery.id, 3);
    expect(third.retryMessages).toEqual([]);
    expect(third.explicitAcks).toHaveLength(1);

    const received = await box.received();
    expect(received.map((r) => r.answered)).toEqual([500, 500, 200]);
    for (const r of received) expect(await verifiesWith(hook.secret, r.headers, r.rawBody)).toBe(true);
    const { body } = await deliveriesOf(hook.id);
    expect(body.items[0]).toMatchObject({ status: "delivered", attempts: 3 });
    expect(body.items[0].attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 500, error: "receiver answered HTTP 500" }),
      expect.objectContaining({ attempt: 2, statusCode: 500 }),
      expect.objectContaining({ attempt: 3, statusCode: 200, error: null }),
    ]);

    // A late duplicate message changes nothing.
    await consumeOnce(delivery.id, 4);
    expect(await box.received()).toHaveLength(3);
  });

  it("a receiver that never recovers ends dead after the attempt limit, recorded in D1", async () => {
    const box = inbox();
    await box.configure({ alwaysFail: true });
    const hook = await createWebhook(box.url, ["run.failed"]);
    await sink().deliver([runEntry(runRow({ status: "failed", stopReason: "STEP_FAILED", outcome: null }))]);
    const [delivery] = await deliveryRows(hook.id);
    for (let attempt = 1; attempt < DELIVERY_POLICY.maxAttempts; attempt++) {
      const result = await consumeOnce(delivery.id, attempt);
      expect(result.retryDelays).toEqual([Math.min(DELIVERY_POLICY.maxDelaySeconds, 2 ** attempt)]);
    }
    const last = await consumeOnce(delivery.id, DELIVERY_POLICY.maxAttempts);
    expect(last.retryMessages).toEqual([]);
    const [dead] = await deliveryRows(hook.id);
    expect(dead).toMatchObject({ status: "dead", attempts: DELIVERY_POLICY.maxAttempts, last_error: "receiver answered HTTP 503", dead_at: expect.any(Number) });
    const attempts = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_attempts WHERE delivery_id = ?").bind(delivery.id).first<{ n: number }>();
    expect(attempts?.n).toBe(DELIVERY_POLICY.maxAttempts);
    // Dead is final: another message sends nothing.
    await consumeOnce(delivery.id, 1);
    expect(await box.received()).toHaveLength(DELIVERY_POLICY.maxAttempts);
    expect((await deliveriesOf(hook.id)).body.items[0]).toMatchObject({ status: "dead", deadAt: expect.any(String) });
  });

  it("redelivered outbox entries and repeated run snapshots never duplicate a delivery", async () => {
    const hook = await createWebhook(inbox().url, ["run.completed", "run.waiting_for_review"]);
    const row = runRow({ status: "running" });
    await sink().deliver([runEntry(row)]);
    expect(await deliveryRows(hook.id)).toHaveLength(0);
    const done = runRow({ ...row, status: "completed", updatedAt: row.updatedAt + 5 });
    await sink().deliver([runEntry(done)]);
    await sink().deliver([runEntry(done)]);
    await sink().deliver([runEntry({ ...done, updatedAt: done.updatedAt + 1, steps: 9 })]);
    expect((await deliveryRows(hook.id)).map((d) => d.event_type)).toEqual(["run.completed"]);

    // Each review round is its own event; the same round again is not.
    const escalation = (round: number): OutboxEntry => ({
      key: "escalation",
      kind: OUTBOX_KIND.escalation,
      payload: { runId: done.id, tenantId: "demo", agent: "echo-steps", reasons: ["REVIEW_THRESHOLD"], priority: 2, proposal: null, subject: {}, escalatedAt: Date.now(), round } satisfies EscalationMessage,
    });
    await sink().deliver([escalation(1)]);
    await sink().deliver([escalation(1)]);
    await sink().deliver([escalation(2)]);
    const events = (await env.DB.prepare("SELECT event_id FROM webhook_deliveries WHERE webhook_id = ? ORDER BY event_id").bind(hook.id).all<{ event_id: string }>()).results;
    expect(events.map((e) => e.event_id)).toEqual([`run.completed:${done.id}`, `run.waiting_for_review:${done.id}:1`, `run.waiting_for_review:${done.id}:2`]);
  });

  it("sends each subscription only the events it asked for, and only its own tenant's", async () => {
    const runs = await createWebhook(inbox().url, ["run.completed"]);
    const breakers = await createWebhook(inbox().url, ["breaker.opened", "breaker.closed"]);
    const reviews = await createWebhook(inbox().url, ["run.waiting_for_review", "review.decided"]);
    const other = await otherTenant();
    const theirs = await createWebhook(inbox().url, ["run.completed", "breaker.opened", "review.decided"], other.key);

    const run = runRow();
    const breaker = (to: string) => ({
      key: `breaker:${to}`,
      kind: OUTBOX_KIND.breakerTransition,
      payload: { id: crypto.randomUUID(), tenantId: "demo", agent: "echo-steps", fromState: "closed", toState: to, reason: "quality drop", actor: "system", evidence: {}, at: Date.now() },
    });
    const message: EscalationMessage = { runId: run.id, tenantId: "demo", agent: "echo-steps", reasons: ["AUDIT_SAMPLE"], priority: 3, proposal: null, subject: { employee: PERSONAL }, escalatedAt: Date.now(), round: 1 };
    const reviewId = reviewIdFor(run.id, 1);
    await sink().deliver([runEntry(run), breaker("open"), breaker("half_open"), { key: "escalation", kind: OUTBOX_KIND.escalation, payload: message }]);
    await sink().deliver([
      { key: "review:decided", kind: OUTBOX_KIND.reviewDecided, payload: { reviewId, decision: "approve", comment: `call ${PERSONAL}`, decidedBy: "local reviewer (key_demo_reviewer)", decidedAt: Date.now(), agreement: {} } },
    ]);

    expect((await deliveryRows(runs.id)).map((d) => d.event_type)).toEqual(["run.completed"]);
    expect((await deliveryRows(breakers.id)).map((d) => d.event_type)).toEqual(["breaker.opened"]);
    expect((await deliveryRows(reviews.id)).map((d) => d.event_type).sort()).toEqual(["review.decided", "run.waiting_for_review"]);
    expect(await deliveryRows(theirs.id)).toEqual([]);

    const decided = (await deliveriesOf(reviews.id)).body.items.find((d: any) => d.eventType === "review.decided");
    expect(decided.payload).toMatchObject({
      type: "review.decided",
      data: { reviewId, runId: run.id, decision: "approve", decidedBy: "local reviewer (key_demo_reviewer)", agent: "echo-steps", link: `http://runtime.test/v1/runs/${run.id}` },
    });
    const opened = (await deliveriesOf(breakers.id)).body.items[0];
    expect(opened.payload.data).toEqual({ agent: "echo-steps", from: "closed", to: "open", reason: "quality drop", actor: "system" });
    const all = JSON.stringify((await deliveriesOf(reviews.id)).body);
    expect(all).not.toContain("Ada Park");
  });

  it("announces a stage change from the same D1 batch", async () => {
    const other = await otherTenant();
    const hook = await createWebhook(inbox().url, ["stage.changed"], other.key);
    await changeStage(env.DB, { tenantId: other.tenantId, agent: "echo-steps", from: "shadow", to: "limited", actor: "ops (key_1)", reason: "good evidence", evidence: {}, at: Date.now() });
    const { body } = await deliveriesOf(hook.id, other.key);
    expect(body.items).toHaveLength(1);
    expect(body.items[0].payload).toMatchObject({ type: "stage.changed", data: { agent: "echo-steps", from: "shadow", to: "limited", actor: "ops (key_1)" } });
  });

  it("a delivery whose queue send was lost is sent by the sweep; fresh ones are left to their own message", async () => {
    const box = inbox();
    const hook = await createWebhook(box.url, ["run.completed"]);
    // Written 5 minutes ago and never queued (as if the send after the batch was lost).
    await sink(() => Date.now() - 5 * 60_000).deliver([runEntry(runRow())]);
    await sink().deliver([runEntry(runRow())]);
    const rows = await env.DB.prepare("SELECT id, created_at FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at").bind(hook.id).all<{ id: string }>();
    const [lost, fresh] = rows.results.map((r) => r.id);

    const swept = await sweepWebhookDeliveries(env);
    expect(swept).toContain(lost);
    expect(swept).not.toContain(fresh);
    const received = await waitFor(async () => ((await box.received()).length > 0 ? box.received() : null));
    expect(received.map((r) => r.headers["webhook-id"])).toEqual([lost]);
    await waitFor(async () => (await deliveryRows(hook.id)).find((d) => d.id === lost)?.status === "delivered");
  });
});
