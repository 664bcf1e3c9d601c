/**
 * Production client for Cloudflare AI Gateway's OpenAI-compatible endpoint
 * (`/compat/chat/completions`), implementing `ModelProvider`.
 *
 * Every header below was checked against Cloudflare's documentation; the page
 * is cited next to each constant. Docs base: https://developers.cloudflare.com
 *
 * The body is the validated `ChatRequest` as is, tools included: the compat
 * endpoint keeps "the exact same request and response formats" as OpenAI
 * across providers (/changelog/2025-06-03-aig-openai-compatible-endpoint/,
 * /ai-gateway/usage/chat-completion/). Answers are read through ./wire.ts.
 */
import {
  ChatRequestSchema,
  type CallOptions,
  type ChatRequest,
  type ChatResponse,
  type GatewayInfo,
  type ModelProvider,
  type ModelResult,
} from "./types";
import { ModelError, safeSnippet } from "./errors";
import { invalidRequestError, modelErrorFromHttp, sendWithDeadline } from "./http-transport";
import { readChatCompletion } from "./wire";

// ---------------------------------------------------------------------------
// Header names

/** Gateway auth token for an Authenticated Gateway, `Bearer <token>`. Docs: /ai-gateway/configuration/authentication/ */
export const HEADER_GATEWAY_AUTH = "cf-aig-authorization";
/**
 * Provider credential. "The Authorization header is reserved for provider
 * credentials" (/ai-gateway/reference/troubleshooting/); with BYOK (stored keys)
 * or Unified Billing it is omitted and only cf-aig-authorization is sent
 * (/ai-gateway/configuration/bring-your-own-keys/, /ai-gateway/get-started/).
 * The compat endpoint takes it as the OpenAI SDK's `apiKey`, i.e.
 * `Authorization: Bearer <key>` for every provider (/ai-gateway/usage/chat-completion/).
 */
export const HEADER_PROVIDER_AUTH = "authorization";
/** Up to 5 entries of string/number/boolean; extras ignored by the gateway. Docs: /ai-gateway/observability/custom-metadata/ */
export const HEADER_METADATA = "cf-aig-metadata";
/** W3C trace context of the call's span (src/observability/), also kept in cf-aig-metadata. */
export const HEADER_TRACEPARENT = "traceparent";
const TRACEPARENT_SHAPE = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** Correlation id for tracing an event through the system. Docs: /ai-gateway/glossary/ */
export const HEADER_EVENT_ID = "cf-aig-event-id";
/** Per-request cache TTL in seconds. Docs: /ai-gateway/features/caching/ (and /ai-gateway/glossary/) */
export const HEADER_CACHE_TTL = "cf-aig-cache-ttl";
/** `true` bypasses the cached copy. Docs: /ai-gateway/features/caching/ */
export const HEADER_SKIP_CACHE = "cf-aig-skip-cache";
/** Milliseconds until the first part of the response must arrive. Docs: /ai-gateway/configuration/request-handling/ */
export const HEADER_REQUEST_TIMEOUT = "cf-aig-request-timeout";
/** Gateway-side retries, at most 5 attempts. Docs: /ai-gateway/configuration/request-handling/ */
export const HEADER_MAX_ATTEMPTS = "cf-aig-max-attempts";
/** Delay between gateway retries in ms (dashboard range 100 ms – 5 s). Docs: /ai-gateway/configuration/request-handling/, changelog 2026-04-02-auto-retry-upstream-failures */
export const HEADER_RETRY_DELAY = "cf-aig-retry-delay";
/** "constant" | "linear" | "exponential". Docs: /ai-gateway/configuration/request-handling/ */
export const HEADER_BACKOFF = "cf-aig-backoff";
/** Response: HIT or MISS. Docs: /ai-gateway/features/caching/ */
export const HEADER_CACHE_STATUS = "cf-aig-cache-status";
/** Response: id of the log entry, used to add feedback. Docs: /ai-gateway/evaluations/add-human-feedback-api/ */
export const HEADER_LOG_ID = "cf-aig-log-id";
/** Response: which step (fallback) processed the request. Docs: /ai-gateway/configuration/fallbacks/ */
export const HEADER_STEP = "cf-aig-step";
/** Rate-limit hint on 429 responses (seconds or HTTP-date, RFC 9110). */
export const HEADER_RETRY_AFTER = "retry-after";

/** Docs: /ai-gateway/observability/custom-metadata/ ("up to five custom metadata entries per request"). */
export const MAX_METADATA_ENTRIES = 5;
/** Docs: /ai-gateway/configuration/request-handling/ ("a maximum of five retry attempts"). */
export const MAX_GATEWAY_ATTEMPTS = 5;

