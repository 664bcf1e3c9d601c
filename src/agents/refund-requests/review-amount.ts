/**
 * How the review queue reads a refund request: the amount at stake is the
 * refund proposed (a paused `issueRefund` call's amountCents, or a final
 * answer's refundCents); a customer waits for the answer, so deadlines are
 * shorter than the defaults; threshold, audit, stage and low-confidence
 * reasons may be decided in bulk, never suspicious text.
 */
import { bulkForReasons, type AgentReviewPolicy } from "../../escalation/review-policy";

const BULK_REASONS = ["REVIEW_THRESHOLD", "LOW_CONFIDENCE", "AUDIT_SAMPLE", "SHADOW", "LIMITED_REVIEW"] as const;

type Proposal = { kind?: unknown; calls?: { tool?: unknown; arguments?: { amountCents?: unknown } }[]; refundCents?: unknown } | null;

const cents = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) ? v : null);

export const refundReviewPolicy: AgentReviewPolicy = {
  reviewSla: { 1: 2 * 3_600, 2: 8 * 3_600, 3: 24 * 3_600 },
  reviewAmountCents(proposal) {
    const p = proposal as Proposal;
    if (p?.kind === "tool_call") return cents(p.calls?.find((c) => c.tool === "issueRefund")?.arguments?.amountCents);
    return cents(p?.refundCents);
  },
  bulkDecisions: bulkForReasons(BULK_REASONS),
};
