/**
 * The one interface every model backend speaks: OpenAI-compatible chat
 * completions, the shape AI Gateway's `/compat/chat/completions` endpoint
 * accepts and returns. The embedded local model, the AI Gateway HTTP client and
 * the Workers AI binding all implement `ModelProvider`, so the runtime cannot
 * tell them apart.
 */
import { z } from "zod";

export const ChatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ChatRequestSchema = z.object({
  /** `{provider}/{model}`, e.g. `local/expense-nb-small`, `openai/gpt-5-mini`. */
  model: z.string().min(3),
  messages: z.array(ChatMessageSchema).min(1),
  max_tokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  response_format: z.object({ type: z.enum(["json_object", "text"]) }).optional(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const UsageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ChatResponseSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion").optional(),
  created: z.number().optional(),
  model: z.string(),
  choices: z
    .array(
      z.object({
        index: z.number().int().optional(),
        message: z.object({ role: z.literal("assistant"), content: z.string().nullable() }),
        finish_reason: z.string().nullable().optional(),
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
  /** Human-readable name of the backend, e.g. "embedded", "ai-gateway", "workers-ai". */
  readonly kind: string;
  complete(request: ChatRequest, options?: CallOptions): Promise<ModelResult>;
  /** Sends a reviewer's verdict back to the gateway log of a call, where the backend has one. */
  sendFeedback?(logId: string, input: ModelFeedback): Promise<void>;
}
