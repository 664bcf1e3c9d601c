/**
 * From a conversation to what the refund model knows: the policy state (what
 * the next-action classifier reads) and the facts the tool arguments, the
 * reply and the final answer are written from.
 */
import type { Prediction } from "../../../models/embedded/linear-model";
import { findString, hasHiddenCharacters, matchLines, matchOrder, orderNumbers, ordersIn, type Order, type RequestedLine, type Task } from "./extract";
import type { Conversation, ToolOutcome } from "./conversation";
import { classifyReason, detectInjection, type ReasonLabel, type RefundTier } from "./learned";
import { INITIAL_STATE, type PolicyState } from "./policy-state";
import { hasInstructionCue } from "./instruction-cues";
import { isSuspiciousText } from "../text-checks";
import type { Decision } from "./reply";

export const REASONS = ["damaged", "defective", "wrong_item", "not_received", "changed_mind", "late_delivery"] as const;
export type Reason = (typeof REASONS)[number];
/** The codes that hand a request to a person (the contract's escalation list). */
export const ESCALATION_CODES = ["ACCOUNT_BLOCKED", "FREQUENT_REFUNDS", "DELIVERY_DISPUTE", "REVIEW_THRESHOLD"];

export interface EligibleLine {
  sku: string;
  quantity: number;
  verdict: string;
  refundCents: number;
  codes: string[];
}

