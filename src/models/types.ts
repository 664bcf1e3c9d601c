/**
 * The one interface every model backend speaks: OpenAI-compatible chat
 * completions **with tool calling**, the shape AI Gateway's
 * `/compat/chat/completions` endpoint (and Ollama, vLLM, llama.cpp server)
 * accepts and returns. The embedded local model, the AI Gateway HTTP client,
 * the Workers AI binding and the OpenAI-compatible client all implement
 * `ModelProvider`, so the runtime cannot tell them apart.
 *
 * Wire reference: OpenAI "Create chat completion" (tools, tool_choice,
 * parallel_tool_calls; assistant `tool_calls`; `tool` messages with
 * `tool_call_id`; finish_reason `tool_calls`). Every type below is inferred
 * from its zod schema.
 */
import { z } from "zod";

// ---------------------------------------------------------------------------
// Tools (request side)

/** OpenAI's rule for function names: letters, digits, `_` and `-`, at most 64. */
export const ToolNameSchema = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "tool names are 1-64 of [a-zA-Z0-9_-]");

/** A JSON Schema object (produced by `z.toJSONSchema`, see src/tools/tool-spec.ts; never hand-written). */
export const JsonSchemaObjectSchema = z.record(z.string(), z.unknown());

export const ToolSpecSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: ToolNameSchema,
    description: z.string().optional(),
    parameters: JsonSchemaObjectSchema.optional(),
    strict: z.boolean().optional(),
  }),
});
export type ToolSpec = z.infer<typeof ToolSpecSchema>;

export const NamedToolChoiceSchema = z.object({
  type: z.literal("function"),
  function: z.object({ name: ToolNameSchema }),
});
export const ToolChoiceSchema = z.union([z.enum(["auto", "none", "required"]), NamedToolChoiceSchema]);
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;

/** A call the model asks for. `arguments` is the model's raw JSON text: it may be malformed, and is validated by the caller. */
export const ToolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

// ---------------------------------------------------------------------------
// Messages

export const SystemMessageSchema = z.object({ role: z.literal("system"), content: z.string(), name: z.string().optional() });
export const UserMessageSchema = z.object({ role: z.literal("user"), content: z.string(), name: z.string().optional() });
/** `content` is null when the turn is only tool calls (OpenAI's shape; some providers reject an empty string there). */
export const AssistantMessageSchema = z.object({
  role: z.literal("assistant"),
  content: z.string().nullable(),
  tool_calls: z.array(ToolCallSchema).min(1).optional(),
  name: z.string().optional(),
});
export const ToolMessageSchema = z.object({ role: z.literal("tool"), tool_call_id: z.string().min(1), content: z.string() });

export const ChatMessageSchema = z.discriminatedUnion("role", [SystemMessageSchema, UserMessageSchema, AssistantMessageSchema, ToolMessageSchema]);
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
export type AssistantMessage = z.infer<typeof AssistantMessageSchema>;
export type ToolMessage = z.infer<typeof ToolMessageSchema>;

/** The text of a message for token estimates (null content counts as empty; tool call arguments count too). */
export function messageText(message: ChatMessage): string {
  const calls = message.role === "assistant" ? (message.tool_calls ?? []) : [];
  return (message.content ?? "") + calls.map((c) => c.function.name + c.function.arguments).join("");
}

// ---------------------------------------------------------------------------
// Request

