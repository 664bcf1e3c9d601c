/**
 * Typed model-layer errors shared by every `ModelProvider` (AI Gateway HTTP
 * client, Workers AI binding, embedded model).
 *
 * Rules every error here follows:
 * - `message` is safe to log: it never contains a token, a provider key or a
 *   request/response body. Upstream error text is only ever included after
 *   `redactSecrets()` and truncation.
 * - `retryable` says whether the *same* call may succeed if repeated later;
 *   `suggestedMaxRetries` is how many times it is worth repeating it. The runtime
 *   owns the actual retry loop (and its budget); these are hints, not policy.
 */
import type { z } from "zod";

export type ModelErrorCode =
  | "RATE_LIMITED"
  | "PROVIDER_ERROR"
  | "TIMEOUT"
  | "INVALID_JSON"
  | "SCHEMA_INVALID"
  | "AUTH_FAILED"
  | "BAD_REQUEST"
  | "MODEL_MISMATCH"
  | "NETWORK";

/** Which kind of limit produced a RATE_LIMITED error. */
export type LimitKind = "rate" | "spend";

export interface ModelErrorOptions {
  retryable?: boolean;
  retryAfterMs?: number;
  status?: number;
  limit?: LimitKind;
  suggestedMaxRetries?: number;
  /** Machine-readable details that are safe to log (e.g. zod issue paths, upstream error codes). */
  details?: Record<string, unknown>;
}

/**
 * Default retry semantics per code.
 *
 * - RATE_LIMITED: retry after `retryAfterMs` (or a backoff). A spend/budget
 *   limit is still retryable (the window resets) but usually needs a much
 *   longer wait; callers can tell them apart through `limit`.
 * - PROVIDER_ERROR (5xx, corrupt body): transient more often than not.
 * - TIMEOUT: retry once; a second timeout usually means the prompt is too big
 *   for the timeout budget.
 * - INVALID_JSON: the model did not produce JSON although JSON was asked. LLM
 *   sampling is not deterministic, so ONE retry is worth it; more than one
 *   rarely helps and costs money. The retry must skip the gateway cache
 *   (`skipCache: true`), otherwise a cached bad answer is served again.
 * - SCHEMA_INVALID: the model produced JSON of the wrong shape. Repeating the
 *   same prompt tends to reproduce the same shape, so it is NOT retryable as is:
 *   the runtime should repair (re-prompt with the validation issues) or
 *   escalate instead.
 * - AUTH_FAILED / BAD_REQUEST / MODEL_MISMATCH: configuration or caller bugs.
 * - NETWORK: fetch itself threw (DNS, connection reset): transient.
 */
const DEFAULTS: Record<ModelErrorCode, { retryable: boolean; suggestedMaxRetries: number }> = {
  RATE_LIMITED: { retryable: true, suggestedMaxRetries: 3 },
  PROVIDER_ERROR: { retryable: true, suggestedMaxRetries: 2 },
  TIMEOUT: { retryable: true, suggestedMaxRetries: 1 },
  INVALID_JSON: { retryable: true, suggestedMaxRetries: 1 },
  SCHEMA_INVALID: { retryable: false, suggestedMaxRetries: 0 },
  AUTH_FAILED: { retryable: false, suggestedMaxRetries: 0 },
  BAD_REQUEST: { retryable: false, suggestedMaxRetries: 0 },
  MODEL_MISMATCH: { retryable: false, suggestedMaxRetries: 0 },
  NETWORK: { retryable: true, suggestedMaxRetries: 2 },
};

export class ModelError extends Error {
  override readonly name = "ModelError";
  readonly code: ModelErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly limit?: LimitKind;
  readonly suggestedMaxRetries: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ModelErrorCode, message: string, options: ModelErrorOptions = {}) {
    super(message);
    const defaults = DEFAULTS[code];
    this.code = code;
    this.retryable = options.retryable ?? defaults.retryable;
    this.suggestedMaxRetries = this.retryable ? (options.suggestedMaxRetries ?? defaults.suggestedMaxRetries) : 0;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
    if (options.limit !== undefined) this.limit = options.limit;
    if (options.details !== undefined) this.details = options.details;
  }

  /** A plain object for structured logs / the step journal. Contains no secrets. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      suggestedMaxRetries: this.suggestedMaxRetries,
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.limit !== undefined ? { limit: this.limit } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

export function isModelError(value: unknown): value is ModelError {
  return value instanceof ModelError;
}

// ---------------------------------------------------------------------------
// Secret redaction

const GENERIC_SECRET_PATTERNS: RegExp[] = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI-style keys
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic keys
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API keys
];

/**
 * Removes known secret values (exact matches, longest first) and generic
 * credential patterns from a string. Used on every piece of upstream text that
 * ends up in an error message.
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  const known = [...secrets].filter((s): s is string => typeof s === "string" && s.length >= 4);
  known.sort((a, b) => b.length - a.length);
  for (const secret of known) out = out.split(secret).join("[REDACTED]");
  for (const pattern of GENERIC_SECRET_PATTERNS) out = out.replace(pattern, "[REDACTED]");
  return out;
}

/** Redacts, flattens whitespace and truncates upstream text for inclusion in a message. */
export function safeSnippet(text: string, secrets: Iterable<string | undefined> = [], max = 200): string {
  const flat = redactSecrets(text, secrets).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

// ---------------------------------------------------------------------------
// HTTP helpers

/**
 * Parses a `retry-after` header value: either delay-seconds (RFC 9110 §10.2.3,
 * decimals tolerated) or an HTTP-date. Returns milliseconds (>= 0) or undefined
 * when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Heuristic: does an upstream error text talk about a spend/budget/credit limit rather than a request rate? */
export function looksLikeSpendLimit(text: string): boolean {
  return /\b(spend|spending|budget|credits?|quota exceeded|billing|daily free allocation)\b/i.test(text);
}

// ---------------------------------------------------------------------------
// Model content parsing

/**
 * Strips one surrounding Markdown code fence (```json … ```), which chat models
 * often add even in JSON mode. Anything else is left as is.
 */
function stripCodeFence(content: string): string {
  const match = /^\s*```[a-zA-Z0-9_-]*\s*\n([\s\S]*?)\n?\s*```\s*$/.exec(content);
  return match?.[1] ?? content;
}

/**
 * Parses a model's text content as JSON and validates it against a step's zod
 * schema.
 *
 * Throws `ModelError("INVALID_JSON")` (retryable once) when the content is
 * empty or not JSON, and `ModelError("SCHEMA_INVALID")` (not retryable) when it
 * is JSON of the wrong shape; `details.issues` then lists the failing paths and
 * messages (never the offending values, which may contain personal data).
 */
export function parseModelJson<S extends z.ZodType>(content: string | null | undefined, schema: S): z.output<S> {
  if (content == null || content.trim() === "") {
    throw new ModelError("INVALID_JSON", "model returned empty content where JSON was expected");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripCodeFence(content));
  } catch (err) {
    const reason = err instanceof Error ? err.message : "parse error";
    throw new ModelError("INVALID_JSON", `model content is not valid JSON (${safeSnippet(reason, [], 120)})`, {
      details: { contentLength: content.length },
    });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 20).map((issue) => ({
      path: issue.path.map(String).join("."),
      code: issue.code,
      message: issue.message,
    }));
    const summary = issues
      .slice(0, 3)
      .map((i) => `${i.path || "(root)"}: ${i.message}`)
      .join("; ");
    throw new ModelError("SCHEMA_INVALID", `model JSON does not match the expected schema (${safeSnippet(summary, [], 200)})`, {
      details: { issues },
    });
  }
  return result.data;
}
