/**
 * The HTTP plumbing shared by the two HTTP backends (AI Gateway client and
 * OpenAI-compatible client): one fetch + full body read under a single
 * client-side deadline, and the mapping of a non-2xx answer to a `ModelError`.
 * Messages never carry a secret: upstream text passes `safeSnippet` first.
 */
import { ModelError, looksLikeSpendLimit, parseRetryAfter, safeSnippet } from "./errors";

export interface SendOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Values to redact from any message (tokens, keys). */
  secrets: readonly string[];
  /** Who we talk to, for messages: "the gateway", "the model server". */
  target: string;
}

/** fetch + read the whole body under one client-side deadline; maps transport failures. */
export async function sendWithDeadline(url: string, init: RequestInit, options: SendOptions): Promise<{ response: Response; text: string }> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const response = await options.fetch(url, { ...init, signal: controller.signal });
    const text = await response.text();
    return { response, text };
  } catch (err) {
    if (timedOut) {
      throw new ModelError("TIMEOUT", `no complete answer from ${options.target} within ${options.timeoutMs} ms (client-side timeout)`);
    }
    const name = err instanceof Error ? err.name : "Error";
    const message = err instanceof Error ? err.message : String(err);
    throw new ModelError("NETWORK", `request to ${options.target} failed: ${name}: ${safeSnippet(message, options.secrets, 160)}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Extracts a message/code from the error bodies seen behind the gateway and on
 * OpenAI-style servers: OpenAI (`{error: {message, type, code}}`), Ollama /
 * llama.cpp (`{error: "text"}`), Cloudflare API (`{success: false,
 * errors|error: [{code, message}]}`), or plain text.
 */
export function describeUpstreamError(text: string): { message?: string; code?: string | number; type?: string } {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
  if (!json || typeof json !== "object") return {};
  const obj = json as Record<string, unknown>;
  const err = obj.error;
  if (typeof err === "string") return { message: err };
  if (err && typeof err === "object" && !Array.isArray(err)) {
    const e = err as Record<string, unknown>;
    return {
      message: typeof e.message === "string" ? e.message : undefined,
      code: typeof e.code === "string" || typeof e.code === "number" ? e.code : undefined,
      type: typeof e.type === "string" ? e.type : undefined,
    };
  }
  const list = Array.isArray(obj.errors) ? obj.errors : Array.isArray(err) ? err : undefined;
  const first = list?.[0];
  if (first && typeof first === "object") {
    const e = first as Record<string, unknown>;
    return {
      message: typeof e.message === "string" ? e.message : undefined,
      code: typeof e.code === "string" || typeof e.code === "number" ? e.code : undefined,
    };
  }
  if (typeof obj.message === "string") return { message: obj.message };
  return {};
}

/** A non-2xx HTTP answer as a coded `ModelError` (429 rate/spend, 401/403 auth, 408/504 timeout, 5xx provider, else bad request). */
export function modelErrorFromHttp(
  response: Response,
  text: string,
  options: { secrets: readonly string[]; now: number; logIdHeader?: string; who: string },
): ModelError {
  const status = response.status;
  const upstream = describeUpstreamError(text);
  const detail = upstream.message ? `: ${safeSnippet(upstream.message, options.secrets, 200)}` : "";
  const logId = options.logIdHeader ? (response.headers.get(options.logIdHeader) ?? undefined) : undefined;
  const details: Record<string, unknown> = {};
  if (upstream.code !== undefined) details.upstreamCode = upstream.code;
  if (logId) details.logId = logId;
  const extra = Object.keys(details).length > 0 ? { details } : {};

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), options.now);
    const limit = looksLikeSpendLimit(`${upstream.message ?? ""} ${upstream.type ?? ""}`) ? "spend" : "rate";
    return new ModelError("RATE_LIMITED", `${limit === "spend" ? "spend/budget limit reached" : "rate limited"} (HTTP 429)${detail}`, {
      status,
      limit,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...extra,
    });
  }
  if (status === 401 || status === 403) {
    return new ModelError("AUTH_FAILED", `${options.who} rejected the credentials (HTTP ${status})${detail}`, { status, ...extra });
  }
  if (status === 408 || status === 504) {
    return new ModelError("TIMEOUT", `upstream timed out (HTTP ${status})${detail}`, { status, ...extra });
  }
  if (status >= 500) {
    return new ModelError("PROVIDER_ERROR", `provider or gateway error (HTTP ${status})${detail}`, { status, ...extra });
  }
  return new ModelError("BAD_REQUEST", `request rejected (HTTP ${status})${detail}`, { status, ...extra });
}

/** "invalid chat request (messages.2.tool_call_id: ...)": issue paths and messages, never values. */
export function invalidRequestError(issues: readonly { path: PropertyKey[]; message: string }[]): ModelError {
  const described = issues.slice(0, 5).map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
  const paths = [...new Set(issues.map((i) => i.path.map(String).join(".") || "(root)"))];
  return new ModelError("BAD_REQUEST", `invalid chat request (${[...new Set(described)].join("; ")})`, { details: { paths: paths.slice(0, 20) } });
}
