/**
 * What the refund review page reads from a run: the request as submitted, the
 * tools' answers as the run journaled them (lookupCustomer, checkEligibility,
 * sendReply) and the proposal (a paused issueRefund call, or a final answer of
 * escalate). Nothing is recomputed: amounts are checkEligibility's.
 */
import type { CallOutput } from "../../../runtime/tool-loop/types";
import { Eligibility, RefundOutcome, RefundRequestSchema, type RefundRequest } from "../schema";

export interface ProposedRefund {
  orderId: string;
  amountCents: number;
  lines: { sku: string; quantity: number }[];
  reason: string | undefined;
}

export interface RefundView {
  request: RefundRequest;
  customer: { name: string; tier: string; status: string; refundsLast90Days: number } | null;
  eligibility: Eligibility | null;
  /** The issueRefund call waiting for a decision, if that is what waits. */
  refund: ProposedRefund | null;
  /** The agent's final answer, when the run waits on it (decision escalate). */
  answer: RefundOutcome | null;
  /** Replies the run has sent so far, oldest first. */
  replies: string[];
}

const isCall = (v: unknown): v is CallOutput => typeof v === "object" && v !== null && "tool" in v && "status" in v && "callId" in v;

function okResults(outputs: Readonly<Record<string, unknown>>, tool: string): unknown[] {
  return Object.values(outputs)
    .filter(isCall)
    .filter((c) => c.tool === tool && c.status === "ok")
    .map((c) => c.result);
}

/** The issueRefund call of a tool-call proposal (`{kind: "tool_call", calls: [...]}`), if any. */
export function proposedRefund(proposal: unknown): ProposedRefund | null {
  const calls = (proposal as { calls?: unknown } | null)?.calls;
  if (!Array.isArray(calls)) return null;
  const c = calls.find((x) => (x as { tool?: unknown })?.tool === "issueRefund") as { arguments?: Record<string, unknown> } | undefined;
  const a = c?.arguments;
  if (!a || typeof a.orderId !== "string" || typeof a.amountCents !== "number") return null;
  const lines = Array.isArray(a.lines) ? (a.lines as { sku: string; quantity: number }[]) : [];
  return { orderId: a.orderId, amountCents: a.amountCents, lines, reason: typeof a.reason === "string" ? a.reason : undefined };
}

export function refundView(src: { input: unknown; proposal: unknown; outputs: Readonly<Record<string, unknown>> }): RefundView | null {
  const parsed = RefundRequestSchema.safeParse(src.input);
  if (!parsed.success) return null;
  const request = parsed.data;
  const customer = okResults(src.outputs, "lookupCustomer").at(-1) as RefundView["customer"] | undefined;
  const eligibility = okResults(src.outputs, "checkEligibility")
    .map((r) => Eligibility.safeParse(r))
    .filter((r) => r.success)
    .map((r) => r.data)
    .filter((e) => e.customerId === request.customerId)
    .at(-1);
  const answer = RefundOutcome.safeParse(src.proposal);
  const replies = okResults(src.outputs, "sendReply")
    .map((r) => (r as { text?: unknown })?.text)
    .filter((t): t is string => typeof t === "string");
  return {
    request,
    customer: customer ?? null,
    eligibility: eligibility ?? null,
    refund: proposedRefund(src.proposal),
    answer: answer.success ? answer.data : null,
    replies,
  };
}