export const DEFAULT_GATEWAY_BASE_URL = "https://gateway.ai.cloudflare.com/v1";
/** Cloudflare REST API base, for PATCH .../logs/{id} (feedback). Docs: /api/resources/ai_gateway/subresources/logs/methods/edit/ */
export const DEFAULT_CLOUDFLARE_API_BASE_URL = "https://api.cloudflare.com/client/v4";

// ---------------------------------------------------------------------------
// Config

export interface AiGatewayClientConfig {
  /** Default https://gateway.ai.cloudflare.com/v1 */
  baseUrl?: string;
  accountId: string;
  gatewayId: string;
  /** Authenticated Gateway token (sent as cf-aig-authorization). */
  gatewayToken?: string;
  /**
   * Provider keys by provider slug (`openai`, `anthropic`, ...), sent as
   * `Authorization: Bearer <key>` for requests whose model has that prefix.
   * Leave a provider out when its key is stored in the gateway (BYOK) or billed
   * through Unified Billing.
   */
  providerKeys?: Record<string, string | undefined>;
  /** Cloudflare API token with "AI Gateway - Edit" permission, only needed for `sendFeedback`. */
  apiToken?: string;
  /** Default https://api.cloudflare.com/client/v4 */
  apiBaseUrl?: string;
  fetch?: typeof fetch;
  /** Gateway request timeout when the call does not set one. */
  defaultTimeoutMs: number;
  /** Extra time the client waits beyond the gateway's own budget before aborting. Default: max(1000 ms, 10 %). */
  clientTimeoutMarginMs?: number;
  /** Receives non-fatal notices (dropped metadata entries, ...). Never receives secrets. */
  onWarning?: (message: string, data?: Record<string, unknown>) => void;
  /** Clock, for tests. */
  now?: () => number;
}

export interface FeedbackInput {
  /** -1 negative, 1 positive, 0 "not evaluated" (/ai-gateway/evaluations/add-human-feedback-bindings/). */
  feedback?: -1 | 0 | 1;
  /** 0..100 (/api/resources/ai_gateway/subresources/logs/methods/edit/). */
  score?: number;
  metadata?: Record<string, string | number | boolean>;
}

type MetadataValue = string | number | boolean;

const SECRETISH_KEY = /(token|secret|passw|api[-_]?key|authori[sz]ation|bearer|credential|cookie)/i;

/**
 * Keeps at most 5 metadata entries whose values are string/number/boolean.
 * Deterministic: keys are sorted (so the result does not depend on how the
 * object was built), invalid or secret-looking entries are dropped first, then
 * everything past the fifth key. Returns what was kept and what was dropped.
 */
export function sanitizeMetadata(
  metadata: Record<string, unknown> | undefined,
  secrets: readonly string[] = [],
): { kept: Record<string, MetadataValue>; dropped: string[] } {
  const kept: Record<string, MetadataValue> = {};
  const dropped: string[] = [];
  if (!metadata) return { kept, dropped };
  const knownSecrets = secrets.filter((s) => s.length >= 4);
  for (const key of Object.keys(metadata).sort()) {
    const value = metadata[key];
    const validType =
      typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
    const secretKey = SECRETISH_KEY.test(key);
    const secretValue =
      typeof value === "string" &&
      (knownSecrets.some((s) => value.includes(s)) || /\bBearer\s+\S/i.test(value) || /\bsk-[A-Za-z0-9_-]{8,}/.test(value));
    if (!validType || secretKey || secretValue || key.length === 0) {
      dropped.push(key);
      continue;
    }
    if (Object.keys(kept).length >= MAX_METADATA_ENTRIES) {
      dropped.push(key);
      continue;
    }
    kept[key] = value as MetadataValue;
  }
  return { kept, dropped };
}

/** JSON with every non-ASCII character escaped, so it is a valid HTTP header value (ByteString). */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function isHeaderSafe(value: string): boolean {
  return /^[\x20-\x7e]{1,512}$/.test(value);
}

/** `{provider}/{model}` → provider slug; the model part may itself contain slashes (`workers-ai/@cf/meta/...`). */
export function providerOf(model: string): string | undefined {
  const idx = model.indexOf("/");
  if (idx <= 0 || idx === model.length - 1) return undefined;
  return model.slice(0, idx);
}

