/**
 * What a finished run paid, read from its outcome without knowing the agent:
 * the first top-level integer-cents field among the names our agents use
 * (expense `approvedAmountCents`, refund `refundCents`, a generic
 * `amountCents`). Null when the outcome names no amount; a rejected outcome
 * that names 0 paid $0.00.
 */
const PAID_FIELDS = ["approvedAmountCents", "refundCents", "amountCents"] as const;

export function paidCentsOf(outcome: unknown): number | null {
  if (!outcome || typeof outcome !== "object") return null;
  const o = outcome as Record<string, unknown>;
  if (o.decision === "reject" || o.decision === "rejected") return 0;
  for (const f of PAID_FIELDS) if (typeof o[f] === "number" && Number.isInteger(o[f])) return o[f] as number;
  return null;
}
