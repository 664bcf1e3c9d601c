/**
 * Delivers run-outbox entries to D1 as idempotent upserts, in one batch (one
 * D1 transaction), so a redelivered entry overwrites rather than duplicates.
 *
 * This is the engine's hot path (one row per step), so it binds prepared SQL
 * instead of building a drizzle query per row; the row shapes still come from
 * the drizzle schema, and the column lists below must follow it.
 *
 * Webhook deliveries (src/webhooks/events.ts) are inserted in the same batch
 * as the fact they announce, idempotently (a redelivered entry adds none);
 * the new ones are then queued. A lost send only waits for the cron sweep.
 */
import type { HistorySink, OutboxEntry } from "../runtime/outbox";
import { reviewIdFor, type EscalationMessage, type ReviewCancelled } from "../escalation/messages";
import { breakerEvent, insertedIds, preparedDeliveriesFor, reviewDecidedEvent, runEvent, waitingForReviewEvent, type WebhookEvent } from "../webhooks/events";
import { enqueueDeliveries, type DeliveryQueue } from "../webhooks/queue";
import type { breakerTransitions, runs, runSteps } from "./schema";

export type RunHistoryRow = typeof runs.$inferInsert;
export type StepHistoryRow = typeof runSteps.$inferInsert;
export type BreakerTransitionRow = typeof breakerTransitions.$inferInsert;

export const OUTBOX_KIND = {
  run: "run",
  step: "step",
  breakerTransition: "breaker_transition",
  /** A run paused for a person: its review item (the queue message follows, see src/runtime/delivery.ts). */
  escalation: "escalation",
  /** A run cancelled while it waited for a person: its review item is closed. */
  reviewCancelled: "review_cancelled",
  /** A person decided: the item records it, even if the worker that took the decision died before writing D1. */
  reviewDecided: "review_decided",
} as const;

/** The payload of a `review_decided` entry. */
export interface ReviewDecidedRow {
  reviewId: string;
  decision: string;
  comment: string;
  decidedBy: string;
  decidedAt: number;
  agreement: unknown;
}

const UPSERT_RUN = `INSERT INTO runs (id, tenant_id, agent, agent_version, status, stage, review_gate, evaluation, idempotency_key, input,
    proposal, outcome, stop_reason, steps, model_calls, tool_calls, cost_micro_usd, wall_ms, created_at, updated_at, review_wait_ms, model_usage)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
  ON CONFLICT(id) DO UPDATE SET status = excluded.status, review_gate = excluded.review_gate, proposal = excluded.proposal,
    outcome = excluded.outcome, stop_reason = excluded.stop_reason, steps = excluded.steps, model_calls = excluded.model_calls,
    tool_calls = excluded.tool_calls, cost_micro_usd = excluded.cost_micro_usd, wall_ms = excluded.wall_ms, updated_at = excluded.updated_at,
    review_wait_ms = excluded.review_wait_ms, model_usage = COALESCE(excluded.model_usage, runs.model_usage)`;

const UPSERT_STEP = `INSERT INTO run_steps (run_id, step_index, name, kind, status, attempt, started_at, finished_at, duration_ms, output_summary, error)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
  ON CONFLICT(run_id, step_index) DO UPDATE SET status = excluded.status, attempt = excluded.attempt, started_at = excluded.started_at,
    finished_at = excluded.finished_at, duration_ms = excluded.duration_ms, output_summary = excluded.output_summary, error = excluded.error`;

const INSERT_TRANSITION = `INSERT INTO breaker_transitions (id, tenant_id, agent, from_state, to_state, reason, actor, evidence, at)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO NOTHING`;

/**
 * Written in the same batch as the run row that says "waiting_for_review", so
 * D1 never shows a run waiting for a person without its item. Never reopens
 * or overwrites an existing item (the queue consumer writes the same row).
 */
const INSERT_REVIEW_ITEM = `INSERT INTO review_items (id, tenant_id, run_id, agent, reasons, priority, proposal, subject, round, status, created_at, amount_cents)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'open', ?10, ?11) ON CONFLICT DO NOTHING`;

/** Closes an open item; creates it closed if the hand-over never reached D1. A decided item stays decided. */
const CANCEL_REVIEW_ITEM = `INSERT INTO review_items (id, tenant_id, run_id, agent, reasons, priority, proposal, subject, round, status, created_at, amount_cents, decided_at)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'cancelled', ?10, ?11, ?12)
  ON CONFLICT(id) DO UPDATE SET status = 'cancelled', decided_at = excluded.decided_at WHERE review_items.status = 'open'`;

