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
});
export type EscalationMessage = z.infer<typeof EscalationMessageSchema>;

/** Review item id: stable per run, so redelivery cannot create a second item. */
export const reviewIdFor = (runId: string) => `rev_${runId.slice(4)}`;

/** The run object closed the item of a run it cancelled while it waited for a person. */
export type ReviewCancelled = EscalationMessage & { cancelledAt: number };

export const ReviewItemDecisionSchema = z.object({
  index: z.number().int().nonnegative(),
  verdict: z.enum(["approved", "capped", "rejected"]),
  approvedCents: z.number().int().nonnegative(),
});

export const ReviewDecisionRequestSchema = z
  .object({
    decision: z.enum(["approve", "reject", "amend"]),
    comment: z.string().trim().min(1, "a comment is required").max(2_000),
    items: z
      .array(ReviewItemDecisionSchema)
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
  })
  .refine((d) => d.decision !== "amend" || (d.items !== undefined && d.items.length > 0), {
    message: "an amend decision lists the items it changes",
    path: ["items"],
  });
export type ReviewDecisionRequest = z.infer<typeof ReviewDecisionRequestSchema>;

/** A person's decision as the run receives it. */
export type ReviewDecision = ReviewDecisionRequest & { reviewer: string; decidedAt: number };

/** Review items waiting longer than this are highlighted as past their SLA. */
export const REVIEW_SLA_MS = 4 * 60 * 60 * 1000;
