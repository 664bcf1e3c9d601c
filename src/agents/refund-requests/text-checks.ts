/**
 * Deterministic text checks: instructions or misleading characters hidden in
 * the customer's message (SUSPICIOUS_TEXT), and the reply's output guardrail
 * (accuracy and tone) that runs before `sendReply`. Pure functions.
 */

/** Zero-width, bidirectional controls and other invisible format characters. */
const MISLEADING_CHARS = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/;
const INSTRUCTION_PATTERNS = [
  /\bignore (?:all |any |your |the |previous |prior )*(?:rules|instructions|policy|policies)\b/i,
  /\b(?:system|assistant|developer)\s*:/i,
  /\bas (?:the|an) (?:ai|assistant|agent|model)\b.{0,40}\b(?:must|should|have to|will)\b/i,
  /\b(?:you must|you are required to) (?:approve|refund|issue)\b/i,
  /\b(?:disregard|override|bypass) (?:the |your |all )?(?:rules|policy|instructions|limits)\b/i,
  /\bnew instructions?\b/i,
  // Families of prompt injection beyond the contract's three examples: a note addressed to the agent or a reviewer,
  // claimed approval, role tags and fake transcripts, mode switches, tool names and JSON aimed at the tools.
  /\b(?:note|message|instructions?|memo) (?:to|for) (?:the |any |a )?(?:reviewer|agent|ai|assistant|model|bot|system|operator|checker)\b/i,
  /\bpre-?approved\b|\b(?:approved|authori[sz]ed|signed off) by (?:the |a |your |my )?(?:manager|supervisor|admin|administrator|support|team|head office)\b/i,
  /\[\s*(?:admin|system|root|sudo|override|instructions?|inst)\b[^\]]*\]|<\/?\s*(?:system|message|assistant|user|tool)\s*>/i,
  /\b(?:developer|admin|debug|god|sudo|approval|maintenance|unrestricted|jailbreak) mode\b/i,
  /\b(?:issueRefund|sendReply|checkEligibility|createReturnLabel|lookupCustomer|listOrders|getOrder|amountCents|refundCents)\b/,
  /\bforget (?:all |any |your |the |about )*(?:previous |prior |above |earlier )*(?:instructions|rules|policy|policies|guidelines)\b/i,
  /\b(?:checks?|polic(?:y|ies)|rules?|limits?)\b[^.!?\n]{0,20}\b(?:off|disabled|suspended|waived|lifted|bypassed|do(?:es)? not apply)\b/i,
  /\bmark (?:this|it|the order|order [a-z]-?\d+|[a-z]-\d+) as (?:fully |already )?(?:refunded|approved|eligible|paid|verified)\b/i,
  /^\s*(?:user|assistant|system|tool|agent)\s*:/im,
  /"(?:role|policy|amountcents|refundcents|decision|approved|override)"\s*:/i,
  /\bapprove (?:it |this |the refund )?(?:without|with no) (?:checking|checks?|review)\b/i,
  /\boverride\s*:/i,
  /\b(?:system|admin|developer) (?:instruction|message|note|prompt|override)s?\b/i,
  /\b(?:ignora|ignorez?|ignoriere|negeer|ignore) (?:tus|las|tes|vos|les|deine|die|je|le|as) (?:reglas|règles|regeln|regels|regole|regras)\b/i,
];

/** SUSPICIOUS_TEXT: the message tries to instruct the agent or hide characters. */
export function isSuspiciousText(message: string): boolean {
  return MISLEADING_CHARS.test(message) || INSTRUCTION_PATTERNS.some((p) => p.test(message));
}

export const MAX_REPLY_CHARS = 1_200;

export interface ReplyFacts {
  /** The customer's first name, when the customer is known. */
  firstName: string | null;
  /** The identified order, or null. */
  orderId: string | null;
  /** The refund issued in this request (cents), or null when none was issued. */
  refundedCents: number | null;
  /** Names and order ids of every other customer (never in a reply). */
  otherNames: string[];
  otherOrders: string[];
}

