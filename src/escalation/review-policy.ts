/**
 * What an agent says about reviewing its items, beyond how they look: the
 * deadline per priority, the amount at stake, and which reasons a reviewer may
 * decide in bulk. Every hook is optional; the defaults below apply.
 */
import type { ReviewPriority } from "./sla";

export interface AgentReviewPolicy {
  /** Seconds a reviewer has per priority (1 = most urgent; priorities above 3 use p3's); missing ones take DEFAULT_REVIEW_SLA. */
  reviewSla?: Partial<Record<ReviewPriority, number>>;
  /** The amount at stake in a proposal, integer cents (null: none), stored on the item so the queue can filter by it. */
  reviewAmountCents?(proposal: unknown): number | null;
  /** Whether items escalated for exactly these reasons may be decided together with one comment. */
  bulkDecisions?(reasons: string[]): boolean;
}

/** Text that may carry instructions is always read and decided one item at a time. */
export const NEVER_BULK_REASON = "SUSPICIOUS_TEXT";

/** Without the hook, bulk is allowed for any reasons except suspicious text; the hook can only narrow that. */
export function allowsBulk(agent: Pick<AgentReviewPolicy, "bulkDecisions"> | undefined, reasons: string[]): boolean {
  if (reasons.some((r) => r.includes(NEVER_BULK_REASON))) return false;
  return agent?.bulkDecisions ? agent.bulkDecisions(reasons) : true;
}

/** A bulk policy allowing only reasons from a list (e.g. thresholds, audit samples, low confidence). */
export const bulkForReasons =
  (allowed: readonly string[]) =>
  (reasons: string[]): boolean =>
    reasons.length > 0 && reasons.every((r) => allowed.includes(r));
