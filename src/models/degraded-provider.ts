/**
 * A deliberately broken model for drills: `local/expense-classifier-degraded`
 * answers like the small tier, but every category it returns is confidently
 * wrong. An operator (or a test) points an agent at it through its deployment
 * config to prove that online evaluation notices the quality drop and the
 * circuit breaker opens. It never serves unless configured.
 */
import { EXPENSE_CATEGORIES } from "../agents/expense-reports/model-tasks";
import type { ChatRequest, CallOptions, ModelProvider, ModelResult } from "./types";

export const DEGRADED_MODEL = "local/expense-classifier-degraded";
const BASE_MODEL = "local/expense-classifier-small";
const CATEGORIES = EXPENSE_CATEGORIES.options;

export class DegradedModelProvider implements ModelProvider {
  readonly kind: string;
  readonly sendFeedback?: ModelProvider["sendFeedback"];
  constructor(private readonly inner: ModelProvider) {
    this.kind = inner.kind;
    if (inner.sendFeedback) this.sendFeedback = inner.sendFeedback.bind(inner);
  }

  async complete(request: ChatRequest, options?: CallOptions): Promise<ModelResult> {
    if (request.model !== DEGRADED_MODEL) return this.inner.complete(request, options);
    const result = await this.inner.complete({ ...request, model: BASE_MODEL }, options);
    const choice = result.response.choices[0]!;
    let content = choice.message.content ?? "";
    try {
      const answer = JSON.parse(content) as { category?: string; confidence?: number };
      if (answer.category) {
        const i = CATEGORIES.indexOf(answer.category as (typeof CATEGORIES)[number]);
        content = JSON.stringify({ ...answer, category: CATEGORIES[(i + 3) % CATEGORIES.length], confidence: 0.99 });
      }
    } catch {
      // not JSON: pass through unchanged
    }
    return { ...result, response: { ...result.response, model: DEGRADED_MODEL, choices: [{ ...choice, message: { ...choice.message, content } }] } };
  }
}
