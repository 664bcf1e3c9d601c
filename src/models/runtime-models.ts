/** The model provider a run uses, chosen by config (MODEL_PROVIDER) and built once per isolate. */
import { EmbeddedModelProvider } from "./embedded/provider";
import { modelProviderFromEnv } from "./provider-from-env";
import type { ModelProvider } from "./types";

export { costMicroUsd } from "./prices";

export function createModelProvider(env: Env): ModelProvider {
  return modelProviderFromEnv(env, { embedded: () => new EmbeddedModelProvider() });
}
