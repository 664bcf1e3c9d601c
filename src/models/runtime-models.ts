/** The model provider a run uses, chosen by config (MODEL_PROVIDER) and built once per isolate. */
import type { ModelProvider } from "./types";

// TEMPORARY until the embedded provider and price table land (same session).
export function createModelProvider(_env: Env): ModelProvider {
  throw new Error("model layer not wired yet");
}
export function costMicroUsd(_model: string, _usage: { prompt_tokens: number; completion_tokens: number }): number {
  return 0;
}
