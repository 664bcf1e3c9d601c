/**
 * Delivers run-outbox entries to D1 as idempotent upserts, in one batch (one
 * D1 transaction), so a redelivered entry overwrites rather than duplicates.
 */
import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { HistorySink, OutboxEntry } from "../runtime/outbox";
import { database } from "./client";
import { breakerTransitions, runs, runSteps } from "./schema";

export type RunHistoryRow = typeof runs.$inferInsert;
export type StepHistoryRow = typeof runSteps.$inferInsert;

export const OUTBOX_KIND = { run: "run", step: "step", breakerTransition: "breaker_transition" } as const;
export type BreakerTransitionRow = typeof breakerTransitions.$inferInsert;

export class D1HistorySink implements HistorySink {
  constructor(private readonly d1: D1Database) {}

  async deliver(entries: OutboxEntry[]): Promise<void> {
    const db = database(this.d1);
    const statements: BatchItem<"sqlite">[] = [];
    for (const entry of entries) {
      if (entry.kind === OUTBOX_KIND.run) {
        const row = entry.payload as RunHistoryRow;
        statements.push(
          db.insert(runs).values(row).onConflictDoUpdate({
            target: runs.id,
            set: {
              status: sql`excluded.status`,
              reviewGate: sql`excluded.review_gate`,
              proposal: sql`excluded.proposal`,
              outcome: sql`excluded.outcome`,
              stopReason: sql`excluded.stop_reason`,
              steps: sql`excluded.steps`,
              modelCalls: sql`excluded.model_calls`,
              toolCalls: sql`excluded.tool_calls`,
              costMicroUsd: sql`excluded.cost_micro_usd`,
              wallMs: sql`excluded.wall_ms`,
              updatedAt: sql`excluded.updated_at`,
            },
          }),
        );
      } else if (entry.kind === OUTBOX_KIND.step) {
        const row = entry.payload as StepHistoryRow;
        statements.push(
          db.insert(runSteps).values(row).onConflictDoUpdate({
            target: [runSteps.runId, runSteps.stepIndex],
            set: {
              status: sql`excluded.status`,
              attempt: sql`excluded.attempt`,
              startedAt: sql`excluded.started_at`,
              finishedAt: sql`excluded.finished_at`,
              durationMs: sql`excluded.duration_ms`,
              outputSummary: sql`excluded.output_summary`,
              error: sql`excluded.error`,
            },
          }),
        );
      } else if (entry.kind === OUTBOX_KIND.breakerTransition) {
        statements.push(db.insert(breakerTransitions).values(entry.payload as BreakerTransitionRow).onConflictDoNothing());
      }
    }
    if (statements.length > 0) await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  }
}
