/**
 * How the review queue reads an expense report: the amount at stake is what
 * approving the proposal would pay (its items' approved cents); deadlines are the
 * platform defaults, stated here so they are the agent's own; reasons that
 * only ask a person to confirm an amount or a gate may be decided in bulk,
 * never suspicious text, premium class or a missing pre-approval.
 */
import { bulkForReasons, type AgentReviewPolicy } from "../../escalation/review-policy";

type Proposal = { decision?: unknown; approvedAmountCents?: unknown; items?: { verdict?: unknown; approvedCents?: unknown }[] } | null;

const BULK_REASONS = ["REVIEW_THRESHOLD", "LOW_CONFIDENCE", "AUDIT_SAMPLE", "SHADOW", "LIMITED_REVIEW"] as const;

export const expenseReviewPolicy: AgentReviewPolicy = {
  reviewSla: { 1: 4 * 3_600, 2: 24 * 3_600, 3: 72 * 3_600 },
  reviewAmountCents(proposal) {
    const p = proposal as Proposal;
    if (!p || !Array.isArray(p.items)) return null;
    // An escalated proposal approves nothing yet (approvedAmountCents 0): its items say what approving it would pay.
    if (p.decision === "approve" && typeof p.approvedAmountCents === "number") return p.approvedAmountCents;
    return p.items.reduce((sum, item) => sum + (item.verdict === "rejected" || typeof item.approvedCents !== "number" ? 0 : item.approvedCents), 0);
  },
  bulkDecisions: bulkForReasons(BULK_REASONS),
};
