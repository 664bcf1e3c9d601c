/**
 * `ModelProvider` for any OpenAI-style chat completions server: Ollama
 * (`http://127.0.0.1:11434/v1`), vLLM (`.../v1`), llama.cpp server, LM Studio,
 * or OpenAI itself. `POST {baseUrl}/chat/completions` with the request as is
 * (tools, tool_choice, parallel_tool_calls included) and, when a key is set,
 * `Authorization: Bearer <key>`.
 *
 * Model ids: `openai-compatible/<server model name>` (e.g.
 * `openai-compatible/qwen2.5:7b`) has the prefix removed before sending, so
 * prices and tiers can tell self-hosted models apart; any other id is sent
 * unchanged. The answer's `model` is not required to match: llama.cpp serves
 * one model whatever is asked, and vLLM reports its served name.
 *
 * There is no fallback: an unreachable server is a NETWORK error, never an
 * answer from the embedded model.
 */
import { ModelError } from "./errors";
import { invalidRequestError, modelErrorFromHttp, sendWithDeadline } from "./http-transport";
import { ChatRequestSchema, type CallOptions, type ChatRequest, type ModelProvider, type ModelResult } from "./types";
import { readChatCompletion } from "./wire";

export const OPENAI_COMPATIBLE_PREFIX = "openai-compatible/";

export interface OpenAiCompatibleConfig {
  /** Base URL up to and including the API version, e.g. `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; omitted when unset (Ollama, llama.cpp need none). */
  apiKey?: string;
  defaultTimeoutMs: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** `openai-compatible/qwen2.5:7b` -> `qwen2.5:7b`; other ids unchanged. */
export function serverModelName(model: string): string {
  return model.startsWith(OPENAI_COMPATIBLE_PREFIX) ? model.slice(OPENAI_COMPATIBLE_PREFIX.length) : model;
}

export class OpenAiCompatibleProvider implements ModelProvider {
  readonly kind = "openai-compatible";
  readonly #config: OpenAiCompatibleConfig;
  readonly #fetch: typeof fetch;

  constructor(config: OpenAiCompatibleConfig) {
    if (!/^https?:\/\/\S+$/.test(config.baseUrl)) throw new Error("OpenAiCompatibleProvider: baseUrl must be an http(s) URL");
    if (!(config.defaultTimeoutMs > 0)) throw new Error("OpenAiCompatibleProvider: defaultTimeoutMs must be > 0");
    this.#config = { ...config, baseUrl: config.baseUrl.replace(/\/+$/, "") };
    // Bind: calling an unbound global fetch as a method throws "Illegal invocation" in workerd.
    this.#fetch = config.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The chat completions URL (contains no secret). */
  get endpoint(): string {
    return `${this.#config.baseUrl}/chat/completions`;
  }

  #now(): number {
    return this.#config.now ? this.#config.now() : Date.now();
  }

  #secrets(): string[] {
    return this.#config.apiKey ? [this.#config.apiKey] : [];
  }

  async complete(request: ChatRequest, options: CallOptions = {}): Promise<ModelResult> {
    const parsed = ChatRequestSchema.safeParse(request);
    if (!parsed.success) throw invalidRequestError(parsed.error.issues);
    const body = { ...parsed.data, model: serverModelName(parsed.data.model) };
    const timeoutMs = options.timeoutMs ?? this.#config.defaultTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ModelError("BAD_REQUEST", "timeoutMs must be a positive number");

    const headers = new Headers({ "content-type": "application/json", accept: "application/json" });
    if (this.#config.apiKey) headers.set("authorization", `Bearer ${this.#config.apiKey}`);

    const started = this.#now();
    const { response, text } = await sendWithDeadline(
      this.endpoint,
      { method: "POST", headers, body: JSON.stringify(body) },
      { fetch: this.#fetch, timeoutMs: Math.ceil(timeoutMs), secrets: this.#secrets(), target: "the model server" },
    );
    const latencyMs = Math.max(0, this.#now() - started);
    if (!response.ok) throw modelErrorFromHttp(response, text, { secrets: this.#secrets(), now: this.#now(), who: "the model server" });

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ModelError("PROVIDER_ERROR", `model server returned a response body that is not valid JSON (${text.length} bytes)`, {
        status: response.status,
      });
    }
    // `usage` is optional on some self-hosted servers and minimal fakes; count zero tokens rather than refuse the answer.
    if (json && typeof json === "object" && !Array.isArray(json) && (json as Record<string, unknown>).usage === undefined) {
      json = { ...(json as Record<string, unknown>), usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } };
    }
    const chat = readChatCompletion(json, "oai");
    if (!chat.ok) {
      throw new ModelError("PROVIDER_ERROR", `model server response is not an OpenAI chat completion (${chat.paths.join(", ")})`, {
        status: response.status,
        retryable: false,
        details: { paths: chat.paths },
      });
    }
    return { response: chat.response, latencyMs, gateway: {} };
  }
}
