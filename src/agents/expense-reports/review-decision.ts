/**
 * What a reviewer may change in an expense report: item by item, a verdict and
 * the amount approved for it (within policy: see `validateExpenseReview`).
 */
import { z } from "zod";

export const ExpenseItemDecisionSchema = z.object({
  index: z.number().int().nonnegative(),
  verdict: z.enum(["approved", "capped", "rejected"]),
  approvedCents: z.number().int().nonnegative(),
});
export type ExpenseItemDecision = z.infer<typeof ExpenseItemDecisionSchema>;

export const ExpenseItemDecisionsSchema = z.array(ExpenseItemDecisionSchema);

/** The agent's `reviewDecision` hook: the schema of an amend's items. */
export const expenseReviewDecision = { items: ExpenseItemDecisionsSchema };

/** A decision's item changes in the expense agent's shape (checked when the decision was applied; anything else is ignored). */
export function itemChangesOf(items: unknown): ExpenseItemDecision[] {
  const parsed = ExpenseItemDecisionsSchema.safeParse(items ?? []);
  return parsed.success ? parsed.data : [];
}
