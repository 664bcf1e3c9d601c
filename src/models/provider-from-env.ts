/**
 * Picks the `ModelProvider` for this Worker from its environment.
 *
 * Vars (wrangler.toml): MODEL_PROVIDER ("embedded" | "ai-gateway" | "workers-ai"
 * | "openai-compatible"), AI_GATEWAY_ACCOUNT_ID, AI_GATEWAY_ID,
 * AI_GATEWAY_BASE_URL (optional), OPENAI_BASE_URL (openai-compatible: the
 * server's base URL, e.g. http://127.0.0.1:11434/v1 for Ollama),
 * MODEL_TIMEOUT_MS (optional). With openai-compatible, OPENAI_API_KEY
 * (optional secret) is the server's bearer key.
 *
 * The chosen backend serves every call: a remote backend that is misconfigured
 * is an error, never a silent switch to the embedded model.
 * Secrets (`wrangler secret put`): AI_GATEWAY_TOKEN (Authenticated Gateway
 * token), AI_GATEWAY_FEEDBACK_TOKEN (Cloudflare API token with AI Gateway Edit,
 * only for feedback), provider keys (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...)
 * unless the keys are stored in the gateway (BYOK) or Unified Billing is used.
 *
 * Errors name the missing variable, never a value.
 */
import type { ModelProvider } from "./types";
import { AiGatewayClient, type AiGatewayClientConfig } from "./gateway-client";
import { OpenAiCompatibleProvider } from "./openai-compatible-provider";
import { WorkersAiProvider, type AiBinding } from "./workers-ai-provider";

export const MODEL_PROVIDER_KINDS = ["embedded", "ai-gateway", "workers-ai", "openai-compatible"] as const;
export type ModelProviderKind = (typeof MODEL_PROVIDER_KINDS)[number];

/** Env var → AI Gateway provider slug (the `{provider}` in `{provider}/{model}`). */
export const PROVIDER_KEY_VARS: Readonly<Record<string, string>> = {
  OPENAI_API_KEY: "openai",
  ANTHROPIC_API_KEY: "anthropic",
  GOOGLE_AI_STUDIO_API_KEY: "google-ai-studio",
  MISTRAL_API_KEY: "mistral",
  GROQ_API_KEY: "groq",
  DEEPSEEK_API_KEY: "deepseek",
  GROK_API_KEY: "grok",
  OPENROUTER_API_KEY: "openrouter",
  CEREBRAS_API_KEY: "cerebras",
  PERPLEXITY_API_KEY: "perplexity-ai",
};

export const DEFAULT_MODEL_TIMEOUT_MS = 30_000;

/** The subset of the Worker env this module reads. `Cloudflare.Env` is assignable to it. */
export interface ModelEnv {
  MODEL_PROVIDER?: string;
  AI_GATEWAY_ACCOUNT_ID?: string;
  AI_GATEWAY_ID?: string;
  AI_GATEWAY_BASE_URL?: string;
  AI_GATEWAY_TOKEN?: string;
  AI_GATEWAY_FEEDBACK_TOKEN?: string;
  MODEL_TIMEOUT_MS?: string;
  /** openai-compatible: base URL up to the API version (`http://127.0.0.1:11434/v1`). */
  OPENAI_BASE_URL?: string;
  /** JSON `{agent: {task: [model, ...]}}`: which models serve each tier, per environment (src/models/tiers.ts). */
  MODEL_TIERS?: string;
  OPENAI_API_KEY?: string;
  ANTHROPIC_API_KEY?: string;
  GOOGLE_AI_STUDIO_API_KEY?: string;
  MISTRAL_API_KEY?: string;
  GROQ_API_KEY?: string;
  DEEPSEEK_API_KEY?: string;
  GROK_API_KEY?: string;
  OPENROUTER_API_KEY?: string;
  CEREBRAS_API_KEY?: string;
  PERPLEXITY_API_KEY?: string;
  /** Workers AI binding; typed loosely so the generated `Ai` type fits, checked at runtime. */
  AI?: unknown;
}

export interface ModelProviderDeps {
  /** Factory for the embedded local model (src/models/embedded/provider.ts), injected to avoid a hard import. */
  embedded: () => ModelProvider;
  /** fetch override for the gateway client (tests). */
  fetch?: typeof fetch;
  onWarning?: (message: string, data?: Record<string, unknown>) => void;
}

export class ModelConfigError extends Error {
  override readonly name = "ModelConfigError";
  /** Name of the offending variable (never its value). */
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(message);
    this.variable = variable;
  }
}

