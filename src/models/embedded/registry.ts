/**
 * The embedded models this Worker can run, each registered by the agent that
 * trained it (its weights live in the agent's folder). The host knows no
 * model: `src/agents/registry.ts` registers every agent's `embeddedModels`.
 */
import type { ModelPrice } from "../prices";
import type { ChatRequest, ChatResponse } from "../types";

export interface EmbeddedModel {
  /**
   * Answers one validated chat request: the assistant's text (the host frames
   * it: token counts, the `max_tokens` cut), or a whole response (a
   * tool-calling model builds its own).
   */
  complete(request: ChatRequest): string | ChatResponse;
  /** What a call is priced at: local models are priced like the models they stand in for, so budgets behave as in production. */
  price: ModelPrice;
}

const models = new Map<string, EmbeddedModel>();

export function registerEmbeddedModels(entries: Readonly<Record<string, EmbeddedModel>> | undefined): void {
  for (const [id, model] of Object.entries(entries ?? {})) models.set(id, model);
}

export function embeddedModel(id: string): EmbeddedModel | undefined {
  return models.get(id);
}

export function embeddedModelIds(): string[] {
  return [...models.keys()].sort();
}
