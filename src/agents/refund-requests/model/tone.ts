/**
 * The refund model's answer to the reply's tone check (`toneMessages` in
 * ../tone.ts): the learned tone classifier reads the reply and answers the
 * JSON the check asks for. `confidence` is the classifier's calibrated
 * probability of its label, so the small tier hands over replies it is unsure of.
 *
 * Example:
 *   answerTone("small", toneMessages("Hi Ana, obviously you broke it."))?.content; // '{"polite":false,"blamesCustomer":true,"confidence":0.97}'
 */
import type { ChatRequest } from "../../../models/types";
import { TONE_SYSTEM_PREFIX } from "../tone";
import { classifyTone, type RefundTier } from "./learned";

const round4 = (p: number) => Math.round(p * 10_000) / 10_000;

/** The reply a tone request asks about, or null when the request is not a tone check. */
function toneReply(request: ChatRequest): string | null {
  const system = request.messages.find((m) => m.role === "system");
  if (!system?.content?.startsWith(TONE_SYSTEM_PREFIX)) return null;
  const user = request.messages.find((m) => m.role === "user");
  try {
    const body = JSON.parse(user?.content ?? "") as { reply?: unknown };
    return typeof body.reply === "string" ? body.reply : null;
  } catch {
    return null;
  }
}

/** The answer content for a tone request, or null when the request is something else. */
export function answerTone(tier: RefundTier, request: ChatRequest): { content: string; confidence: number } | null {
  const reply = toneReply(request);
  if (reply === null) return null;
  const p = classifyTone(tier, reply);
  const confidence = round4(p.confidence);
  return { content: JSON.stringify({ polite: p.label === "polite", blamesCustomer: p.label === "blaming", confidence }), confidence };
}