export interface ReplyProblem { code: string; message: string }

export const formatCents = (cents: number) => `$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

const AMOUNT = /(?:\$|USD\s?|€|£)\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*\.\d{2}\b(?:\s?(?:USD|dollars?|EUR))?|\b\d+\s?(?:USD|dollars?|cents)\b/gi;
const PROMISE = /\b(?:(?:we|i)(?:'ve| have| will| 'll|'ll)? (?:refund|refunded|issue|issued|process|processed|credit|credited|send you)\b|refund (?:has been|was|is being|will be) (?:issued|processed|sent|approved)|you(?:'ll| will) (?:receive|get|see) (?:a |your |the )?(?:refund|money|credit)|(?:refund|money) (?:is )?on (?:its|the) way|approved (?:your|the|a) refund)/i;
const INTERNAL_CODE = /\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b/;
const ORDER_ID = /\bN-\d+\b/gi;
/** Rude or blaming phrases (the cheap deterministic part of the tone check). */
const RUDE = /\b(?:your (?:own )?fault|you should have|you failed to|obviously|stupid|idiot|ridiculous|calm down|stop (?:complaining|wasting)|as i (?:already )?said|read the policy|not our problem|deal with it|whatever)\b/i;

/** Every reason the reply cannot be sent (empty: it may be sent). */
export function replyProblems(text: string, f: ReplyFacts): ReplyProblem[] {
  const out: ReplyProblem[] = [];
  if (text.length > MAX_REPLY_CHARS) out.push({ code: "REPLY_TOO_LONG", message: `The reply has ${text.length} characters; at most ${MAX_REPLY_CHARS}.` });
  if (INTERNAL_CODE.test(text)) out.push({ code: "REPLY_INTERNAL_CODE", message: "The reply contains an internal code; say it in plain words." });
  const amounts = text.match(AMOUNT) ?? [];
  if (f.refundedCents === null) {
    if (amounts.length > 0) out.push({ code: "REPLY_AMOUNT_WITHOUT_REFUND", message: "No refund was issued, so the reply must not state an amount." });
    if (PROMISE.test(text)) out.push({ code: "REPLY_PROMISE_WITHOUT_REFUND", message: "No refund was issued, so the reply must not promise one." });
  } else {
    const want = formatCents(f.refundedCents);
    const wrong = amounts.filter((a) => a.replace(/\s/g, "") !== want);
    if (wrong.length > 0 || !text.includes(want)) out.push({ code: "REPLY_WRONG_AMOUNT", message: `The reply must state the refund issued, ${want}, and no other amount.` });
  }
  const orders = [...new Set((text.match(ORDER_ID) ?? []).map((o) => o.toUpperCase()))];
  if (orders.some((o) => o !== f.orderId)) out.push({ code: "REPLY_WRONG_ORDER", message: `The reply names an order other than ${f.orderId ?? "the customer's (none was identified)"}.` });
  else if (f.orderId !== null && orders.length === 0) out.push({ code: "REPLY_ORDER_MISSING", message: `The reply must name the order ${f.orderId}.` });
  const lower = text.toLowerCase();
  if (f.otherNames.some((n) => lower.includes(n.toLowerCase())) || f.otherOrders.some((o) => orders.includes(o))) {
    out.push({ code: "REPLY_OTHER_CUSTOMER", message: "The reply mentions another customer's name or order." });
  }
  if (f.firstName !== null && !new RegExp(`\\b${f.firstName.replace(/[^\p{L}]/gu, "")}\\b`, "u").test(text)) {
    out.push({ code: "REPLY_NO_GREETING", message: `Greet the customer by first name (${f.firstName}).` });
  }
  if (RUDE.test(text)) out.push({ code: "REPLY_TONE", message: "The reply is rude or blames the customer." });
  return out;
}
