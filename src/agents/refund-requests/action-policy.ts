/**
 * The action policy of `refund-requests`: every side effect is checked
 * against what the deterministic tools answered in this run, never against
 * what the model says. Also the approval rules (`needsApproval`): escalation
 * codes and a second bad reply go to a person.
 */
import { ALLOW, block, type ActionFacts, type ActionVerdict, type ProposedAction } from "../../guardrails/action-policy";
import type { CallOutput } from "../../runtime/tool-loop/types";
import { ESCALATION_CODES, type Eligibility, type Line, type RefundRequest } from "./schema";
import { isSuspiciousText, replyProblems, type ReplyProblem } from "./text-checks";

type Facts = ActionFacts<RefundRequest>;
interface RefundArgs { requestId: string; orderId: string; lines: Line[]; reason: string; amountCents: number }
interface LabelArgs { requestId: string; orderId: string; lines: Line[] }
interface ReplyArgs { requestId: string; text: string }
interface Issued { orderId: string; lines: Line[]; amountCents: number }

const REVIEW_SUFFIX = ":review";
const isPaused = (v: unknown): v is { pending: { tool: string } } => typeof v === "object" && v !== null && "$review" in v && "pending" in v;

/** Completed call outputs of one tool, in journal order. */
function outputs(facts: Facts, tool: string): CallOutput[] {
  return Object.values(facts.results).filter((o): o is CallOutput => typeof o === "object" && o !== null && (o as CallOutput).tool === tool && "status" in o);
}
const okResults = <T>(facts: Facts, tool: string) => outputs(facts, tool).filter((o) => o.status === "ok").map((o) => o.result as T);

/** The latest eligibility answer for this request's customer and date: the only source of an amount. */
export function eligibilityOf(facts: Facts): Eligibility | undefined {
  return okResults<Eligibility>(facts, "checkEligibility").filter((e) => e.customerId === facts.input.customerId && e.receivedAt === facts.input.receivedAt).at(-1);
}
export const refundIssued = (facts: Facts) => okResults<Issued>(facts, "issueRefund").at(-1);

/** A person is deciding (or has just decided) on this tool's call: the call under review has no result after the decision yet. */
function underReview(facts: Facts, tool: string): boolean {
  const decision = (facts.review as { decision?: string } | null | undefined)?.decision;
  if (decision === "reject") return false;
  return Object.entries(facts.results).some(([k, v]) => isPaused(v) && v.pending.tool === tool && facts.results[k + REVIEW_SUFFIX] === undefined);
}

/** Escalation codes that apply to this request: the eligibility's, plus instructions hidden in the message (checked here, not by the model). */
export function escalationCodes(facts: Facts): string[] {
  const codes = new Set((eligibilityOf(facts)?.codes ?? []).filter((c) => (ESCALATION_CODES as readonly string[]).includes(c)));
  if (isSuspiciousText(facts.input.message)) codes.add("SUSPICIOUS_TEXT");
  return [...codes].sort();
}

const key = (lines: Line[]) => JSON.stringify([...lines].sort((a, b) => a.sku.localeCompare(b.sku)));
/** Every line of `part` is a line of `whole` with no more quantity (a reviewer may refund less, never more). */
const within = (part: Line[], whole: Line[]) => part.every((p) => (whole.find((w) => w.sku === p.sku)?.quantity ?? 0) >= p.quantity) && new Set(part.map((p) => p.sku)).size === part.length;

/** The refund checks except escalation: what must hold for any `issueRefund`. */
function refundCore(a: RefundArgs, facts: Facts): ActionVerdict {
  if (a.requestId !== facts.input.requestId) return block("REQUEST_MISMATCH", "A refund belongs to the request being handled.");
  if (refundIssued(facts)) return block("ALREADY_REFUNDED_FOR_REQUEST", "This request already has its refund.");
  const e = eligibilityOf(facts);
  if (!e) return block("ELIGIBILITY_NOT_CHECKED", "Call checkEligibility for this order first; a refund uses exactly its answer.");
  if (facts.input.orderId !== undefined && a.orderId !== facts.input.orderId) return block("ORDER_MISMATCH", "The request names another order.");
  if (a.orderId !== e.orderId || a.reason !== e.reason) return block("REFUND_MISMATCH", `The refund must be for the order and reason checkEligibility checked (${e.orderId}, ${e.reason}).`);
  if (e.decision !== "refund" && e.decision !== "escalate") return block("NOT_ELIGIBLE", "checkEligibility allows no refund for this request.");
  if (e.refundCents <= 0) return block("NOT_ELIGIBLE", "Nothing is left to refund.");
  if (underReview(facts, "issueRefund")) {
    // A reviewer approves or amends within policy: the same order and reason, eligible lines only, the amount they add up to.
    if (!within(a.lines, e.refundLines)) return block("REFUND_MISMATCH", "A reviewer may refund only the eligible lines, up to their eligible quantities.");
    const linesCents = a.lines.reduce((sum, l) => {
      const v = e.lines.find((x) => x.sku === l.sku)!;
      return sum + (v.refundCents / v.quantity) * l.quantity;
    }, 0);
    if (a.amountCents !== linesCents && a.amountCents !== linesCents + e.shippingCents) {
      return block("REFUND_MISMATCH", `These lines refund ${linesCents} cents${e.shippingCents > 0 ? ` (or ${linesCents + e.shippingCents} with shipping)` : ""}.`);
    }
    return ALLOW;
  }
  if (key(a.lines) !== key(e.refundLines) || a.amountCents !== e.refundCents) {
    return block("REFUND_MISMATCH", `The refund must be exactly checkEligibility's refundLines and refundCents (${e.refundCents}).`);
  }
  return ALLOW;
}