export const ChatRequestSchema = z
  .object({
    /** `{provider}/{model}`, e.g. `local/expense-classifier-small`, `openai/gpt-4o-mini`, `openai-compatible/qwen2.5:7b`. */
    model: z.string().min(3),
    messages: z.array(ChatMessageSchema).min(1),
    max_tokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
    response_format: z.object({ type: z.enum(["json_object", "text"]) }).optional(),
    /** OpenAI accepts at most 128 functions. */
    tools: z.array(ToolSpecSchema).min(1).max(128).optional(),
    tool_choice: ToolChoiceSchema.optional(),
    parallel_tool_calls: z.boolean().optional(),
  })
  .superRefine((req, ctx) => {
    // The checks an OpenAI-style server makes (400 otherwise), made here so every backend fails the same way, before paying.
    const names = new Set<string>();
    for (const [i, tool] of (req.tools ?? []).entries()) {
      if (names.has(tool.function.name)) ctx.addIssue({ code: "custom", path: ["tools", i, "function", "name"], message: "duplicate tool name" });
      names.add(tool.function.name);
    }
    if (req.tool_choice !== undefined && req.tools === undefined) {
      ctx.addIssue({ code: "custom", path: ["tool_choice"], message: "tool_choice is only allowed when tools are given" });
    }
    if (req.parallel_tool_calls !== undefined && req.tools === undefined) {
      ctx.addIssue({ code: "custom", path: ["parallel_tool_calls"], message: "parallel_tool_calls is only allowed when tools are given" });
    }
    if (typeof req.tool_choice === "object" && !names.has(req.tool_choice.function.name)) {
      ctx.addIssue({ code: "custom", path: ["tool_choice", "function", "name"], message: "tool_choice names a tool that is not in tools" });
    }
    // Every tool message answers a call of an earlier assistant message, once.
    const open = new Set<string>();
    for (const [i, m] of req.messages.entries()) {
      if (m.role === "assistant") {
        if (m.content === null && m.tool_calls === undefined) {
          ctx.addIssue({ code: "custom", path: ["messages", i, "content"], message: "an assistant message needs content or tool_calls" });
        }
        for (const call of m.tool_calls ?? []) open.add(call.id);
      } else if (m.role === "tool") {
        if (!open.delete(m.tool_call_id)) {
          ctx.addIssue({ code: "custom", path: ["messages", i, "tool_call_id"], message: "tool message does not answer an open tool call" });
        }
      }
    }
  });
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

// ---------------------------------------------------------------------------
// Response

export const UsageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;

/** `content_filter` is OpenAI's fourth value; kept so such an answer is reported, not mistaken for a broken response. */
export const FinishReasonSchema = z.enum(["stop", "length", "tool_calls", "content_filter"]);
export type FinishReason = z.infer<typeof FinishReasonSchema>;

export const ResponseMessageSchema = z.object({
  role: z.literal("assistant"),
  content: z.string().nullable(),
  tool_calls: z.array(ToolCallSchema).optional(),
  refusal: z.string().nullable().optional(),
});

export const ChatResponseSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion").optional(),
  created: z.number().optional(),
  model: z.string(),
  choices: z
    .array(
      z.object({
        index: z.number().int().optional(),
        message: ResponseMessageSchema,
        finish_reason: FinishReasonSchema.nullable().optional(),
        /** A calibrated probability that this answer (tool calls or final) is right, when the model reports one (the embedded models do; general chat APIs do not). */
        confidence: z.number().min(0).max(1).optional(),
      }),
    )
    .min(1),
  usage: UsageSchema,
});
export type ChatResponse = z.infer<typeof ChatResponseSchema>;

/** Per-call settings the caller (a run step) chooses; mapped to gateway headers. */
export interface CallOptions {
  /** Up to 5 entries, tie gateway logs back to runs (cf-aig-metadata). */
  metadata?: Record<string, string | number | boolean>;
  /** Correlation id for the gateway log (cf-aig-event-id). */
  eventId?: string;
  /** Seconds; only for deterministic steps without personal data. */
  cacheTtlSeconds?: number;
  skipCache?: boolean;
  /** Milliseconds before the gateway (or client) gives up. */
  timeoutMs?: number;
  /** Gateway-side retries (cf-aig-max-attempts etc.). */
  gatewayRetry?: { maxAttempts: number; delayMs: number; backoff: "constant" | "linear" | "exponential" };
}

/** What the gateway told us about the call, kept in the step journal. */
export interface GatewayInfo {
  cacheStatus?: string;
  logId?: string;
  step?: string;
}

export interface ModelResult {
  response: ChatResponse;
  latencyMs: number;
  gateway: GatewayInfo;
  /** True when the run engine replayed a journaled answer instead of calling (nothing paid). */
  replayed?: boolean;
}

/** Human feedback on a gateway log entry (AI Gateway evaluations). */
export interface ModelFeedback {
  /** -1 negative, 1 positive, 0 not evaluated. */
  feedback?: -1 | 0 | 1;
  /** 0..100 */
  score?: number;
}

export interface ModelProvider {
  /** Human-readable name of the backend, e.g. "embedded", "ai-gateway", "workers-ai", "openai-compatible". */
  readonly kind: string;
  complete(request: ChatRequest, options?: CallOptions): Promise<ModelResult>;
  /** Sends a reviewer's verdict back to the gateway log of a call, where the backend has one. */
  sendFeedback?(logId: string, input: ModelFeedback): Promise<void>;
}
