/**
 * The outcome as the tools' results determine it, independent of what the
 * model writes in its final answer: for comparing the model's outcome with
 * the facts; `settleRefundAnswer` (the loop's `settle` hook) replaces the final
 * answer's money fields with them.
 * Returns null where only the model's reading of the message decides
 * (out of scope, which order was meant) and no tool settled it.
 */
import type { ActionFacts } from "../../guardrails/action-policy";
import { isPausedCall, REVIEW_SUFFIX } from "../../runtime/tool-loop/journal";
import type { CallOutput } from "../../runtime/tool-loop/types";
import { eligibilityOf, escalationCodes, refundIssued } from "./action-policy";
import type { Eligibility, Line, RefundOutcome, RefundRequest } from "./schema";

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

interface RefundArgs { orderId: string; lines: Line[]; reason: string; amountCents: number }
const linesKey = (lines: Line[]) => JSON.stringify([...lines].sort((a, b) => a.sku.localeCompare(b.sku)));

/** The issueRefund call the run is waiting on (no decision on it yet), if any. */
function pausedRefund(facts: Facts): RefundArgs | undefined {
  const waiting = Object.entries(facts.results).filter(([k, v]) => isPausedCall(v) && v.pending.tool === "issueRefund" && facts.results[k + REVIEW_SUFFIX] === undefined);
  const last = waiting.at(-1)?.[1];
  return isPausedCall(last) ? (last.pending.arguments as RefundArgs) : undefined;
}

const isEligibleRefund = (a: RefundArgs, e: Eligibility) =>
  a.orderId === e.orderId && a.reason === e.reason && a.amountCents === e.refundCents && linesKey(a.lines) === linesKey(e.refundLines);

/**
 * The agent's answer while its run waits for a person (an evaluation scores
 * it). Paused on an `issueRefund` that is exactly the policy's refund, with
 * no escalation code, the run waits only because of a review gate (audit
 * sample, low confidence, shadow stage...): the answer is the refund it
 * proposed. Anything else is what the facts say (`outcomeFromFacts`):
 * an escalation stays `escalate` with nothing refunded.
 */
export function proposedOutcome(facts: Facts): RefundOutcome | null {
  const known = outcomeFromFacts(facts);
  const e = eligibilityOf(facts);
  if (!known || !e || refundIssued(facts) || e.decision !== "refund" || escalationCodes(facts).length > 0) return known;
  const call = pausedRefund(facts);
  if (!call || !isEligibleRefund(call, e)) return known;
  return { ...known, decision: "refund", orderId: e.orderId, refundCents: e.refundCents, returnLabel: e.returnLabel, lines: e.lines };
}

/**
 * The final answer settled by the tool results (the tool loop's `settle`): the
 * amount, order and label are what `issueRefund` and `createReturnLabel` did,
 * and the reply is the one `sendReply` sent, whatever the model wrote. An
 * answer of `refund` with no refund issued cannot stand: it becomes
 * `escalate`, so a person sees it (`finalReview`).
 */
export function settleRefundAnswer(final: RefundOutcome, facts: Pick<Facts, "input" | "results">): RefundOutcome {
  const all = calls(facts as Facts);
  const refund = refundIssued(facts as Facts);
  const sent = all.filter((c) => c.tool === "sendReply" && c.status === "ok").map((c) => (c.result as { text: string }).text).at(-1);
  const reply = sent ?? final.reply;
  if (refund) {
    const label = all.some((c) => c.tool === "createReturnLabel" && c.status === "ok");
    return { ...final, decision: "refund", orderId: refund.orderId, refundCents: refund.amountCents, returnLabel: label, reply };
  }
  const decision = final.decision === "refund" ? "escalate" : final.decision;
  return { ...final, decision, refundCents: 0, returnLabel: false, reply };
}
