/**
 * The embedded local model behind the same OpenAI-compatible interface as AI
 * Gateway. It understands the expense agent's two tasks (see
 * `agents/expense-reports/model-tasks.ts`): the last user message is the task
 * as JSON, the answer is JSON in the assistant message. Anything else gets a
 * well-formed response whose content is `{"error":"unsupported_task"}`, which
 * the caller's schema check rejects, as it would a confused LLM's answer.
 *
 * Two tiers: `local/expense-classifier-small` (softmax regression over word
 * unigrams and char 3-grams in 2^13 buckets, 25% of the data: cheap, weaker) and
 * `local/expense-classifier-large` (softmax regression over word 1-2-grams and
 * char 1-4-grams in 2^18 buckets, all the data: slower, stronger). Both are deterministic; `temperature` is ignored.
 *
 * Example:
 *   const provider = new EmbeddedModelProvider();
 *   const { response } = await provider.complete({
 *     model: "local/expense-classifier-small",
 *     messages: classifyItemMessages({ merchant: "Hilton", description: "2 nights" }),
 *   });
 *   JSON.parse(response.choices[0].message.content); // { category: "lodging", confidence: 0.97, alternatives: [...] }
 */
import {
  type InstructionAnswer,
  type ItemCategoryAnswer,
  ModelTaskSchema,
  type ModelTask,
} from "../../agents/expense-reports/model-tasks";
import { ChatRequestSchema, type ChatRequest, type ChatResponse, type ModelProvider, type ModelResult } from "../types";
import { classifyExpenseItem, detectInstructions, type EmbeddedTier } from "./classifier";
import { EmbeddedModelError } from "./errors";

export const EMBEDDED_MODELS: Readonly<Record<string, EmbeddedTier>> = {
  "local/expense-classifier-small": "small",
  "local/expense-classifier-large": "large",
};

const UNSUPPORTED_TASK = JSON.stringify({ error: "unsupported_task" });
/** Alternatives listed besides the answer, and the smallest probability worth listing. */
const MAX_ALTERNATIVES = 3;
const MIN_ALTERNATIVE = 0.01;
/** Token estimate as OpenAI documents it for English: ~4 characters per token, plus framing per message. */
const CHARS_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

const round4 = (p: number) => Math.round(p * 10_000) / 10_000;

function parseTask(request: ChatRequest): ModelTask | null {
  const lastUser = request.messages.findLast((m) => m.role === "user");
  if (lastUser === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(lastUser.content);
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

export class EmbeddedModelProvider implements ModelProvider {
  readonly kind = "embedded";

  async complete(request: ChatRequest): Promise<ModelResult> {
    const started = performance.now();
    const parsed = ChatRequestSchema.safeParse(request);
    if (!parsed.success) throw new EmbeddedModelError("INVALID_REQUEST", `invalid chat request: ${parsed.error.message}`);
    const tier = EMBEDDED_MODELS[request.model];
    if (tier === undefined) {
      throw new EmbeddedModelError(
        "MODEL_NOT_FOUND",
        `no embedded model ${request.model}; available: ${Object.keys(EMBEDDED_MODELS).join(", ")}`,
      );
    }

    const task = parseTask(request);
    let content = task === null ? UNSUPPORTED_TASK : JSON.stringify(answer(tier, task));
    let finishReason: "stop" | "length" = "stop";
    // Like an LLM, stop at max_tokens even if that cuts the JSON short.
    if (request.max_tokens !== undefined && estimateTokens(content) > request.max_tokens) {
      content = content.slice(0, request.max_tokens * CHARS_PER_TOKEN);
      finishReason = "length";
    }

    const promptTokens = request.messages.reduce((sum, m) => sum + TOKENS_PER_MESSAGE + estimateTokens(m.content ?? ""), TOKENS_PER_REPLY);
    const completionTokens = estimateTokens(content);
    const response: ChatResponse = {
      id: `chatcmpl-local-${crypto.randomUUID()}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: finishReason }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    };
    // Inside workerd the clock only advances across I/O, so this reads 0 there; in Node it is the real compute time.
    return { response, latencyMs: performance.now() - started, gateway: {} };
  }
}
