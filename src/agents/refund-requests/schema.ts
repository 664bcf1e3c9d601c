/**
 * The request, the tools' shapes and the outcome of `refund-requests`
 * (shared/refund-policy.md). Types flow from these schemas.
 */
import { z } from "zod";

export const REASONS = ["damaged", "defective", "wrong_item", "not_received", "changed_mind", "late_delivery"] as const;
export const Reason = z.enum(REASONS);
export type Reason = z.infer<typeof Reason>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "an ISO date (YYYY-MM-DD)").refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "a real calendar date");

export const RefundRequestSchema = z.object({
  requestId: z.string().min(1).max(64),
  customerId: z.string().min(1).max(32),
  receivedAt: IsoDate,
  message: z.string().min(1).max(4_000),
  orderId: z.string().min(1).max(32).optional(),
  channel: z.enum(["email", "chat", "form"]).optional(),
});
export type RefundRequest = z.infer<typeof RefundRequestSchema>;

export const OUT_OF_SCOPE_MESSAGE =
  "This agent handles refund and return requests from Northwind Outfitters customers: one JSON request with requestId, customerId, receivedAt and the customer's message.";

/** Structural scope check (S1): an object with a string `message` and a `customerId`; lists, expense reports and the like are not requests. */
export function looksLikeRefundRequest(raw: unknown): boolean {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return false;
  const r = raw as Record<string, unknown>;
  return typeof r.message === "string" && "customerId" in r && !("items" in r) && !("reportId" in r);
}

export const Line = z.object({ sku: z.string().min(1).max(32), quantity: z.number().int().positive().max(1_000) });
export type Line = z.infer<typeof Line>;

export const VERDICTS = ["refunded", "denied", "needs_review"] as const;
export const LineVerdict = z.object({ sku: z.string(), quantity: z.number().int(), verdict: z.enum(VERDICTS), refundCents: z.number().int(), codes: z.array(z.string()) });
export type LineVerdict = z.infer<typeof LineVerdict>;

export const DECISIONS = ["refund", "deny", "escalate", "needs_info", "out_of_scope"] as const;
export const Decision = z.enum(DECISIONS);

/** The final answer (run outcome) the contract describes. */
export const RefundOutcome = z.object({
  decision: Decision,
  orderId: z.string().nullable(),
  reason: Reason.nullable(),
  refundCents: z.number().int().min(0),
  returnLabel: z.boolean(),
  codes: z.array(z.string()),
  lines: z.array(LineVerdict),
  reply: z.string().max(1_200),
});
export type RefundOutcome = z.infer<typeof RefundOutcome>;

/** Codes that pause a refund for a person (contract: Decision). */
export const ESCALATION_CODES = ["ACCOUNT_BLOCKED", "FREQUENT_REFUNDS", "DELIVERY_DISPUTE", "REVIEW_THRESHOLD", "SUSPICIOUS_TEXT"] as const;

export const Eligibility = z.object({
  customerId: z.string(),
  orderId: z.string(),
  reason: Reason,
  receivedAt: z.string(),
  /** `refund` / `deny` / `escalate` / `needs_info` from order, line and account rules only. */
  decision: z.enum(["refund", "deny", "escalate", "needs_info"]),
  lines: z.array(LineVerdict),
  /** Exactly the lines `issueRefund` must send (empty when only shipping is refunded). */
  refundLines: z.array(Line),
  shippingCents: z.number().int(),
  /** Exactly the amount `issueRefund` must send: the refund when `refund`, the proposed refund when `escalate`, else 0. */
  refundCents: z.number().int(),
  returnLabel: z.boolean(),
  codes: z.array(z.string()),
});
export type Eligibility = z.infer<typeof Eligibility>;