function labelPolicy(a: LabelArgs, facts: Facts): ActionVerdict {
  if (a.requestId !== facts.input.requestId) return block("REQUEST_MISMATCH", "A label belongs to the request being handled.");
  const refund = refundIssued(facts);
  if (!refund) return block("LABEL_WITHOUT_REFUND", "A return label follows the refund.");
  if (!eligibilityOf(facts)?.returnLabel) return block("LABEL_NOT_NEEDED", "No return label is needed for this refund.");
  if (okResults(facts, "createReturnLabel").length > 0) return block("ALREADY_LABELED", "This request already has its return label.");
  if (a.orderId !== refund.orderId || key(a.lines) !== key(refund.lines)) return block("LABEL_MISMATCH", "The label covers exactly the refunded lines.");
  return ALLOW;
}

/** What the reply must agree with: the customer looked up, the identified order, the refund issued. */
export function replyCheck(text: string, facts: Facts): ReplyProblem[] {
  const customer = okResults<{ customerId: string; firstName: string }>(facts, "lookupCustomer").find((c) => c.customerId === facts.input.customerId);
  const order = eligibilityOf(facts)?.orderId ?? okResults<{ orderId: string }>(facts, "getOrder").at(-1)?.orderId ?? null;
  const refund = refundIssued(facts);
  return replyProblems(text, { firstName: customer?.firstName ?? null, orderId: order, refundedCents: refund?.amountCents ?? null, otherNames: [], otherOrders: [] });
}

/** Replies refused for their content so far (the first refusal is rewritten by the model; the next goes to a person). */
export const refusedReplies = (facts: Facts) => outputs(facts, "sendReply").filter((o) => (o.status === "refused" || o.status === "error") && o.error?.code.startsWith("REPLY_")).length;

function replyPolicy(a: ReplyArgs, facts: Facts): ActionVerdict {
  if (a.requestId !== facts.input.requestId) return block("REQUEST_MISMATCH", "A reply belongs to the request being handled.");
  const sent = okResults(facts, "sendReply").length;
  // One reply when the agent finishes; one more only once a person has decided.
  if (sent >= 2 || (sent === 1 && !facts.review)) return block("REPLY_ALREADY_SENT", "This request has had its reply.");
  const e = eligibilityOf(facts);
  const refund = refundIssued(facts);
  if (e?.decision === "refund" && !refund) return block("REFUND_NOT_ISSUED", "checkEligibility allows a refund: issue it before replying.");
  if (refund && e?.returnLabel && okResults(facts, "createReturnLabel").length === 0) return block("LABEL_NOT_CREATED", "Create the return label before replying.");
  const problems = replyCheck(a.text, facts);
  if (problems.length > 0) return block(problems[0]!.code, problems.map((p) => p.message).join(" "));
  return ALLOW;
}

export function refundActionPolicy(action: ProposedAction, facts: Facts): ActionVerdict {
  switch (action.tool) {
    case "issueRefund": {
      const core = refundCore(action.args as RefundArgs, facts);
      if (!core.allow || underReview(facts, "issueRefund")) return core;
      const codes = escalationCodes(facts);
      return codes.length > 0 ? block("ESCALATION_REQUIRED", `A person decides this refund (${codes.join(", ")}).`) : ALLOW;
    }
    case "createReturnLabel":
      return labelPolicy(action.args as LabelArgs, facts);
    case "sendReply":
      return replyPolicy(action.args as ReplyArgs, facts);
    default:
      return ALLOW;
  }
}

/** issueRefund waits for a person when it is otherwise exactly right but an escalation code applies. */
export function refundNeedsApproval(args: unknown, facts: Facts): boolean {
  return refundCore(args as RefundArgs, facts).allow && !underReview(facts, "issueRefund") && escalationCodes(facts).length > 0;
}

/** A reply refused once is rewritten by the model; a second bad one goes to a person. */
export function replyNeedsApproval(args: unknown, facts: Facts): boolean {
  const a = args as ReplyArgs;
  return refusedReplies(facts) >= 1 && replyCheck(a.text, facts).length > 0;
}
