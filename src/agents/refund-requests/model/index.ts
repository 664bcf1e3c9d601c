/**
 * The embedded tool-calling model for `refund-requests`: it receives the
 * messages and the tools offered and returns the next tool call or the final
 * answer, like a general chat model would. Nothing is remembered between
 * turns: every answer is read from the request alone.
 *
 * Learned (weights in `weights/`, trained by `npm run train:refund-model`):
 * the reason (six reasons or not a refund request), hidden instructions, and
 * which tool to call next given what the earlier calls returned. Copied
 * deterministically, as a model copies from its context: order numbers, the
 * order lines the message names and how many, the amount (always the one
 * `checkEligibility` returned), the reply text and the final answer.
 *
 * Two tiers: `local/refund-agent-small` (unigram text features in 2^13
 * buckets, 25% of the data; a policy over single state fields) and
 * `local/refund-agent-large` (1-2-grams and char 1-4-grams in 2^16 buckets,
 * all the data; a policy over pairs of state fields). The final answer carries
 * a calibrated `confidence` (the least confident learned decision) so the
 * runtime's cascade can move from small to large.
 *
 * Example:
 *   const response = completeRefundTurn({ model: "local/refund-agent-large", messages, tools });
 *   response.choices[0].message.tool_calls; // [{ function: { name: "lookupCustomer", arguments: '{"customerId":"C2001"}' } }]
 */
import type { ChatRequest, ChatResponse, ToolCall } from "../../../models/types";
import { analyse, type Analysis } from "./analyse";
import { readConversation, type Conversation } from "./conversation";
import { nextAction, type RefundTier } from "./learned";
import { ACTIONS, type Action } from "./policy-state";
import { writeReply } from "./reply";
import { answerTone } from "./tone";

export { ACTIONS, type Action } from "./policy-state";
export type { RefundTier } from "./learned";

/** Model ids the embedded provider should route to this model. */
export const REFUND_AGENT_MODELS: Readonly<Record<string, RefundTier>> = {
  "local/refund-agent-small": "small",
  "local/refund-agent-large": "large",
};

const UNSUPPORTED = JSON.stringify({ error: "unsupported_task" });
const CHARS_PER_TOKEN = 4;
const tokens = (text: string) => Math.ceil(text.length / CHARS_PER_TOKEN);
const round4 = (p: number) => Math.round(p * 10_000) / 10_000;

type Ready = Conversation & { task: NonNullable<Conversation["task"]> };

/** The arguments of an action, or null when the conversation does not yet allow it (or it already ran). */
function argumentsFor(action: Action, a: Analysis, conv: Ready): Record<string, unknown> | null {
  const done = (name: string) => conv.last.get(name)?.ok !== undefined;
  const offered = (name: string) => conv.offered === null || conv.offered.has(name);
  // A second reply only once the refund it follows has its result (an escalation a person decided).
  const again = action === "sendReply" && a.state.replied === "before" && a.state.refund !== "none";
  if (action !== "final" && (!offered(action) || (done(action) && !again))) return null;
  const { task, order } = a;
  const refundLines = () => {
    if (a.elig?.refundLines) return a.elig.refundLines;
    const granted = (a.elig?.lines ?? []).filter((l) => l.verdict === "refunded" && l.quantity > 0).map(({ sku, quantity }) => ({ sku, quantity }));
    return a.elig && a.elig.lines.length > 0 ? granted : a.lines.map(({ sku, quantity }) => ({ sku, quantity }));
  };
  switch (action) {
    case "lookupCustomer":
      return { customerId: task.customerId };
    case "listOrders":
      return a.state.customer === "ok" ? { customerId: task.customerId } : null;
    case "getOrder":
      return a.orderRef !== null && a.state.customer === "ok" ? { customerId: task.customerId, orderId: a.orderRef } : null;
    case "checkEligibility":
      if (order === null || a.state.items !== "resolved") return null;
      return { customerId: task.customerId, orderId: order.orderId, lines: a.lines.map(({ sku, quantity }) => ({ sku, quantity })), reason: a.reason, receivedAt: task.receivedAt };
    case "issueRefund":
      // On escalate the same call is proposed: the run waits for a person, who approves or rejects it.
      if (order === null || (a.state.elig !== "refund" && a.state.elig !== "escalate") || a.state.suspicious) return null;
      return { requestId: task.requestId, orderId: order.orderId, lines: refundLines(), reason: a.reason, amountCents: a.elig!.amountCents };
    case "createReturnLabel":
      if (order === null || a.state.refund !== "ok" || !a.state.labelNeeded) return null;
      return { requestId: task.requestId, orderId: order.orderId, lines: refundLines() };
    case "sendReply":
      if (a.state.elig === "escalate" && a.state.refund === "ok" && a.state.labelNeeded && a.state.label === "none" && offered("createReturnLabel")) return null;
      return { requestId: task.requestId, text: replyText(a) };
    case "final":
      return finalAnswer(a, conv);
  }
}