/** Only an open item takes the decision: the first decision stands, a cancelled item stays cancelled. */
const DECIDE_REVIEW_ITEM = `UPDATE review_items SET status = 'decided', decision = ?2, comment = ?3, decided_by = ?4, decided_at = ?5, agreement = ?6
  WHERE id = ?1 AND status = 'open'`;

const jsonOrNull = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export class D1HistorySink implements HistorySink {
  /** `webhooks`: where new deliveries are queued (absent: the sweep queues them). */
  constructor(
    private readonly d1: D1Database,
    private readonly webhooks?: DeliveryQueue,
    private readonly now: () => number = Date.now,
  ) {}

  async deliver(entries: OutboxEntry[]): Promise<void> {
    const run = this.d1.prepare(UPSERT_RUN);
    const step = this.d1.prepare(UPSERT_STEP);
    const transition = this.d1.prepare(INSERT_TRANSITION);
    const item = (sql: string, m: EscalationMessage, ...rest: number[]) =>
      this.d1
        .prepare(sql)
        .bind(reviewIdFor(m.runId, m.round), m.tenantId, m.runId, m.agent, JSON.stringify(m.reasons), m.priority, jsonOrNull(m.proposal), JSON.stringify(m.subject ?? {}), m.round ?? 1, m.escalatedAt, m.amountCents ?? null, ...rest);
    const statements: D1PreparedStatement[] = [];
    // Positions of the webhook inserts in the batch, to read the ids they return.
    const deliveryAt: number[] = [];
    const announce = (event: WebhookEvent | null) => {
      if (!event) return;
      deliveryAt.push(statements.length);
      statements.push(preparedDeliveriesFor(this.d1, event, this.now()));
    };
    for (const entry of entries) {
      if (entry.kind === OUTBOX_KIND.run) {
        const r = entry.payload as RunHistoryRow;
        statements.push(
          run.bind(
            r.id, r.tenantId, r.agent, r.agentVersion, r.status, r.stage ?? null, r.reviewGate ?? null, r.evaluation ?? null,
            r.idempotencyKey ?? null, jsonOrNull(r.input), jsonOrNull(r.proposal), jsonOrNull(r.outcome), r.stopReason ?? null,
            r.steps ?? 0, r.modelCalls ?? 0, r.toolCalls ?? 0, r.costMicroUsd ?? 0, r.wallMs ?? 0, r.createdAt, r.updatedAt,
            r.reviewWaitMs ?? 0, jsonOrNull(r.modelUsage),
          ),
        );
        announce(runEvent(r));
      } else if (entry.kind === OUTBOX_KIND.step) {
        const s = entry.payload as StepHistoryRow;
        statements.push(
          step.bind(s.runId, s.stepIndex, s.name, s.kind, s.status, s.attempt, s.startedAt ?? null, s.finishedAt ?? null, s.durationMs ?? null, s.outputSummary ?? null, jsonOrNull(s.error)),
        );
      } else if (entry.kind === OUTBOX_KIND.breakerTransition) {
        const t = entry.payload as BreakerTransitionRow;
        statements.push(transition.bind(t.id, t.tenantId, t.agent, t.fromState, t.toState, t.reason, t.actor, jsonOrNull(t.evidence), t.at));
        announce(breakerEvent(t));
      } else if (entry.kind === OUTBOX_KIND.escalation) {
        const m = entry.payload as EscalationMessage;
        statements.push(item(INSERT_REVIEW_ITEM, m));
        announce(waitingForReviewEvent(m, reviewIdFor(m.runId, m.round)));
      } else if (entry.kind === OUTBOX_KIND.reviewCancelled) {
        const c = entry.payload as ReviewCancelled;
        statements.push(item(CANCEL_REVIEW_ITEM, c, c.cancelledAt));
      } else if (entry.kind === OUTBOX_KIND.reviewDecided) {
        const d = entry.payload as ReviewDecidedRow;
        statements.push(this.d1.prepare(DECIDE_REVIEW_ITEM).bind(d.reviewId, d.decision, d.comment, d.decidedBy, d.decidedAt, jsonOrNull(d.agreement)));
        announce(reviewDecidedEvent(d));
      }
    }
    if (statements.length === 0) return;
    const results = await this.d1.batch(statements);
    await enqueueDeliveries(this.webhooks, deliveryAt.flatMap((i) => insertedIds(results[i])));
  }
}