/** Suffixes providers append for a pinned snapshot of the requested model. */
const SNAPSHOT_SUFFIX = /^(-\d{4}-\d{2}-\d{2}|-\d{8}|-\d{3,4}|@[\w.-]+|-latest)$/;

/**
 * True when the response's `model` is the requested one. Providers report the
 * bare model name (without the `{provider}/` prefix) and often a dated
 * snapshot (`gpt-4o-mini` -> `gpt-4o-mini-2024-07-18`, `claude-3-5-sonnet` ->
 * `claude-3-5-sonnet-20241022`, `gemini-2.0-flash` -> `gemini-2.0-flash-001`),
 * so those count as a match; any other difference (`gpt-5` vs `gpt-5-mini`) is
 * a mismatch.
 */
export function modelMatches(requested: string, returned: string): boolean {
  const provider = providerOf(requested);
  const bareRequested = provider ? requested.slice(provider.length + 1) : requested;
  const returnedBare = provider && returned.startsWith(`${provider}/`) ? returned.slice(provider.length + 1) : returned;
  if (returned === requested || returnedBare === bareRequested) return true;
  return returnedBare.startsWith(bareRequested) && SNAPSHOT_SUFFIX.test(returnedBare.slice(bareRequested.length));
}

/**
 * Upper bound of the time the gateway may spend on one call: every attempt may
 * use the full request timeout, plus the delays between attempts.
 */
export function gatewayBudgetMs(timeoutMs: number, retry?: CallOptions["gatewayRetry"]): number {
  if (!retry || retry.maxAttempts <= 1) return timeoutMs;
  let delays = 0;
  for (let i = 1; i < retry.maxAttempts; i++) {
    if (retry.backoff === "constant") delays += retry.delayMs;
    else if (retry.backoff === "linear") delays += retry.delayMs * i;
    else delays += retry.delayMs * 2 ** (i - 1);
  }
  return timeoutMs * retry.maxAttempts + delays;
}

// ---------------------------------------------------------------------------

export class AiGatewayClient implements ModelProvider {
  readonly kind = "ai-gateway";
  readonly #config: Required<Pick<AiGatewayClientConfig, "baseUrl" | "apiBaseUrl">> & AiGatewayClientConfig;
  readonly #fetch: typeof fetch;

  constructor(config: AiGatewayClientConfig) {
    if (!config.accountId) throw new Error("AiGatewayClient: accountId is required");
    if (!config.gatewayId) throw new Error("AiGatewayClient: gatewayId is required");
    if (!(config.defaultTimeoutMs > 0)) throw new Error("AiGatewayClient: defaultTimeoutMs must be > 0");
    this.#config = {
      ...config,
      baseUrl: (config.baseUrl ?? DEFAULT_GATEWAY_BASE_URL).replace(/\/+$/, ""),
      apiBaseUrl: (config.apiBaseUrl ?? DEFAULT_CLOUDFLARE_API_BASE_URL).replace(/\/+$/, ""),
    };
    // Bind: calling an unbound global fetch as a method throws "Illegal invocation" in workerd.
    this.#fetch = config.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The chat completions URL (contains no secret). */
  get endpoint(): string {
    const { baseUrl, accountId, gatewayId } = this.#config;
    return `${baseUrl}/${encodeURIComponent(accountId)}/${encodeURIComponent(gatewayId)}/compat/chat/completions`;
  }

  #secrets(): string[] {
    const values = [this.#config.gatewayToken, this.#config.apiToken, ...Object.values(this.#config.providerKeys ?? {})];
    return values.filter((v): v is string => typeof v === "string" && v.length > 0);
  }

