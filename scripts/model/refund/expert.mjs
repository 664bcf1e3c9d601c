// The teacher of the next-action policy: what the contract says to do next in
// a conversation state. Only the training generator uses it; the Worker ships
// the policy learned from its examples, not this function.
import { INITIAL_STATE } from "../../../src/agents/refund-requests/model/policy-state.ts";

export const ACTION_LABELS = ["lookupCustomer", "listOrders", "getOrder", "checkEligibility", "issueRefund", "createReturnLabel", "sendReply", "final"];

export function expertAction(s) {
  if (s.customer === "none") return "lookupCustomer";
  if (s.reply === "error") return "final";
  const replyOrFinal = s.replied === "none" ? "sendReply" : "final";
  if (s.customer !== "ok" || s.intent === "oos") return replyOrFinal;
  const identified = s.order === "ok" || s.listed === "one";
  if (!identified) {
    if (s.order !== "none" || (s.listed !== "none" && s.listed !== "one")) return replyOrFinal;
    return s.orderRef ? "getOrder" : "listOrders";
  }
  if (s.items === "ambiguous") return replyOrFinal;
  if (s.elig === "none") return "checkEligibility";
  if (s.elig === "error" || s.elig === "deny" || s.suspicious) return replyOrFinal;
  if (s.elig === "escalate") {
    // Tell the customer a person will look, propose the refund (the run waits for the person), then say what was decided.
    if (s.replied === "none") return "sendReply";
    if (s.refund === "none") return "issueRefund";
    if (s.refund === "ok" && s.labelNeeded && s.label === "none") return "createReturnLabel";
    return s.replied === "before" ? "sendReply" : "final";
  }
  if (s.refund === "none") return "issueRefund";
  if (s.refund === "ok" && s.labelNeeded && s.label === "none") return "createReturnLabel";
  return replyOrFinal;
}

/** Plays one scenario (the outcome each tool would have) from the first turn to the final answer. */
export function rollout(scenario) {
  const steps = [];
  let s = {
    ...INITIAL_STATE, intent: scenario.intent, reasonKind: scenario.reasonKind, suspicious: scenario.suspicious, orderRef: scenario.orderRef,
  };
  for (let i = 0; i < 14; i++) {
    const action = expertAction(s);
    steps.push({ state: s, action });
    if (action === "final") break;
    s = { ...s };
    if (action === "lookupCustomer") s.customer = scenario.customer;
    else if (action === "getOrder") s.order = scenario.order;
    else if (action === "listOrders") s.listed = scenario.listed;
    else if (action === "checkEligibility") {
      s.elig = scenario.elig;
      s.labelNeeded = (scenario.elig === "refund" || scenario.elig === "escalate") && scenario.labelNeeded;
    } else if (action === "issueRefund") {
      // On an escalation the call waits for a person, who approves (ok) or rejects it.
      s.refund = scenario.elig === "escalate" ? scenario.decided : scenario.refund;
    }
    else if (action === "createReturnLabel") s.label = scenario.label;
    else if (action === "sendReply") {
      s.reply = scenario.reply;
      s.replied = s.refund === "none" ? "before" : "after";
    }
    // Items resolve once an order is known (for the order-only reasons there is nothing to name).
    if ((s.order === "ok" || s.listed === "one") && s.items === "na") s.items = scenario.reasonKind === "order" ? "resolved" : scenario.items;
  }
  return steps;
}
