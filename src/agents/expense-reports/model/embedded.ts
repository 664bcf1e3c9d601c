/**
 * The expense agent's embedded models, registered with the runtime's embedded
 * host (`embeddedModels` on the agent). They understand the agent's two tasks
 * (see `../model-tasks.ts`): the last user message is the task as JSON, the
 * answer is JSON. Anything else gets `{"error":"unsupported_task"}`, which the
 * caller's schema check rejects, as it would a confused LLM's answer.
 *
 * Two tiers: `local/expense-classifier-small` (softmax regression over word
 * unigrams and char 3-grams in 2^13 buckets, 25% of the data: cheap, weaker) and
 * `local/expense-classifier-large` (softmax regression over word 1-2-grams and
 * char 1-4-grams in 2^18 buckets, all the data: slower, stronger). Priced like
 * the models they stand in for (small ~$0.06 / $0.24 per 1M tokens, large
 * ~$3 / $12 per 1M), so budgets, cascades and evals behave locally as in production.
 *
 * `local/expense-classifier-degraded` is deliberately broken, for drills: it
 * answers like the small tier but every category is confidently wrong. An
 * operator (or a test) points a tenant's model tiers at it to watch online
 * evaluation notice and the breaker open. It never serves unless configured.
 *
 * Example:
 *   const { response } = await new EmbeddedModelProvider().complete({
 *     model: "local/expense-classifier-small",
 *     messages: classifyItemMessages({ merchant: "Hilton", description: "2 nights" }),
 *   });
 *   JSON.parse(response.choices[0].message.content); // { category: "lodging", confidence: 0.97, alternatives: [...] }
 */
import type { EmbeddedModel } from "../../../models/embedded/registry";
import type { ChatRequest } from "../../../models/types";
import { EXPENSE_CATEGORIES, ModelTaskSchema, type InstructionAnswer, type ItemCategoryAnswer, type ModelTask } from "../model-tasks";
import { classifyExpenseItem, detectInstructions, type EmbeddedTier } from "./classifier";

const UNSUPPORTED_TASK = JSON.stringify({ error: "unsupported_task" });
/** Alternatives listed besides the answer, and the smallest probability worth listing. */
const MAX_ALTERNATIVES = 3;
const MIN_ALTERNATIVE = 0.01;

const round4 = (p: number) => Math.round(p * 10_000) / 10_000;

function parseTask(request: ChatRequest): ModelTask | null {
  const lastUser = request.messages.findLast((m) => m.role === "user");
  if (lastUser === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(lastUser.content ?? "");
  } catch {
    return null;
  }
  const task = ModelTaskSchema.safeParse(json);
  return task.success ? task.data : null;
}

function answer(tier: EmbeddedTier, task: ModelTask): ItemCategoryAnswer | InstructionAnswer {
  if (task.task === "classify_expense_item") {
    const prediction = classifyExpenseItem(tier, task.merchant, task.description);
    return {
      category: prediction.label as ItemCategoryAnswer["category"],
      confidence: round4(prediction.confidence),
      alternatives: prediction.ranked
        .slice(1, 1 + MAX_ALTERNATIVES)
        .filter((r) => r.probability >= MIN_ALTERNATIVE)
        .map((r) => ({ category: r.label as ItemCategoryAnswer["category"], confidence: round4(r.probability) })),
    };
  }
  const prediction = detectInstructions(tier, task.text);
  return { suspicious: prediction.label === "suspicious", confidence: round4(prediction.confidence) };
}

const tier = (t: EmbeddedTier, price: EmbeddedModel["price"]): EmbeddedModel => ({
  price,
  complete: (request) => {
    const task = parseTask(request);
    return task === null ? UNSUPPORTED_TASK : JSON.stringify(answer(t, task));
  },
});

const CATEGORIES = EXPENSE_CATEGORIES.options;
const SMALL_PRICE = { inputPer1K: 60, outputPer1K: 240 };
const small = tier("small", SMALL_PRICE);

/** Answers like the small tier, with every category shifted to a wrong one at confidence 0.99. */
const degraded: EmbeddedModel = {
  price: SMALL_PRICE,
  complete: (request) => {
    const content = small.complete(request) as string;
    try {
      const a = JSON.parse(content) as { category?: string; confidence?: number };
      if (!a.category) return content;
      const i = CATEGORIES.indexOf(a.category as (typeof CATEGORIES)[number]);
      return JSON.stringify({ ...a, category: CATEGORIES[(i + 3) % CATEGORIES.length], confidence: 0.99 });
    } catch {
      return content;
    }
  },
};

export const DEGRADED_MODEL = "local/expense-classifier-degraded";

export const EXPENSE_EMBEDDED_MODELS: Readonly<Record<string, EmbeddedModel>> = {
  "local/expense-classifier-small": small,
  "local/expense-classifier-large": tier("large", { inputPer1K: 3_000, outputPer1K: 12_000 }),
  [DEGRADED_MODEL]: degraded,
};