/** A var counts as missing when unset, blank, or still the `replace-with-...` placeholder from wrangler.toml. */
function readVar(env: ModelEnv, name: keyof ModelEnv): string | undefined {
  const value = env[name];
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  if (trimmed === "" || trimmed.startsWith("replace-with-")) return undefined;
  return trimmed;
}

function requireVar(env: ModelEnv, name: keyof ModelEnv, provider: string): string {
  const value = readVar(env, name);
  if (value === undefined) {
    throw new ModelConfigError(name, `MODEL_PROVIDER=${provider} needs ${name} to be set (var or secret)`);
  }
  return value;
}

function timeoutFrom(env: ModelEnv): number {
  const raw = readVar(env, "MODEL_TIMEOUT_MS");
  if (raw === undefined) return DEFAULT_MODEL_TIMEOUT_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ModelConfigError("MODEL_TIMEOUT_MS", "MODEL_TIMEOUT_MS must be a positive integer (milliseconds)");
  return n;
}

export function providerKeysFromEnv(env: ModelEnv): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [name, provider] of Object.entries(PROVIDER_KEY_VARS)) {
    const value = readVar(env, name as keyof ModelEnv);
    if (value !== undefined) keys[provider] = value;
  }
  return keys;
}

export function modelProviderFromEnv(env: ModelEnv, deps: ModelProviderDeps): ModelProvider {
  const kind = readVar(env, "MODEL_PROVIDER");
  if (kind === undefined) {
    throw new ModelConfigError("MODEL_PROVIDER", `MODEL_PROVIDER is not set (expected one of ${MODEL_PROVIDER_KINDS.join(", ")})`);
  }
  switch (kind) {
    case "embedded":
      return deps.embedded();

    case "ai-gateway": {
      const config: AiGatewayClientConfig = {
        accountId: requireVar(env, "AI_GATEWAY_ACCOUNT_ID", kind),
        gatewayId: requireVar(env, "AI_GATEWAY_ID", kind),
        defaultTimeoutMs: timeoutFrom(env),
        providerKeys: providerKeysFromEnv(env),
      };
      const baseUrl = readVar(env, "AI_GATEWAY_BASE_URL");
      if (baseUrl !== undefined) {
        if (!/^https?:\/\//.test(baseUrl)) throw new ModelConfigError("AI_GATEWAY_BASE_URL", "AI_GATEWAY_BASE_URL must be an http(s) URL");
        config.baseUrl = baseUrl;
      }
      const token = readVar(env, "AI_GATEWAY_TOKEN");
      if (token !== undefined) config.gatewayToken = token;
      const apiToken = readVar(env, "AI_GATEWAY_FEEDBACK_TOKEN");
      if (apiToken !== undefined) config.apiToken = apiToken;
      if (deps.fetch) config.fetch = deps.fetch;
      if (deps.onWarning) config.onWarning = deps.onWarning;
      return new AiGatewayClient(config);
    }

    case "workers-ai": {
      const ai = env.AI as Partial<AiBinding> | undefined;
      if (!ai || typeof ai.run !== "function" || typeof ai.gateway !== "function") {
        throw new ModelConfigError("AI", "MODEL_PROVIDER=workers-ai needs the AI binding ([ai] binding = \"AI\" in wrangler.toml)");
      }
      return new WorkersAiProvider({
        ai: ai as AiBinding,
        gatewayId: requireVar(env, "AI_GATEWAY_ID", kind),
        defaultTimeoutMs: timeoutFrom(env),
        ...(deps.onWarning ? { onWarning: deps.onWarning } : {}),
      });
    }

    case "openai-compatible": {
      const baseUrl = requireVar(env, "OPENAI_BASE_URL", kind);
      if (!/^https?:\/\/\S+$/.test(baseUrl)) throw new ModelConfigError("OPENAI_BASE_URL", "OPENAI_BASE_URL must be an http(s) URL, e.g. http://127.0.0.1:11434/v1");
      const apiKey = readVar(env, "OPENAI_API_KEY");
      return new OpenAiCompatibleProvider({
        baseUrl,
        defaultTimeoutMs: timeoutFrom(env),
        ...(apiKey !== undefined ? { apiKey } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
    }

    default:
      throw new ModelConfigError("MODEL_PROVIDER", `MODEL_PROVIDER must be one of ${MODEL_PROVIDER_KINDS.join(", ")}`);
  }
}