function replyText(a: Analysis): string {
  const granted = a.elig?.refundLines ?? (a.elig?.lines ?? []).filter((l) => l.verdict !== "denied");
  const items = a.decision === "refund"
    ? granted.map((l) => ({ name: a.order?.lines.find((o) => o.sku === l.sku)?.name ?? l.sku, quantity: l.quantity }))
    : [];
  return writeReply({
    decision: a.decision,
    firstName: a.firstName,
    orderId: a.decision === "needs_info" && !a.codes.includes("AMBIGUOUS_ITEMS") ? null : (a.order?.orderId ?? null),
    codes: a.codes,
    refundCents: a.elig?.amountCents ?? 0,
    reviewed: a.state.elig === "escalate" && a.state.refund !== "none",
    returnLabel: a.state.label === "ok",
    labelPending: a.state.label === "error",
    items,
    unknownCustomer: a.state.customer === "unknown",
  });
}

function finalAnswer(a: Analysis, conv: Ready): Record<string, unknown> {
  const sent = conv.last.get("sendReply");
  const refund = a.decision === "refund";
  const unknown = a.state.customer === "unknown";
  const named = a.decision !== "out_of_scope" && !unknown && !a.codes.some((c) => c === "ORDER_NOT_FOUND" || c === "AMBIGUOUS_ORDER");
  return {
    decision: a.decision,
    orderId: named ? (a.order?.orderId ?? null) : null,
    reason: a.decision === "out_of_scope" || unknown || a.state.intent === "oos" ? null : a.reason,
    refundCents: refund ? (a.elig?.amountCents ?? 0) : 0,
    returnLabel: refund && a.state.label === "ok",
    codes: a.codes,
    lines: (a.elig?.lines ?? []).map((l) => ({
      ...l, verdict: verdictAfter(a.decision, l.verdict), refundCents: refund ? l.refundCents : 0,
    })),
    reply: typeof sent?.args.text === "string" ? sent.args.text : replyText(a),
    confidence: round4(confidenceOf(a)),
  };
}

/** A line's verdict once the request is decided: pending while escalated, then what the person decided. */
function verdictAfter(decision: string, verdict: string): string {
  if (verdict === "denied") return verdict;
  if (decision === "escalate") return "needs_review";
  if (decision === "refund") return "refunded";
  return decision === "deny" ? "denied" : verdict;
}

/**
 * The least confident learned decision this answer rests on (each one is calibrated on held-out data).
 * The reason no longer counts once checkEligibility was called with one: the calls made since rest on it.
 */
function confidenceOf(a: Analysis, policy?: number, reasonFixed = false): number {
  return Math.min(reasonFixed ? 1 : a.reasonPrediction.confidence, a.injectionPrediction.confidence, policy ?? 1);
}

function response(request: ChatRequest, message: ChatResponse["choices"][number]["message"], finish: "stop" | "tool_calls", confidence?: number): ChatResponse {
  const prompt = request.messages.reduce((sum, m) => sum + 4 + tokens(m.content ?? ""), 3);
  const completion = tokens((message.content ?? "") + (message.tool_calls ?? []).map((c) => c.function.name + c.function.arguments).join(""));
  return {
    id: `chatcmpl-local-refund-${request.messages.length}`,
    object: "chat.completion",
    model: request.model,
    choices: [{ index: 0, message, finish_reason: finish, ...(confidence === undefined ? {} : { confidence }) }],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** The next turn for a request to `local/refund-agent-small` or `-large` (any other id answers as the small tier). */
export function completeRefundTurn(request: ChatRequest): ChatResponse {
  const tier = REFUND_AGENT_MODELS[request.model] ?? "small";
  // The reply's tone check (../tone.ts) is the other task these tiers serve.
  const tone = answerTone(tier, request);
  if (tone !== null) return response(request, { role: "assistant", content: tone.content }, "stop", tone.confidence);
  const conv = readConversation(request);
  if (conv.task === null) return response(request, { role: "assistant", content: UNSUPPORTED }, "stop");
  const ready = conv as Ready;
  const a = analyse(tier, ready);
  // The policy ranks every action; the best one the conversation allows is taken (like constrained decoding).
  const ranked = nextAction(tier, a.state).ranked;
  for (const { label, probability } of ranked) {
    const action = label as Action;
    const args = argumentsFor(action, a, ready);
    if (args === null) continue;
    // Every answer says how sure it is, so a cascade can hand the turns the small tier is unsure of to the large one.
    const confidence = round4(confidenceOf(a, probability, ready.last.get("checkEligibility") !== undefined));
    if (action === "final") {
      return response(request, { role: "assistant", content: JSON.stringify({ ...args, confidence }) }, "stop", confidence);
    }
    const call: ToolCall = { id: `call_${ready.turns}_${action}`, type: "function", function: { name: action, arguments: JSON.stringify(args) } };
    return response(request, { role: "assistant", content: null, tool_calls: [call] }, "tool_calls", confidence);
  }
  throw new Error(`unreachable: "final" is always allowed (${ACTIONS.length} actions)`);
}

/** The name the brief asks for. */
export const complete = completeRefundTurn;
