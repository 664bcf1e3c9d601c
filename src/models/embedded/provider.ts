/**
 * The embedded-model host: local models that run inside the Worker, behind the
 * same OpenAI-compatible interface as AI Gateway, with no network. It knows no
 * model itself: each agent registers its own (`embeddedModels`, weights in the
 * agent's folder; see ./registry.ts). A model answers with text (the host adds
 * token counts and cuts at `max_tokens`, like an LLM) or with a whole response.
 * Models are deterministic; `temperature` is ignored.
 */
import { ChatRequestSchema, type ChatRequest, type ChatResponse, type ModelProvider, type ModelResult } from "../types";
import { EmbeddedModelError } from "./errors";
import { embeddedModel, embeddedModelIds } from "./registry";

/** Token estimate as OpenAI documents it for English: ~4 characters per token, plus framing per message. */
const CHARS_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** A text answer framed as a chat completion: cut at `max_tokens` like an LLM, even mid-JSON. */
export function textResponse(request: ChatRequest, text: string): ChatResponse {
  let content = text;
  let finishReason: "stop" | "length" = "stop";
  if (request.max_tokens !== undefined && estimateTokens(content) > request.max_tokens) {
    content = content.slice(0, request.max_tokens * CHARS_PER_TOKEN);
    finishReason = "length";
  }
  const promptTokens = request.messages.reduce((sum, m) => sum + TOKENS_PER_MESSAGE + estimateTokens(m.content ?? ""), TOKENS_PER_REPLY);
  const completionTokens = estimateTokens(content);
  return {
    id: `chatcmpl-local-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: finishReason }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

export class EmbeddedModelProvider implements ModelProvider {
  readonly kind = "embedded";

  async complete(request: ChatRequest): Promise<ModelResult> {
    const started = performance.now();
    const parsed = ChatRequestSchema.safeParse(request);
    if (!parsed.success) throw new EmbeddedModelError("INVALID_REQUEST", `invalid chat request: ${parsed.error.message}`);
    const model = embeddedModel(request.model);
    if (model === undefined) {
      throw new EmbeddedModelError("MODEL_NOT_FOUND", `no embedded model ${request.model}; available: ${embeddedModelIds().join(", ")}`);
    }
    const answer = model.complete(request);
    const response = typeof answer === "string" ? textResponse(request, answer) : answer;
    // Inside workerd the clock only advances across I/O, so this reads 0 there; in Node it is the real compute time.
    return { response, latencyMs: performance.now() - started, gateway: {} };
  }
}
