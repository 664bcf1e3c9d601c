/**
 * Step 6: per-item verdicts and the report decision, in the contract's order.
 */
import { ESCALATION_CODES, type Category, type ItemOutcome, type Outcome, type PolicyCode } from "../schema";
import type { CapResult } from "./caps";
import type { EscalationResult } from "./escalations";
import type { ItemRuleResult } from "./item-rules";
import type { ReportRulesResult } from "./report-rules";

export type DecidedOutcome = Omit<Outcome, "explanation">;

export interface DecideInput {
  categories: readonly Category[];
  itemRules: readonly ItemRuleResult[];
  caps: readonly CapResult[];
  escalations: EscalationResult;
  reportRules: ReportRulesResult;
}

function sortedUnique<T extends string>(codes: Iterable<T>): T[] {
  return [...new Set(codes)].sort();
}

/**
 * Item verdicts:
 * - `rejected` (0 cents) when an item rule rejected it, or for every item
 *   when the employee is unknown (codes: UNKNOWN_EMPLOYEE only);
 * - `needs_review` for a surviving item with PREMIUM_CLASS, NEEDS_PREAPPROVAL
 *   or its own SUSPICIOUS_TEXT (approved cents = what a reviewer could approve,
 *   after caps; a cap code is kept);
 * - `capped` when a cap cut it; else `approved`.
 * A rejected item whose own text is suspicious stays `rejected` and also
 * carries SUSPICIOUS_TEXT.
 *
 * Decision: reject if UNKNOWN_EMPLOYEE; else escalate on any escalation code;
 * else reject if every item is rejected; else approve with the sum of the
 * items' approved cents. `approvedAmountCents` is 0 unless approved.
 */
export function decide(input: DecideInput): DecidedOutcome {
  const { categories, itemRules, caps, escalations, reportRules } = input;
  const unknown = reportRules.codes.includes("UNKNOWN_EMPLOYEE");

  const items: ItemOutcome[] = categories.map((category, index) => {
    if (unknown) return { index, verdict: "rejected", approvedCents: 0, codes: ["UNKNOWN_EMPLOYEE"], category };
    const rejection = itemRules[index]?.rejection ?? null;
    const escalation = escalations.items[index]?.codes ?? [];
    if (rejection !== null) {
      const codes: PolicyCode[] = [rejection, ...escalation.filter((c) => c === "SUSPICIOUS_TEXT")];
      return { index, verdict: "rejected", approvedCents: 0, codes: sortedUnique(codes), category };
    }
    const cap = caps[index];
    const approvedCents = cap?.approvedCents ?? 0;
    const codes: PolicyCode[] = [...(cap?.capCode ? [cap.capCode] : []), ...escalation];
    const verdict = escalation.length > 0 ? "needs_review" : cap?.capCode ? "capped" : "approved";
    return { index, verdict, approvedCents, codes: sortedUnique(codes), category };
  });

  const reportCodes: PolicyCode[] = unknown
    ? ["UNKNOWN_EMPLOYEE"]
    : [...reportRules.codes, ...(escalations.reportTextSuspicious ? (["SUSPICIOUS_TEXT"] as const) : [])];
  const codes = sortedUnique<PolicyCode>([...reportCodes, ...items.flatMap((item) => item.codes)]);

  let decision: Outcome["decision"];
  if (unknown) decision = "reject";
  else if (codes.some((code) => ESCALATION_CODES.includes(code))) decision = "escalate";
  else if (items.every((item) => item.verdict === "rejected")) decision = "reject";
  else decision = "approve";

  const approvedAmountCents =
    decision === "approve" ? items.reduce((sum, item) => sum + (item.verdict === "rejected" ? 0 : item.approvedCents), 0) : 0;
  return { decision, approvedAmountCents, codes, items };
}