  #warn(message: string, data?: Record<string, unknown>): void {
    this.#config.onWarning?.(message, data);
  }

  #now(): number {
    return this.#config.now ? this.#config.now() : Date.now();
  }

  /** Builds the request headers (exported for tests through `buildHeaders`). */
  buildHeaders(request: ChatRequest, options: CallOptions = {}): Headers {
    const headers = new Headers({ "content-type": "application/json", accept: "application/json" });
    const { gatewayToken, providerKeys } = this.#config;
    if (gatewayToken) headers.set(HEADER_GATEWAY_AUTH, `Bearer ${gatewayToken}`);

    const provider = providerOf(request.model);
    const providerKey = provider ? providerKeys?.[provider] : undefined;
    if (providerKey) headers.set(HEADER_PROVIDER_AUTH, `Bearer ${providerKey}`);

    // A traced run's model call names its span (W3C trace context) in metadata; the header carries it on to the provider.
    const traceparent = options.metadata?.traceparent;
    if (typeof traceparent === "string" && TRACEPARENT_SHAPE.test(traceparent)) headers.set(HEADER_TRACEPARENT, traceparent);

    if (options.metadata) {
      const { kept, dropped } = sanitizeMetadata(options.metadata, this.#secrets());
      if (dropped.length > 0) this.#warn("cf-aig-metadata entries dropped", { dropped });
      if (Object.keys(kept).length > 0) headers.set(HEADER_METADATA, asciiJson(kept));
    }

    if (options.eventId !== undefined) {
      if (isHeaderSafe(options.eventId)) headers.set(HEADER_EVENT_ID, options.eventId);
      else this.#warn("cf-aig-event-id dropped: not printable ASCII or too long");
    }

    if (options.cacheTtlSeconds !== undefined) {
      if (!Number.isInteger(options.cacheTtlSeconds) || options.cacheTtlSeconds <= 0) {
        throw new ModelError("BAD_REQUEST", "cacheTtlSeconds must be a positive integer number of seconds");
      }
      headers.set(HEADER_CACHE_TTL, String(options.cacheTtlSeconds));
    }
    if (options.skipCache) headers.set(HEADER_SKIP_CACHE, "true");

    headers.set(HEADER_REQUEST_TIMEOUT, String(this.#timeoutMs(options)));

    const retry = options.gatewayRetry;
    if (retry) {
      if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1 || retry.maxAttempts > MAX_GATEWAY_ATTEMPTS) {
        throw new ModelError("BAD_REQUEST", `gatewayRetry.maxAttempts must be an integer from 1 to ${MAX_GATEWAY_ATTEMPTS}`);
      }
      if (!Number.isInteger(retry.delayMs) || retry.delayMs < 0) {
        throw new ModelError("BAD_REQUEST", "gatewayRetry.delayMs must be a non-negative integer (milliseconds)");
      }
      if (!["constant", "linear", "exponential"].includes(retry.backoff)) {
        throw new ModelError("BAD_REQUEST", "gatewayRetry.backoff must be constant, linear or exponential");
      }
      headers.set(HEADER_MAX_ATTEMPTS, String(retry.maxAttempts));
      headers.set(HEADER_RETRY_DELAY, String(retry.delayMs));
      headers.set(HEADER_BACKOFF, retry.backoff);
    }
    return headers;
  }

  #timeoutMs(options: CallOptions): number {
    const t = options.timeoutMs ?? this.#config.defaultTimeoutMs;
    if (!Number.isFinite(t) || t <= 0) throw new ModelError("BAD_REQUEST", "timeoutMs must be a positive number");
    return Math.ceil(t);
  }

  /** Client-side abort deadline: the gateway's whole budget plus a margin, so the gateway normally answers first. */
  clientTimeoutMs(options: CallOptions = {}): number {
    const budget = gatewayBudgetMs(this.#timeoutMs(options), options.gatewayRetry);
    const margin = this.#config.clientTimeoutMarginMs ?? Math.max(1000, Math.ceil(budget * 0.1));
    return budget + margin;
  }

  async complete(request: ChatRequest, options: CallOptions = {}): Promise<ModelResult> {
    const parsedRequest = ChatRequestSchema.safeParse(request);
    if (!parsedRequest.success) throw invalidRequestError(parsedRequest.error.issues);
    const body = parsedRequest.data;
    if (!providerOf(body.model)) {
      throw new ModelError("BAD_REQUEST", "model must be `{provider}/{model}` for the compat endpoint");
    }
    const headers = this.buildHeaders(body, options);
    const clientTimeout = this.clientTimeoutMs(options);

    const started = this.#now();
    const { response, text } = await this.#send(this.endpoint, { method: "POST", headers, body: JSON.stringify(body) }, clientTimeout);
    const latencyMs = Math.max(0, this.#now() - started);

    if (!response.ok) throw this.#errorFromResponse(response, text);

    const gateway: GatewayInfo = {};
    const cacheStatus = response.headers.get(HEADER_CACHE_STATUS);
    const logId = response.headers.get(HEADER_LOG_ID);
    const step = response.headers.get(HEADER_STEP);
    if (cacheStatus) gateway.cacheStatus = cacheStatus;
    if (logId) gateway.logId = logId;
    if (step) gateway.step = step;

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // Truncated / corrupted body: a transport-level fault, worth a retry.
      throw new ModelError("PROVIDER_ERROR", `gateway returned a response body that is not valid JSON (${text.length} bytes)`, {
        status: response.status,
        details: logId ? { logId } : undefined,
      });
    }
    const parsed = readChatCompletion(json, logId ?? "gw");
    if (!parsed.ok) {
      throw new ModelError("PROVIDER_ERROR", `gateway response is not an OpenAI chat completion (${parsed.paths.join(", ")})`, {
        status: response.status,
        retryable: false,
        details: { paths: parsed.paths, ...(logId ? { logId } : {}) },
      });
    }
    const chat: ChatResponse = parsed.response;
    if (!modelMatches(body.model, chat.model)) {
      throw new ModelError(
        "MODEL_MISMATCH",
        `response model ${safeSnippet(chat.model, this.#secrets(), 100)} differs from requested ${safeSnippet(body.model, [], 100)}`,
        { status: response.status, details: logId ? { logId } : undefined },
      );
    }
    return { response: chat, latencyMs, gateway };
  }

  /**
   * Adds human feedback / a score / metadata to a gateway log entry: the REST
   * equivalent of `env.AI.gateway(id).patchLog(logId, …)`:
   * `PATCH {apiBaseUrl}/accounts/{account_id}/ai-gateway/gateways/{gateway_id}/logs/{id}`
   * with `Authorization: Bearer <API token>` ("AI Gateway Write").
   * Docs: /api/resources/ai_gateway/subresources/logs/methods/edit/,
   * /ai-gateway/evaluations/add-human-feedback-api/.
   */
  async sendFeedback(logId: string, input: FeedbackInput, options: { timeoutMs?: number } = {}): Promise<void> {
    const { apiToken, apiBaseUrl, accountId, gatewayId } = this.#config;
    if (!apiToken) {
      throw new ModelError("AUTH_FAILED", "sendFeedback needs a Cloudflare API token (config.apiToken) with AI Gateway Edit permission");
    }
    if (!logId || !isHeaderSafe(logId)) throw new ModelError("BAD_REQUEST", "invalid gateway log id");
    const body: Record<string, unknown> = {};
    if (input.feedback !== undefined) {
      if (![-1, 0, 1].includes(input.feedback)) throw new ModelError("BAD_REQUEST", "feedback must be -1, 0 or 1");
      body.feedback = input.feedback;
    }
    if (input.score !== undefined) {
      if (!Number.isFinite(input.score) || input.score < 0 || input.score > 100) {
        throw new ModelError("BAD_REQUEST", "score must be a number from 0 to 100");
      }
      body.score = input.score;
    }
    if (input.metadata) {
      const { kept, dropped } = sanitizeMetadata(input.metadata, this.#secrets());
      if (dropped.length > 0) this.#warn("feedback metadata entries dropped", { dropped });
      body.metadata = kept;
    }
    if (Object.keys(body).length === 0) throw new ModelError("BAD_REQUEST", "feedback needs at least one of feedback, score, metadata");

    const url =
      `${apiBaseUrl}/accounts/${encodeURIComponent(accountId)}/ai-gateway/gateways/` +
      `${encodeURIComponent(gatewayId)}/logs/${encodeURIComponent(logId)}`;
    const headers = new Headers({
      "content-type": "application/json",
      accept: "application/json",
      authorization: `Bearer ${apiToken}`,
    });
    const { response, text } = await this.#send(
      url,
      { method: "PATCH", headers, body: JSON.stringify(body) },
      options.timeoutMs ?? this.#config.defaultTimeoutMs,
    );
    if (!response.ok) throw this.#errorFromResponse(response, text);
    // The API answers {"success": true, "result": {}}; a success:false body with 200 is treated as a provider error.
    try {
      const json = JSON.parse(text) as { success?: unknown };
      if (json && json.success === false) {
        throw new ModelError("PROVIDER_ERROR", "feedback was not accepted (success: false)", { status: response.status, retryable: false });
      }
    } catch (err) {
      if (err instanceof ModelError) throw err;
      // Non-JSON 2xx body: accept, the PATCH succeeded by status.
    }
  }

  /** fetch + read the whole body under one client-side deadline; maps transport failures. */
  #send(url: string, init: RequestInit, timeoutMs: number): Promise<{ response: Response; text: string }> {
    return sendWithDeadline(url, init, { fetch: this.#fetch, timeoutMs, secrets: this.#secrets(), target: "the gateway" });
  }

  #errorFromResponse(response: Response, text: string): ModelError {
    return modelErrorFromHttp(response, text, { secrets: this.#secrets(), now: this.#now(), logIdHeader: HEADER_LOG_ID, who: "gateway or provider" });
  }
}
