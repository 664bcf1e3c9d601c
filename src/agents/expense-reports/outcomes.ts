/**
 * How the expense agent compares a proposal with a final decision (a
 * reviewer's outcome, the strongest tier's re-decision): the one comparison
 * behind review agreement, breaker judgments and promotion evidence.
 */
import type { OutcomeComparison } from "../../runtime/agent-definition";

interface OutcomeLike {
  decision?: unknown;
  approvedAmountCents?: unknown;
  codes?: unknown;
}

const asOutcome = (v: unknown): OutcomeLike | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as OutcomeLike) : null);
const label = (o: OutcomeLike | null) => (o && typeof o.decision === "string" ? o.decision : null);
const codeSet = (o: OutcomeLike) => JSON.stringify(Array.isArray(o.codes) ? [...new Set(o.codes.map(String))].sort() : null);

export function compareExpenseOutcomes(proposal: unknown, final: unknown): OutcomeComparison {
  const p = asOutcome(proposal);
  const f = asOutcome(final);
  const proposed = label(p);
  const decided = label(f);
  const decisionAgrees = proposed === decided;
  const amountAgrees = decisionAgrees && p?.approvedAmountCents === f?.approvedAmountCents;
  return {
    // "escalate" hands the report to a person: it is no decision to compare.
    comparable: p !== null && f !== null && proposed !== "escalate",
    proposed,
    decided,
    decisionAgrees,
    amountAgrees,
    agrees: amountAgrees && p !== null && f !== null && codeSet(p) === codeSet(f),
    // Paying out what a person refused is the costly direction.
    costly: proposed === "approve" && decided === "reject",
  };
}
