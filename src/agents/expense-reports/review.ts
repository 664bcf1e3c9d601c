/**
 * What a reviewer's decision means for an expense report. A reviewer decides
 * within policy: they can approve what the policy allows (items waiting for
 * review, up to their after-cap amount), reject, or amend item by item; they
 * cannot pay an item a rule rejected, or more than the policy allows.
 */
import type { ReviewDecision, ReviewDecisionRequest } from "../../escalation/messages";
import { formatUsd as money } from "./policy/currency";
import { explainReviewed } from "./policy/explain";
import { ExpenseItemDecisionsSchema, itemChangesOf } from "./review-decision";
import { CAP_CODES, OutcomeSchema, type ExpenseReport, type ItemOutcome, type Outcome } from "./schema";

const CAPS = new Set<string>(CAP_CODES);

export function validateExpenseReview(proposal: unknown, decision: ReviewDecisionRequest): string | null {
  const parsed = OutcomeSchema.safeParse(proposal);
  if (!parsed.success) return "The run has no proposal to review.";
  const changes = ExpenseItemDecisionsSchema.safeParse(decision.items ?? []);
  if (!changes.success) return "Each amended item needs a verdict (approved, capped or rejected) and an amount in cents.";
  for (const change of changes.data) {
    const item = parsed.data.items[change.index];
    if (!item) return `Item ${change.index + 1} does not exist in this report.`;
    if (change.verdict === "rejected") {
      if (change.approvedCents !== 0) return `Item ${change.index + 1}: a rejected item is approved for $0.00.`;
      continue;
    }
    if (item.verdict === "rejected") return `Item ${change.index + 1} was rejected by rule ${item.codes.join(", ")}; the policy does not allow paying it.`;
    if (change.approvedCents <= 0) return `Item ${change.index + 1}: an approved item needs an amount above $0.00; reject it instead.`;
    if (change.approvedCents > item.approvedCents) {
      return `Item ${change.index + 1}: at most ${money(item.approvedCents)} is allowed by the policy.`;
    }
  }
  return null;
}

function accepted(item: ItemOutcome): ItemOutcome {
  if (item.verdict !== "needs_review") return item;
  return { ...item, verdict: item.codes.some((c) => CAPS.has(c)) ? "capped" : "approved" };
}

/** The final outcome after a person decided: what is recorded and paid, and what the employee reads. */
export function outcomeAfterReview(proposal: Outcome, review: ReviewDecision, report: ExpenseReport): Outcome & { decidedBy: string; reviewComment: string } {
  let items: ItemOutcome[];
  if (review.decision === "reject") {
    items = proposal.items.map((i) => ({ ...i, verdict: "rejected", approvedCents: 0 }));
  } else {
    const changes = new Map(itemChangesOf(review.items).map((c) => [c.index, c]));
    items = proposal.items.map((item) => {
      const change = changes.get(item.index);
      if (!change) return accepted(item);
      return { ...item, verdict: change.verdict, approvedCents: change.verdict === "rejected" ? 0 : change.approvedCents };
    });
  }
  const total = items.filter((i) => i.verdict !== "rejected").reduce((s, i) => s + i.approvedCents, 0);
  const decision = total > 0 ? "approve" : "reject";
  const final = { ...proposal, decision, approvedAmountCents: decision === "approve" ? total : 0, items } satisfies Omit<Outcome, "explanation">;
  return {
    ...final,
    explanation: explainReviewed(proposal, final, report, review),
    decidedBy: review.reviewer,
    reviewComment: review.comment,
  };
}
