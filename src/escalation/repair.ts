/**
 * The review repair sweep (run by the Cron Trigger, callable from tests): a
 * run that D1 shows waiting for a person must have a review item, or nobody
 * can ever decide it. The run outbox writes the item with the run row, so a
 * gap means history from before that, or a row lost by hand; each such run's
 * object (the authority) re-issues its hand-over or, if it has moved on,
 * sends D1 its current row.
 */
import { and, asc, eq, gte, isNull, notExists, or, sql } from "drizzle-orm";
import { database } from "../db/client";
import { reviewItems, runs, tenants } from "../db/schema";
import { runClient } from "../runtime/run-client";

export interface ReviewRepairReport {
  /** Runs waiting in D1 without an open item, or one decided after the run paused. */
  gaps: number;
  /** Their hand-over was queued again: the item is back. */
  requeued: number;
  /** The run had moved on (D1 was behind): its row was sent again. */
  refreshed: number;
  /** No run object holds the run, or it did not answer; tried again on the next sweep. */
  unresolved: number;
}

export async function repairReviewItems(env: Pick<Env, "DB" | "RUNS">, options: { limit?: number } = {}): Promise<ReviewRepairReport> {
  const db = database(env.DB);
  const gaps = await db
    .select({ runId: runs.id, tenantId: runs.tenantId })
    // Through tenants, so the (tenant, status) index finds waiting runs without scanning all history.
    .from(tenants)
    .innerJoin(runs, and(eq(runs.tenantId, tenants.id), eq(runs.status, "waiting_for_review")))
    .where(
      and(
        isNull(runs.evaluation), // evaluation runs are scored, never reviewed
        notExists(
          db
            .select({ one: sql`1` })
            .from(reviewItems)
            .where(
              and(
                eq(reviewItems.runId, runs.id),
                // A decided item covers the run only if it was decided after the run paused: a tool loop
                // that paused again (a later review round) needs that round's own item.
                or(eq(reviewItems.status, "open"), and(eq(reviewItems.status, "decided"), gte(reviewItems.decidedAt, runs.updatedAt))),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(runs.updatedAt))
    .limit(options.limit ?? 100)
    .all();
  const report: ReviewRepairReport = { gaps: gaps.length, requeued: 0, refreshed: 0, unresolved: 0 };
  for (const gap of gaps) {
    try {
      const result = await runClient(env, gap.runId).repairReview(gap.tenantId);
      if (result.kind === "not_found") report.unresolved++;
      else report[result.kind]++;
    } catch {
      report.unresolved++; // one broken object must not stop the sweep
    }
  }
  return report;
}
