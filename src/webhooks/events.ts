/**
 * Webhook events, and the one SQL statement that turns an event into delivery
 * rows (one per subscription of the tenant that asked for its type). The
 * statement runs inside the D1 batch that records what happened (the history
 * sink's, a stage change's), so an event exists exactly when its fact does.
 *
 * Event ids are derived from the fact (`run.completed:<runId>`,
 * `run.waiting_for_review:<runId>:<round>`, ...) and a delivery id from event
 * id + subscription id, inserted with ON CONFLICT DO NOTHING: a redelivered
 * outbox entry, or a run row upserted again with the same status, adds
 * nothing. RETURNING tells the caller which rows are new, to queue them.
 *
 * Payloads carry ids, codes and numbers only: never a run's input, a message
 * or a reviewer's comment (personal text stays in the API, behind a key).
 */
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { database, type Database } from "../db/client";
import type { breakerTransitions, runs } from "../db/schema";
import type { EscalationMessage } from "../escalation/messages";
import { WEBHOOK_EVENTS, webhookDeliveries, type WebhookEventType } from "./tables";

/** The JSON body of every delivery (Standard Webhooks' recommended envelope). */
export const WebhookPayloadSchema = z.object({
  type: z.enum(WEBHOOK_EVENTS),
  /** When the fact happened, ISO 8601. */
  timestamp: z.string(),
  /** Ids, codes and numbers; `link` is the run's URL on the API the subscriber uses. */
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

export interface WebhookEvent {
  /** Derived from the fact, so the same fact always yields the same id. */
  id: string;
  type: WebhookEventType;
  at: number;
  data: Record<string, unknown>;
  /** Whose subscriptions: a tenant id, or the review item whose tenant (and run) it is. */
  owner: { tenantId: string; runId?: string } | { reviewId: string };
}

const RUN_EVENTS: Partial<Record<string, WebhookEventType>> = { completed: "run.completed", failed: "run.failed" };
/** A decision is a short code (`approve`, `refund_partial`); any other string may be a person's text. */
const DECISION_CODE = /^[a-z][a-z0-9_]{0,31}$/;

/** What an outcome says, without its text: top-level numbers and booleans, and the decision code. */
export function outcomeSummary(outcome: unknown): Record<string, string | number | boolean> {
  if (!outcome || typeof outcome !== "object" || Array.isArray(outcome)) return {};
  const summary: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(outcome)) {
    if (typeof value === "number" || typeof value === "boolean") summary[key] = value;
    else if (key === "decision" && typeof value === "string" && DECISION_CODE.test(value)) summary[key] = value;
  }
  return summary;
}

/** A run row from the outbox: an event only for a real run that reached completed or failed. */
export function runEvent(row: typeof runs.$inferInsert): WebhookEvent | null {
  const type = RUN_EVENTS[row.status];
  if (!type || row.evaluation) return null;
  return {
    id: `${type}:${row.id}`,
    type,
    at: row.updatedAt,
    owner: { tenantId: row.tenantId, runId: row.id },
    data: { runId: row.id, agent: row.agent, status: row.status, stopReason: row.stopReason ?? null, outcome: outcomeSummary(row.outcome) },
  };
}

/**
 * A run paused for a person. From the escalation entry rather than the run
 * row: it carries the round (a tool loop may pause again), and the run row
 * of a pause can be replaced in the outbox by a later snapshot before delivery.
 */
export function waitingForReviewEvent(m: EscalationMessage, reviewId: string): WebhookEvent {
  const round = m.round ?? 1;
  return {
    id: `run.waiting_for_review:${m.runId}:${round}`,
    type: "run.waiting_for_review",
    at: m.escalatedAt,
    owner: { tenantId: m.tenantId, runId: m.runId },
    data: { runId: m.runId, agent: m.agent, status: "waiting_for_review", reviewId, round, reasons: m.reasons, priority: m.priority },
  };
}

/** A person's decision. The tenant, run and agent come from the review item in D1 (the outbox entry names only the item). */
export function reviewDecidedEvent(d: { reviewId: string; decision: string; decidedBy: string; decidedAt: number }): WebhookEvent {
  return {
    id: `review.decided:${d.reviewId}`,
    type: "review.decided",
    at: d.decidedAt,
    owner: { reviewId: d.reviewId },
    data: { reviewId: d.reviewId, decision: d.decision, decidedBy: d.decidedBy },
  };
}

const BREAKER_EVENTS: Partial<Record<string, WebhookEventType>> = { open: "breaker.opened", closed: "breaker.closed" };

/** A breaker transition: an event when it opens or closes (half-open is a probe, not news). */
export function breakerEvent(t: typeof breakerTransitions.$inferInsert): WebhookEvent | null {
  const type = BREAKER_EVENTS[t.toState];
  if (!type) return null;
  return {
    id: `${type}:${t.id}`,
    type,
    at: t.at,
    owner: { tenantId: t.tenantId },
    data: { agent: t.agent, from: t.fromState, to: t.toState, reason: t.reason, actor: t.actor },
  };
}

export function stageChangedEvent(c: { id: string; tenantId: string; agent: string; from: string; to: string; actor: string; at: number }): WebhookEvent {
  return {
    id: `stage.changed:${c.id}`,
    type: "stage.changed",
    at: c.at,
    owner: { tenantId: c.tenantId },
    data: { agent: c.agent, from: c.from, to: c.to, actor: c.actor },
  };
}

/**
 * INSERT ... SELECT: one pending delivery per subscription of the owner's
 * tenant whose events list the type; returns the new rows' ids. The SELECT
 * lists every webhook_deliveries column in table order (drizzle's insert-select
 * column list).
 */
export function deliveriesFor(db: Database, event: WebhookEvent, now: number) {
  const payload = JSON.stringify({ type: event.type, timestamp: new Date(event.at).toISOString(), data: event.data } satisfies WebhookPayload);
  const subscribed = sql`EXISTS (SELECT 1 FROM json_each(w.events) WHERE json_each.value = ${event.type})`;
  const row = (body: SQL) =>
    sql`w.id || ':' || ${event.id}, w.id, w.tenant_id, ${event.id}, ${event.type}, ${body}, 'pending', 0, NULL, NULL, NULL, NULL, ${now}`;
  let select: SQL;
  if ("reviewId" in event.owner) {
    // The item gives tenant, run and agent; `link` points at the run on the subscriber's API origin.
    const body = sql`json_set(${payload}, '$.data.runId', ri.run_id, '$.data.agent', ri.agent, '$.data.round', ri.round, '$.data.link', w.api_origin || '/v1/runs/' || ri.run_id)`;
    select = sql`SELECT ${row(body)} FROM review_items ri JOIN webhooks w ON w.tenant_id = ri.tenant_id WHERE ri.id = ${event.owner.reviewId} AND ${subscribed}`;
  } else {
    const body = event.owner.runId ? sql`json_set(${payload}, '$.data.link', w.api_origin || '/v1/runs/' || ${event.owner.runId})` : sql`json(${payload})`;
    select = sql`SELECT ${row(body)} FROM webhooks w WHERE w.tenant_id = ${event.owner.tenantId} AND ${subscribed}`;
  }
  return db.insert(webhookDeliveries).select(select).onConflictDoNothing().returning({ id: webhookDeliveries.id });
}

/** The same statement as a bound D1 statement, for code that batches raw D1 (the history sink). */
export function preparedDeliveriesFor(d1: D1Database, event: WebhookEvent, now: number): D1PreparedStatement {
  const query = deliveriesFor(database(d1), event, now).toSQL();
  return d1.prepare(query.sql).bind(...query.params);
}

/** The new delivery ids in a D1 batch result of `preparedDeliveriesFor`. */
export function insertedIds(result: D1Result<unknown> | undefined): string[] {
  return ((result?.results ?? []) as { id: string }[]).map((r) => r.id);
}
