/**
 * The outcome as the tools' results determine it, independent of what the
 * model writes in its final answer: for comparing the model's outcome with
 * the facts (and, once the runtime has a hook for it, for replacing it).
 * Returns null where only the model's reading of the message decides
 * (out of scope, which order was meant) and no tool settled it.
 */
import type { ActionFacts } from "../../guardrails/action-policy";
import type { CallOutput } from "../../runtime/tool-loop/types";
import { eligibilityOf, escalationCodes, refundIssued } from "./action-policy";
import type { RefundOutcome, RefundRequest } from "./schema";

type Facts = ActionFacts<RefundRequest>;

const calls = (facts: Facts) => Object.values(facts.results).filter((o): o is CallOutput => typeof o === "object" && o !== null && "tool" in o && "status" in o);

export function outcomeFromFacts(facts: Facts): RefundOutcome | null {
  const all = calls(facts);
  const replies = all.filter((c) => c.tool === "sendReply" && c.status === "ok").map((c) => (c.result as { text: string }).text);
  const reply = replies.at(-1) ?? "";
  if (all.some((c) => c.error?.code === "UNKNOWN_CUSTOMER")) {
    return { decision: "deny", orderId: null, reason: null, refundCents: 0, returnLabel: false, codes: ["UNKNOWN_CUSTOMER"], lines: [], reply };
  }
  const e = eligibilityOf(facts);
  if (!e) return null;
  const refund = refundIssued(facts);
  const label = all.some((c) => c.tool === "createReturnLabel" && c.status === "ok");
  const codes = [...new Set([...e.codes, ...escalationCodes(facts)])].sort();
  if (refund) {
    // Issued: by policy alone, or after a person approved (their amendment is what was issued).
    const lines = e.lines.map((v) => {
      const q = refund.lines.find((l) => l.sku === v.sku)?.quantity ?? 0;
      if (q > 0) return { ...v, quantity: q, verdict: "refunded" as const, refundCents: (v.refundCents / v.quantity) * q };
      // A line the person left out of the refund is denied by that decision.
      return v.verdict === "needs_review" ? { ...v, verdict: "denied" as const, refundCents: 0 } : v;
    });
    return { decision: "refund", orderId: refund.orderId, reason: e.reason, refundCents: refund.amountCents, returnLabel: label, codes, lines, reply };
  }
  const decision = codes.includes("SUSPICIOUS_TEXT") ? "escalate" : e.decision;
  return { decision, orderId: e.orderId, reason: e.reason, refundCents: 0, returnLabel: false, codes, lines: e.lines, reply };
}
