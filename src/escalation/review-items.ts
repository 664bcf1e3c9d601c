/** Review items in D1: their public shape, and recording a person's decision beside the agent's proposal. */
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { reviewItems } from "../db/schema";
import type { AgentDefinition } from "../runtime/agent-definition";
import { compareOutcomes } from "../runtime/outcomes";
import { liveClaim } from "./claims";
import type { ReviewDecision } from "./messages";
import { dueAtOf } from "./sla";

type ReviewRow = typeof reviewItems.$inferSelect;

export const ReviewViewSchema = z.object({
  reviewId: z.string(),
  runId: z.string(),
  agent: z.string(),
  reasons: z.array(z.string()),
  priority: z.number().int(),
  status: z.enum(reviewItems.status.enumValues),
  proposal: z.unknown(),
  subject: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  createdAt: z.iso.datetime(),
  ageSeconds: z.number().int(),
  /** Open and past its deadline (`dueAt`). */
  pastSla: z.boolean(),
  /** created_at + the agent's SLA for the item's priority (src/escalation/sla.ts). */
  dueAt: z.iso.datetime(),
  /** Seconds until dueAt (negative when overdue); for a closed item, as it stood when it was closed. */
  slaSecondsLeft: z.number().int(),
  /** The amount at stake, integer cents, as the agent states it (null: none). */
  amountCents: z.number().int().nullable(),
  /** Who holds the item's live lease (null: nobody, or it is closed). */
  claimedBy: z.string().nullable(),
  claimExpiresAt: z.iso.datetime().nullable(),
  decision: z.enum(["approve", "reject", "amend"]).nullable(),
  comment: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
});
export type ReviewView = z.infer<typeof ReviewViewSchema>;

export function toReviewView(r: ReviewRow, now: number): ReviewView {
  const age = Math.max(0, (r.decidedAt ?? now) - r.createdAt);
  const dueAt = dueAtOf(r);
  const asOf = r.status === "open" ? now : (r.decidedAt ?? now);
  const claim = liveClaim(r, now);
  return {
    reviewId: r.id,
    runId: r.runId,
    agent: r.agent,
    reasons: r.reasons,
    priority: r.priority,
    status: r.status,
    proposal: r.proposal,
    subject: r.subject ?? null,
    createdAt: new Date(r.createdAt).toISOString(),
    ageSeconds: Math.floor(age / 1000),
    pastSla: r.status === "open" && now > dueAt,
    dueAt: new Date(dueAt).toISOString(),
    slaSecondsLeft: Math.floor((dueAt - asOf) / 1000),
    amountCents: r.amountCents ?? null,
    claimedBy: claim?.claimedBy ?? null,
    claimExpiresAt: claim ? new Date(claim.claimExpiresAt).toISOString() : null,
    decision: r.decision ?? null,
    comment: r.comment ?? null,
    decidedBy: r.decidedBy ?? null,
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
  };
}

/**
 * What the person decided next to what the agent proposed: the evidence that
 * shadow comparison and the circuit breaker read. The person's decision, in
 * the runtime's review words (an amend approves, changed), is compared with the
 * proposal the way the agent compares outcomes (`compareOutcomes`).
 */
export function agreementOf(agent: Pick<AgentDefinition<unknown>, "compareOutcomes">, proposal: unknown, review: ReviewDecision) {
  const human = review.decision === "amend" ? "approve" : review.decision;
  const c = compareOutcomes(agent, proposal, { decision: human });
  return { proposedDecision: c.proposed, humanDecision: review.decision, decisionAgrees: c.decisionAgrees, amended: review.decision === "amend", comparable: c.comparable };
}

/** Marks the item decided (only if still open) and returns the row as stored. */
export async function recordReviewDecision(d1: D1Database, item: ReviewRow, review: ReviewDecision | null, agent: Pick<AgentDefinition<unknown>, "compareOutcomes"> = {}): Promise<ReviewRow> {
  const db = database(d1);
  if (review) {
    await db
      .update(reviewItems)
      .set({
        status: "decided",
        decision: review.decision,
        comment: review.comment,
        decidedBy: review.reviewer,
        decidedAt: review.decidedAt,
        agreement: agreementOf(agent, item.proposal, review),
      })
      .where(and(eq(reviewItems.id, item.id), eq(reviewItems.status, "open")));
  }
  return (await db.select().from(reviewItems).where(eq(reviewItems.id, item.id)).get()) ?? item;
}

/** Closes an item whose run was cancelled (only if still open), as the run's outbox does. */
export async function recordReviewCancelled(d1: D1Database, item: ReviewRow, cancelledAt: number): Promise<void> {
  await database(d1)
    .update(reviewItems)
    .set({ status: "cancelled", decidedAt: cancelledAt })
    .where(and(eq(reviewItems.id, item.id), eq(reviewItems.status, "open")));
}
