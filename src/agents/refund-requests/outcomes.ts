/**
 * How the refund agent compares a proposal with a final decision (a
 * reviewer's outcome, the strongest tier's re-decision, an evaluation case's
 * expectation): decision, order, amount, label and the set of codes, the
 * contract's five fields. `reason` and `lines` are diagnosis, not agreement.
 */
import type { OutcomeComparison } from "../../runtime/agent-definition";

interface OutcomeLike {
  decision?: unknown;
  orderId?: unknown;
  refundCents?: unknown;
  returnLabel?: unknown;
  codes?: unknown;
}

const asOutcome = (v: unknown): OutcomeLike | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as OutcomeLike) : null);
const label = (o: OutcomeLike | null) => (o && typeof o.decision === "string" ? o.decision : null);
const codeSet = (o: OutcomeLike) => JSON.stringify(Array.isArray(o.codes) ? [...new Set(o.codes.map(String))].sort() : null);
// A missing orderId and null mean the same: no order identified.
const orderOf = (o: OutcomeLike) => (typeof o.orderId === "string" ? o.orderId : null);

const show = (v: unknown) => (v === undefined ? "missing" : JSON.stringify(v));

/** Each of the five fields that differs, as "field proposed (final ...)". */
function differencesOf(p: OutcomeLike | null, f: OutcomeLike | null): string[] {
  if (p === null || f === null) return [p === null ? "no outcome" : "no final outcome"];
  const out: string[] = [];
  if (p.decision !== f.decision) out.push(`decision ${show(p.decision)} (final ${show(f.decision)})`);
  if (orderOf(p) !== orderOf(f)) out.push(`orderId ${show(orderOf(p))} (final ${show(orderOf(f))})`);
  if (p.refundCents !== f.refundCents) out.push(`refundCents ${show(p.refundCents)} (final ${show(f.refundCents)})`);
  if (p.returnLabel !== f.returnLabel) out.push(`returnLabel ${show(p.returnLabel)} (final ${show(f.returnLabel)})`);
  if (codeSet(p) !== codeSet(f)) out.push(`codes ${codeSet(p)} (final ${codeSet(f)})`);
  return out;
}

export function compareRefundOutcomes(proposal: unknown, final: unknown): OutcomeComparison {
  const p = asOutcome(proposal);
  const f = asOutcome(final);
  const proposed = label(p);
  const decided = label(f);
  const decisionAgrees = proposed === decided;
  const amountAgrees = decisionAgrees && p !== null && f !== null && p.refundCents === f.refundCents;
  return {
    // "escalate" hands the request to a person: it is no decision to compare.
    comparable: proposed !== null && decided !== null && proposed !== "escalate",
    proposed,
    decided,
    decisionAgrees,
    amountAgrees,
    agrees: amountAgrees && p !== null && f !== null && orderOf(p) === orderOf(f) && p.returnLabel === f.returnLabel && codeSet(p) === codeSet(f),
    // Refunding what the final decision did not refund (or more of it) is the costly direction.
    costly: proposed === "refund" && (decided !== "refund" || (typeof p?.refundCents === "number" && typeof f?.refundCents === "number" && p.refundCents > f.refundCents)),
    differences: differencesOf(p, f),
  };
}