export interface Analysis {
  task: Task;
  state: PolicyState;
  reason: Reason;
  reasonPrediction: Prediction;
  injectionPrediction: Prediction;
  orderRef: string | null;
  firstName: string | null;
  order: Order | null;
  lines: RequestedLine[];
  elig: {
    codes: string[];
    amountCents: number;
    returnLabel: boolean;
    lines: EligibleLine[];
    /** The lines issueRefund must send, when the tool says (else the refunded lines). */
    refundLines: { sku: string; quantity: number }[] | null;
    decision: string | null;
  } | null;
  decision: Decision;
  codes: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const numberOf = (o: Record<string, unknown>, keys: string[]) => {
  for (const k of keys) if (typeof o[k] === "number" && Number.isInteger(o[k])) return o[k] as number;
  return undefined;
};
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const notFound = (code: string | undefined) => code !== undefined && /NOT_FOUND|UNKNOWN/.test(code);

function readEligibility(outcome: ToolOutcome): NonNullable<Analysis["elig"]> {
  const r = isObject(outcome.result) ? outcome.result : {};
  const eligible = isObject(r.eligibility) ? r.eligibility : r;
  const lines = (Array.isArray(eligible.lines) ? eligible.lines : []).filter(isObject).filter((l) => typeof l.sku === "string").map((l) => ({
    sku: l.sku as string,
    quantity: numberOf(l, ["quantity"]) ?? 0,
    verdict: typeof l.verdict === "string" ? l.verdict : "denied",
    refundCents: numberOf(l, ["refundCents", "amountCents"]) ?? 0,
    codes: strings(l.codes),
  }));
  const codes = [...new Set([...strings(eligible.codes), ...lines.flatMap((l) => l.codes)])];
  const amountCents = numberOf(eligible, ["refundCents", "amountCents", "totalCents", "totalRefundCents", "refundableCents"]) ?? 0;
  const flag = ["returnLabel", "returnLabelNeeded", "needsReturnLabel", "labelNeeded"].map((k) => eligible[k]).find((v) => typeof v === "boolean");
  const refundLines = Array.isArray(eligible.refundLines)
    ? eligible.refundLines.filter(isObject).filter((l) => typeof l.sku === "string").map((l) => ({ sku: l.sku as string, quantity: numberOf(l, ["quantity"]) ?? 0 }))
    : null;
  const decision = typeof eligible.decision === "string" ? eligible.decision : null;
  return { codes, amountCents, returnLabel: flag === true, lines, refundLines, decision };
}

const resultOf = (o: ToolOutcome | undefined): "none" | "ok" | "error" => (o?.ok === undefined ? "none" : o.ok ? "ok" : "error");
const REJECTED = "REJECTED_BY_REVIEWER";

export function analyse(tier: RefundTier, conv: Conversation & { task: Task }): Analysis {
  const { task, last } = conv;
  const reasonPrediction = classifyReason(tier, task.message);
  const injectionPrediction = detectInjection(tier, task.message);
  // The detector's "suspicious" needs a cue word to stand (instruction-cues.ts); the contract's own phrasings are caught by code too.
  const suspicious =
    hasHiddenCharacters(task.message) || isSuspiciousText(task.message) || (injectionPrediction.label === "suspicious" && hasInstructionCue(task.message));
  // Once eligibility was checked for a reason, that reason stands (the calls already made used it).
  const used = last.get("checkEligibility")?.args.reason;
  const predicted = reasonPrediction.label as ReasonLabel;
  const best = (reasonPrediction.ranked.find((r) => r.label !== "not_refund")?.label ?? "damaged") as Reason;
  const reason = (REASONS as readonly string[]).includes(String(used)) ? (used as Reason) : predicted === "not_refund" ? best : predicted;
  const orderOnly = reason === "not_received" || reason === "late_delivery";
  const orderRef = task.orderId ?? orderNumbers(task.message)[0] ?? null;

  const state: PolicyState = {
    ...INITIAL_STATE,
    intent: predicted === "not_refund" && used === undefined ? "oos" : "refund",
    reasonKind: orderOnly ? "order" : "items",
    suspicious,
    orderRef: orderRef !== null,
  };
  let firstName: string | null = null;
  const customer = last.get("lookupCustomer");
  if (customer?.ok !== undefined) {
    const name = findString(customer.result, ["firstName", "name", "fullName"]);
    state.customer = !customer.ok ? (notFound(customer.errorCode) ? "unknown" : "error") : name === undefined && !isObject(customer.result) ? "unknown" : "ok";
    if (name) firstName = name.trim().split(/\s+/)[0] ?? null;
  }

  let order: Order | null = null;
  const got = last.get("getOrder");
  if (got?.ok !== undefined) {
    const found = got.ok ? ordersIn(got.result)[0] : undefined;
    state.order = found ? "ok" : !got.ok && !notFound(got.errorCode) ? "error" : "not_found";
    order = found ?? null;
  }
  const listed = last.get("listOrders");
  if (listed?.ok !== undefined) {
    if (!listed.ok) state.listed = "error";
    else {
      const orders = ordersIn(listed.result);
      const match = matchOrder(task.message, orders, orderOnly);
      state.listed = match ? "one" : orders.length === 0 ? "zero" : "many";
      order ??= match;
    }
  }

  let lines: RequestedLine[] = [];
  if (order !== null) {
    const match = matchLines(task.message, order, orderOnly);
    state.items = match.kind === "lines" && match.lines.length > 0 ? "resolved" : "ambiguous";
    if (match.kind === "lines") lines = match.lines;
  }

  let elig: Analysis["elig"] = null;
  const checked = last.get("checkEligibility");
  if (checked?.ok !== undefined) {
    if (!checked.ok) state.elig = "error";
    else {
      const read = readEligibility(checked);
      elig = read;
      // The tool's own decision when it gives one; else read from its codes and amount.
      const escalates = read.decision === "escalate" || read.codes.some((c) => ESCALATION_CODES.includes(c));
      state.elig = escalates ? "escalate" : read.decision === "refund" || (read.decision === null && read.amountCents > 0) ? "refund" : "deny";
      state.labelNeeded = (state.elig === "refund" || state.elig === "escalate") && read.returnLabel;
    }
  }
  const refunded = last.get("issueRefund");
  state.refund = refunded?.ok === false && refunded.errorCode === REJECTED ? "rejected" : resultOf(refunded);
  state.label = resultOf(last.get("createReturnLabel"));
  const reply = last.get("sendReply");
  state.reply = resultOf(reply);
  if (reply?.seq !== undefined) state.replied = refunded?.seq !== undefined && reply.seq > refunded.seq ? "after" : "before";

  const { decision, codes } = decide(state, elig);
  return { task, state, reason, reasonPrediction, injectionPrediction, orderRef, firstName, order, lines, elig, decision, codes };
}

/** The contract's decision order, from what the conversation established so far. */
function decide(s: PolicyState, elig: Analysis["elig"]): { decision: Decision; codes: string[] } {
  if (s.customer === "unknown") return { decision: "deny", codes: ["UNKNOWN_CUSTOMER"] };
  const codes: string[] = [];
  if (s.intent === "oos") codes.push("NOT_A_REFUND_REQUEST");
  else if (s.order === "not_found") codes.push("ORDER_NOT_FOUND");
  else if (s.listed === "zero" || s.listed === "many") codes.push("AMBIGUOUS_ORDER");
  else if (s.items === "ambiguous") codes.push("AMBIGUOUS_ITEMS");
  else if (elig) codes.push(...elig.codes);
  const sorted = (list: string[]) => [...new Set(list)].sort();
  if (s.suspicious) return { decision: "escalate", codes: sorted([...codes, "SUSPICIOUS_TEXT"]) };
  if (s.intent === "oos") return { decision: "out_of_scope", codes };
  if (codes.some((c) => ["ORDER_NOT_FOUND", "AMBIGUOUS_ORDER", "AMBIGUOUS_ITEMS"].includes(c))) return { decision: "needs_info", codes: sorted(codes) };
  // A tool that failed, or an escalation code: a person decides.
  const failed = [s.customer, s.order, s.listed, s.elig, s.refund].includes("error");
  // An escalation a person decided: approved is a refund, rejected a denial (the codes say why it went to a person).
  if (s.elig === "escalate" && s.refund === "ok") return { decision: "refund", codes: sorted(codes) };
  if (s.elig === "escalate" && s.refund === "rejected") return { decision: "deny", codes: sorted(codes) };
  if (failed || s.elig === "escalate" || s.refund === "rejected") return { decision: "escalate", codes: sorted(codes) };
  if (s.elig === "refund") return { decision: "refund", codes: sorted(codes) };
  return { decision: "deny", codes: sorted(codes) };
}
