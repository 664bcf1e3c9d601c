/**
 * The reply's tone check by the embedded refund model: every reply the agent
 * writes reads as polite; rude and blaming replies written here (not from the
 * training phrasings, and not caught by the deterministic word list) do not.
 */
import { describe, expect, it } from "vitest";
import { completeRefundTurn } from "../../src/agents/refund-requests/model";
import { writeReply, type ReplyFacts } from "../../src/agents/refund-requests/model/reply";
import { replyProblems } from "../../src/agents/refund-requests/text-checks";
import { checkTone, DEFAULT_TONE_TIERS, toneMessages } from "../../src/agents/refund-requests/tone";
import type { ChatRequest } from "../../src/models/types";

const base: ReplyFacts = { decision: "refund", firstName: "Dana", orderId: "N-10001", codes: [], refundCents: 2450, returnLabel: false, items: [{ name: "Blue mug", quantity: 2 }] };
const AGENT_REPLIES: ReplyFacts[] = [
  base, { ...base, returnLabel: true }, { ...base, labelPending: true, reviewed: true },
  { ...base, decision: "deny", codes: ["OUTSIDE_RETURN_WINDOW"] }, { ...base, decision: "deny", codes: ["FINAL_SALE"] }, { ...base, decision: "deny", codes: ["IN_TRANSIT"] },
  { ...base, decision: "deny", codes: ["WARRANTY_EXPIRED"], reviewed: true }, { ...base, decision: "escalate" },
  { ...base, decision: "needs_info", codes: ["ORDER_NOT_FOUND"] }, { ...base, decision: "needs_info", codes: ["AMBIGUOUS_ITEMS"] }, { ...base, decision: "needs_info", orderId: null },
  { ...base, decision: "out_of_scope" }, { ...base, decision: "deny", unknownCustomer: true },
];
const frame = (body: string) => `Hi Dana,\n\n${body}\n\nBest regards,\nNorthwind Outfitters customer care`;
const RUDE_REPLIES = [
  frame("The mugs were fine when they left us, so you must have knocked them over yourself. No refund for order N-10001."),
  frame("We will not refund order N-10001. If you had taken a minute to look at the listing you would know it was final sale."),
  frame("Order N-10001 is not eligible. Honestly, we are tired of explaining this to people like you."),
  frame("Oh wonderful, another broken mug story. Order N-10001 gets nothing."),
];

const facts = { firstName: "Dana", orderId: "N-10001", refundedCents: null, otherNames: [], otherOrders: [] };
/** The embedded tiers as the cascade sees them. */
const embedded = (_model: string, request: ChatRequest) => Promise.resolve({ response: completeRefundTurn(request), latencyMs: 0, gateway: {} });

describe("the embedded tone model", () => {
  it.each(AGENT_REPLIES.map((f) => [f.decision + (f.codes[0] ? ` ${f.codes[0]}` : ""), writeReply(f)]))("reads the agent's own %s reply as polite", async (_name, text) => {
    const verdict = await checkTone(text, { tiers: DEFAULT_TONE_TIERS, call: embedded });
    expect(verdict.ok).toBe(true);
  });

  it.each(RUDE_REPLIES)("refuses a rude or blaming reply the word list lets through: %s", async (text) => {
    expect(replyProblems(text, facts).map((p) => p.code)).not.toContain("REPLY_TONE");
    const verdict = await checkTone(text, { tiers: DEFAULT_TONE_TIERS, call: embedded });
    expect(verdict.ok).toBe(false);
  });

  it("answers the tone request as JSON with a calibrated confidence", () => {
    const response = completeRefundTurn({ model: "local/refund-agent-large", messages: toneMessages(RUDE_REPLIES[0]!) });
    const answer = JSON.parse(response.choices[0]!.message.content!);
    expect(answer).toMatchObject({ polite: false, blamesCustomer: true });
    expect(answer.confidence).toBeGreaterThan(0.34);
    expect(answer.confidence).toBeLessThanOrEqual(1);
  });
});
