/** What travels on the `escalations` queue, and what a reviewer sends back. */
import { z } from "zod";

export const EscalationMessageSchema = z.object({
  runId: z.string(),
  tenantId: z.string(),
  agent: z.string(),
  reasons: z.array(z.string()).min(1),
  /** 1 = most urgent. */
  priority: z.number().int().min(1).max(5),
  proposal: z.unknown(),
  subject: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  escalatedAt: z.number().int(),
  /** The run's review round: 1 for its first pause for a person; a tool loop may pause again after a decision. */
  round: z.number().int().min(1).optional(),
  /** The amount at stake in integer cents, from the agent's `reviewAmountCents` (absent or null: none). */
  amountCents: z.number().int().nullable().optional(),
});
export type EscalationMessage = z.infer<typeof EscalationMessageSchema>;

/** Review item id: stable per run, so redelivery cannot create a second item. */
export const reviewIdFor = (runId: string, round = 1) => (round <= 1 ? `rev_${runId.slice(4)}` : `rev_${runId.slice(4)}_r${round}`);

/** The run object closed the item of a run it cancelled while it waited for a person. */
export type ReviewCancelled = EscalationMessage & { cancelledAt: number };

/**
 * One item an amend changes, named by its index in the proposal (as the review
 * view's `amendable` items are). What else it carries is the agent's: checked
 * with the agent's `reviewDecision.items` when the decision is applied.
 */
export const ReviewItemChangeSchema = z.looseObject({ index: z.number().int().nonnegative() });

export const ReviewDecisionRequestSchema = z
  .object({
    decision: z.enum(["approve", "reject", "amend"]),
    comment: z.string().trim().min(1, "a comment is required").max(2_000),
    items: z
      .array(ReviewItemChangeSchema)
      .max(50)
      // Two entries for one item would leave "the last one wins" to chance: refuse it.
      .superRefine((items, ctx) => {
        const seen = new Set<number>();
        items.forEach((item, i) => {
          if (seen.has(item.index)) ctx.addIssue({ code: "custom", path: [i, "index"], message: `item ${item.index} is listed more than once` });
          seen.add(item.index);
        });
      })
      .optional(),
    /** A tool agent's proposed call, edited by the reviewer (with `amend`): validated by the run against the tool's schema and the action policy. */
    arguments: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((d) => d.decision !== "amend" || (d.items !== undefined && d.items.length > 0) || d.arguments !== undefined, {
    message: "an amend decision lists the items it changes (or, for a tool call, its new arguments)",
    path: ["items"],
  });
export type ReviewDecisionRequest = z.infer<typeof ReviewDecisionRequestSchema>;

/** A person's decision as the run receives it. */
export type ReviewDecision = ReviewDecisionRequest & { reviewer: string; decidedAt: number; round?: number };

/** The round a decision answered (decisions from before rounds existed answered round 1). */
export const roundOf = (review: unknown): number =>
  review && typeof review === "object" ? Number((review as { round?: unknown }).round ?? 1) : 0;

/** The default p1 deadline (4 hours); each agent's deadlines per priority are in src/escalation/sla.ts. */
export const REVIEW_SLA_MS = 4 * 60 * 60 * 1000;
