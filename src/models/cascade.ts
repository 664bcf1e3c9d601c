/**
 * Model cascade: ask the cheapest tier first and escalate to the next tier only
 * when the answer is not good enough (not JSON, not the schema, rejected by the
 * caller's check, or less confident than the threshold). A pure function: the
 * runtime supplies `call`, which does the I/O, journals it and may replay it,
 * so a resumed run re-walks the same tiers without paying twice.
 *
 * Outcomes:
 * - an accepted answer: `accepted: true`;
 * - the last tier is valid but still below the threshold: its answer with
 *   `accepted: false` (the caller decides, e.g. a person reviews it);
 * - the last tier's answer is unusable: throws `CascadeError` (with every attempt);
 * - `call` throws: the error propagates untouched (the runtime retries it).
 *
 * Example:
 *   const result = await runCascade({
 *     tiers: ["local/expense-classifier-small", "local/expense-classifier-large"],
 *     buildRequest: (model) => ({ model, messages: classifyItemMessages(item), max_tokens: 120 }),
 *     schema: ItemCategoryAnswerSchema,
 *     threshold: 0.8,
 *     call: (model, request) => provider.complete(request),
 *   });
 *   result.value.category; result.attempts; // one attempt per tier tried, with its cost
 */
import type { z } from "zod";
import { costMicroUsd, priceOf } from "./prices";
import type { ChatRequest, ChatResponse, ModelResult } from "./types";

/** The gateway's cache status for a response served from cache: the provider did not bill it. */
const CACHE_HIT = "HIT";

export interface CascadeAttempt {
  model: string;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number;
  latencyMs: number;
  cacheStatus: string | null;
  /** "accepted": this answer is the result; "escalated": it was not good enough. */
  outcome: "accepted" | "escalated";
  /** Why it was not accepted, e.g. "low_confidence 0.62 < 0.8", "invalid_json", "schema_invalid: ...", "check_failed: ...". */
  reason: string | null;
}

export interface CascadeOptions<T> {
  /** Model ids, cheapest first. */
  tiers: string[];
  buildRequest: (model: string) => ChatRequest;
  schema: z.ZodType<T & { confidence: number }>;
  /** Lowest confidence accepted, in [0, 1]. */
  threshold: number;
  /** Returns a reason to reject a schema-valid answer, or null to keep it. */
  check?: (value: T) => string | null;
  call: (model: string, request: ChatRequest, attemptIndex: number) => Promise<ModelResult>;
}

export interface CascadeResult<T> {
  value: T;
  model: string;
  confidence: number;
  accepted: boolean;
  attempts: CascadeAttempt[];
}

export type CascadeErrorCode = "CASCADE_INVALID_OUTPUT" | "CASCADE_MISCONFIGURED";

export class CascadeError extends Error {
  override readonly name = "CascadeError";
  readonly code: CascadeErrorCode;
  /** The same request gets the same kind of answer; retrying the cascade does not help. */
  readonly retryable = false;
  /** Every attempt made, with its cost, for the journal. */
  readonly attempts: CascadeAttempt[];

  constructor(code: CascadeErrorCode, message: string, attempts: CascadeAttempt[] = []) {
    super(message);
    this.code = code;
    this.attempts = attempts;
  }
}

type Verdict<T> =
  | { ok: true; value: T & { confidence: number } }
  | { ok: false; reason: string; value?: T & { confidence: number } };

/** Models often wrap JSON in a Markdown fence; accept that, nothing looser. */
function jsonOf(content: string): unknown {
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(content.trim());
  return JSON.parse(fenced?.[1] ?? content);
}

function judge<T>(response: ChatResponse, options: CascadeOptions<T>): Verdict<T> {
  const content = response.choices[0]?.message.content ?? null;
  if (content === null) return { ok: false, reason: "invalid_json" };
  let json: unknown;
  try {
    json = jsonOf(content);
  } catch {
    return { ok: false, reason: "invalid_json" };
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { ok: false, reason: `schema_invalid: ${issues.join("; ")}` };
  }
  const rejection = options.check?.(parsed.data) ?? null;
  if (rejection !== null) return { ok: false, reason: `check_failed: ${rejection}` };
  const confidence = parsed.data.confidence;
  if (!(confidence >= options.threshold)) {
    return { ok: false, reason: `low_confidence ${Number(confidence.toFixed(2))} < ${options.threshold}`, value: parsed.data };
  }
  return { ok: true, value: parsed.data };
}

export async function runCascade<T>(options: CascadeOptions<T>): Promise<CascadeResult<T>> {
  const { tiers, threshold } = options;
  if (tiers.length === 0) throw new CascadeError("CASCADE_MISCONFIGURED", "a cascade needs at least one tier");
  if (!(threshold >= 0 && threshold <= 1)) throw new CascadeError("CASCADE_MISCONFIGURED", `threshold ${threshold} is not in [0, 1]`);
  for (const model of tiers) priceOf(model); // fail before the first call, not after paying for it

  const attempts: CascadeAttempt[] = [];
  for (const [index, model] of tiers.entries()) {
    const result = await options.call(model, options.buildRequest(model), index);
    const { usage } = result.response;
    const cacheStatus = result.gateway.cacheStatus ?? null;
    const verdict = judge(result.response, options);
    const attempt: CascadeAttempt = {
      model,
      promptTokens: usage.prompt_tokens,
      completionTokens: usage.completion_tokens,
      costMicroUsd: cacheStatus === CACHE_HIT ? 0 : costMicroUsd(model, usage),
      latencyMs: result.latencyMs,
      cacheStatus,
      outcome: verdict.ok ? "accepted" : "escalated",
      reason: verdict.ok ? null : verdict.reason,
    };
    attempts.push(attempt);

    if (verdict.ok) return { value: verdict.value, model, confidence: verdict.value.confidence, accepted: true, attempts };
    if (index === tiers.length - 1) {
      // Valid but unsure: the caller decides. Unusable: nothing to decide with.
      if (verdict.value !== undefined) {
        return { value: verdict.value, model, confidence: verdict.value.confidence, accepted: false, attempts };
      }
      throw new CascadeError("CASCADE_INVALID_OUTPUT", `no usable answer from ${model}: ${verdict.reason}`, attempts);
    }
  }
  throw new Error("unreachable: the last tier either returns or throws");
}
