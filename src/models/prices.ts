/**
 * What a model call costs, in integer micro-USD (1 USD = 1,000,000), from a
 * price table per 1K tokens with input and output priced separately.
 *
 * Embedded models cost nothing to run, but each is priced (by the agent that
 * registers it, see ./embedded/registry.ts) like the model it stands in for,
 * so budgets, cascades and evals behave locally as they will in production.
 * The gateway entries are list prices (Workers AI, OpenAI) when this was written.
 *
 * Example:
 *   costMicroUsd("openai/gpt-4o-mini", { prompt_tokens: 1200, completion_tokens: 80, total_tokens: 1280 });
 *   // ceil((1200 * 150 + 80 * 600) / 1000) = 228 micro-USD
 */
import { embeddedModel } from "./embedded/registry";
import type { Usage } from "./types";

export interface ModelPrice {
  /** Micro-USD per 1,000 prompt tokens. */
  inputPer1K: number;
  /** Micro-USD per 1,000 completion tokens. */
  outputPer1K: number;
}

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  "workers-ai/@cf/meta/llama-3.1-8b-instruct": { inputPer1K: 282, outputPer1K: 827 },
  "workers-ai/@cf/meta/llama-3.3-70b-instruct-fp8-fast": { inputPer1K: 293, outputPer1K: 2_253 },
  "openai/gpt-4o-mini": { inputPer1K: 150, outputPer1K: 600 },
  "openai/gpt-4o": { inputPer1K: 2_500, outputPer1K: 10_000 },
};

export class UnknownModelPriceError extends Error {
  override readonly name = "UnknownModelPriceError";
  readonly code = "MODEL_PRICE_UNKNOWN";
  /** A configuration error: retrying cannot help. */
  readonly retryable = false;
  readonly model: string;

  constructor(model: string) {
    super(`no price for model ${model}; add it to MODEL_PRICES`);
    this.model = model;
  }
}

/**
 * Self-hosted models behind MODEL_PROVIDER=openai-compatible (`openai-compatible/<name>`:
 * Ollama, vLLM, llama.cpp) have no list price; they are priced like a small open
 * model so budgets and cascades still behave as they will with a paid model.
 */
export const SELF_HOSTED_PRICE: ModelPrice = { inputPer1K: 60, outputPer1K: 240 };

export function priceOf(model: string): ModelPrice {
  const price = MODEL_PRICES[model] ?? embeddedModel(model)?.price ?? (model.startsWith("openai-compatible/") ? SELF_HOSTED_PRICE : undefined);
  if (price === undefined) throw new UnknownModelPriceError(model);
  return price;
}

/** Cost of a finished call, rounded up to a whole micro-USD. */
export function costMicroUsd(model: string, usage: Pick<Usage, "prompt_tokens" | "completion_tokens">): number {
  const price = priceOf(model);
  return Math.ceil((usage.prompt_tokens * price.inputPer1K + usage.completion_tokens * price.outputPer1K) / 1000);
}

/** Most a call can cost: its prompt plus `maxTokens` of output. Charge this before the call, settle after. */
export function worstCaseCostMicroUsd(model: string, promptTokens: number, maxTokens: number): number {
  return costMicroUsd(model, { prompt_tokens: promptTokens, completion_tokens: maxTokens });
}
