/**
 * The conversation state the next-action policy reads, and its features.
 *
 * Shared by the Worker (inference) and `scripts/model/refund/train.mjs`
 * (Node strips the types), so training and inference cannot drift apart: keep
 * it erasable TypeScript with no imports.
 *
 * The state says only what a reader of the transcript knows: which tools were
 * called and what their results said (ok, an error, not found, how many
 * orders matched...). It never names a tool order, so the same policy works
 * whatever the tools answer, and the loop follows the model.
 *
 * Example:
 *   policyText({ ...INITIAL_STATE, customer: "ok", orderRef: true }, true)
 *   // "intentrefund ... customerok ... customerokANDorderrefyes ..."
 */

export const ACTIONS = [
  "lookupCustomer", "listOrders", "getOrder", "checkEligibility", "issueRefund", "createReturnLabel", "sendReply", "final",
] as const;
export type Action = (typeof ACTIONS)[number];

export interface PolicyState {
  /** From the reason classifier: a refund/return request, or not. */
  intent: "refund" | "oos";
  /** `order`: the reason needs no lines (not_received, late_delivery). */
  reasonKind: "items" | "order";
  suspicious: boolean;
  /** An order number in the task (the form field or `N-` digits in the message). */
  orderRef: boolean;
  customer: "none" | "ok" | "unknown" | "error";
  /** The getOrder result. */
  order: "none" | "ok" | "not_found" | "error";
  /** How many of the listed orders match the described items. */
  listed: "none" | "one" | "zero" | "many" | "error";
  /** Whether the order's lines named by the message could be resolved (once an order is known). */
  items: "na" | "resolved" | "ambiguous";
  elig: "none" | "refund" | "deny" | "escalate" | "error";
  /** `rejected`: a person turned the proposed refund down. */
  refund: "none" | "ok" | "rejected" | "error";
  labelNeeded: boolean;
  label: "none" | "ok" | "error";
  reply: "none" | "ok" | "error";
  /** Whether the latest reply came before or after the refund call's result (an escalation gets a second reply once a person decided). */
  replied: "none" | "before" | "after";
}

export const INITIAL_STATE: PolicyState = {
  intent: "refund", reasonKind: "items", suspicious: false, orderRef: false, customer: "none", order: "none", listed: "none",
  items: "na", elig: "none", refund: "none", labelNeeded: false, label: "none", reply: "none", replied: "none",
};

/** One letters-only token per field (the featurizer splits on anything else). */
export function stateTokens(s: PolicyState): string[] {
  const yn = (b: boolean) => (b ? "yes" : "no");
  return [
    `intent${s.intent}`, `kind${s.reasonKind}`, `suspicious${yn(s.suspicious)}`, `orderref${yn(s.orderRef)}`, `customer${s.customer}`,
    `order${s.order.replace("_", "")}`, `listed${s.listed}`, `items${s.items}`, `elig${s.elig}`, `refund${s.refund}`,
    `labelneeded${yn(s.labelNeeded)}`, `label${s.label}`, `reply${s.reply}`, `replied${s.replied}`,
  ];
}

/**
 * The text the policy classifier hashes. With `pairs` (the large tier) every
 * pair of field tokens is a feature of its own, so a linear model can learn
 * conjunctions ("order found AND eligibility not yet checked"); the small tier
 * has single fields only, which is its capacity limit.
 */
export function policyText(s: PolicyState, pairs: boolean): string {
  const tokens = stateTokens(s);
  if (!pairs) return tokens.join(" ");
  const out = tokens.slice();
  for (let i = 0; i < tokens.length; i++) for (let j = i + 1; j < tokens.length; j++) out.push(`${tokens[i]}AND${tokens[j]}`);
  return out.join(" ");
}
