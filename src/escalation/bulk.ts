/**
 * Bulk decisions: several items of one agent, escalated for the same reasons,
 * approved or rejected with one comment. Guarantees:
 * - all or nothing on eligibility: mixed agents or reason sets (422
 *   BULK_MIXED) or reasons the agent keeps to one-at-a-time decisions (422
 *   BULK_NOT_ALLOWED; never suspicious text) decide nothing;
 * - each item is still decided on its own run, through `decideReview` (the
 *   run object's one-decision-per-round check, the agent's validation, the
 *   claim check), one after another, with a result per item; an item already
 *   decided says so and decides nothing.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { findAgent } from "../agents/registry";
import { database } from "../db/client";
import { reviewItems } from "../db/schema";
import type { Clock } from "../runtime/clock";
import { ApiError, RuntimeError } from "../runtime/errors";
import { reviewNotFound } from "./claims";
import { decideReview } from "./decide-review";
import { allowsBulk } from "./review-policy";

export const BULK_MAX = 50;
/** How long each item waits for its run to rest: short, so a batch of 50 answers in reasonable time (the runs finish anyway). */
const BULK_WAIT_MS = 2_000;

export const BulkDecisionRequestSchema = z.object({
  reviewIds: z
    .array(z.string().min(1).max(200))
    .min(1)
    .max(BULK_MAX)
    .refine((ids) => new Set(ids).size === ids.length, { message: "each review id may appear once" }),
  decision: z.enum(["approve", "reject"]),
  comment: z.string().trim().min(1, "a comment is required").max(2_000),
});
export type BulkDecisionRequest = z.infer<typeof BulkDecisionRequestSchema>;

export const BulkItemResultSchema = z.object({
  reviewId: z.string(),
  ok: z.boolean(),
  /** The item's status after the attempt (null: no such item for this tenant). */
  status: z.enum(reviewItems.status.enumValues).nullable(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
});
export type BulkItemResult = z.infer<typeof BulkItemResultSchema>;

export interface BulkDecideCommand extends BulkDecisionRequest {
  tenantId: string;
  principal: string;
  clock?: Clock;
}

const reasonsKey = (reasons: string[]) => [...reasons].sort().join(",");

export async function bulkDecide(env: Pick<Env, "DB" | "RUNS">, cmd: BulkDecideCommand): Promise<{ results: BulkItemResult[] }> {
  const rows = await database(env.DB)
    .select()
    .from(reviewItems)
    .where(and(eq(reviewItems.tenantId, cmd.tenantId), inArray(reviewItems.id, cmd.reviewIds)))
    .all();
  const agents = [...new Set(rows.map((r) => r.agent))];
  const reasonSets = [...new Set(rows.map((r) => reasonsKey(r.reasons)))];
  if (agents.length > 1 || reasonSets.length > 1) {
    throw new ApiError(422, "BULK_MIXED", "A bulk decision takes items of one agent escalated for the same reasons; decide the others separately.", {
      agents,
      reasonSets: reasonSets.map((k) => k.split(",")),
    });
  }
  const [first] = rows;
  if (first && !allowsBulk(findAgent(first.agent), first.reasons)) {
    throw new ApiError(422, "BULK_NOT_ALLOWED", `Agent "${first.agent}" has items with these reasons (${first.reasons.join(", ")}) decided one at a time.`, {
      agent: first.agent,
      reasons: first.reasons,
    });
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const results: BulkItemResult[] = [];
  // One after another: each decision resumes its own run; in parallel they would only contend for the same rows.
  for (const reviewId of cmd.reviewIds) {
    if (!byId.has(reviewId)) {
      const missing = reviewNotFound(reviewId);
      results.push({ reviewId, ok: false, status: null, error: { code: missing.code, message: missing.message } });
      continue;
    }
    try {
      const { review } = await decideReview(env, {
        tenantId: cmd.tenantId,
        principal: cmd.principal,
        reviewId,
        decision: { decision: cmd.decision, comment: cmd.comment },
        waitMs: BULK_WAIT_MS,
        ...(cmd.clock ? { clock: cmd.clock } : {}),
      });
      results.push({ reviewId, ok: true, status: review.status });
    } catch (error) {
      if (!(error instanceof RuntimeError)) throw error;
      const now = await database(env.DB).select({ status: reviewItems.status }).from(reviewItems).where(eq(reviewItems.id, reviewId)).get();
      const details = error.details === undefined ? {} : { details: error.details };
      results.push({ reviewId, ok: false, status: now?.status ?? null, error: { code: error.code, message: error.message, ...details } });
    }
  }
  return { results };
}
