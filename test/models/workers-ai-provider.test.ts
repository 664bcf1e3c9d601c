/**
 * WorkersAiProvider with a fake AI binding (the real binding needs an account).
 * The fake records exactly what the provider passes to `env.AI.run` and
 * `env.AI.gateway(id).patchLog`.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelError, parseModelJson } from "../../src/models/errors";
import { modelProviderFromEnv } from "../../src/models/provider-from-env";
import type { ChatRequest } from "../../src/models/types";
import { WorkersAiProvider, bindingModelName, mapBindingError, type AiBinding } from "../../src/models/workers-ai-provider";

interface RunCall {
  model: string;
  inputs: Record<string, unknown>;
  options: Parameters<AiBinding["run"]>[2];
}

function fakeAi(behaviour: (call: RunCall) => unknown | Promise<unknown>) {
  const runs: RunCall[] = [];
  const patches: { gatewayId: string; logId: string; data: unknown }[] = [];
  let counter = 0;
  const ai: AiBinding = {
    aiGatewayLogId: null,
    async run(model, inputs, options) {
      const call = { model, inputs, options };
      runs.push(call);
      const out = await behaviour(call);
      ai.aiGatewayLogId = `01JLOG${String(++counter).padStart(20, "0")}`;
      return out;
    },
    gateway(gatewayId) {
      return {
        async patchLog(logId, data) {
          patches.push({ gatewayId, logId, data });
        },
      };
    },
  };
  return { ai, runs, patches };
}

const REQUEST: ChatRequest = {
  model: "workers-ai/@cf/meta/llama-3.1-8b-instruct",
  messages: [{ role: "user", content: "Lunch 12.80 EUR" }],
  max_tokens: 128,
  temperature: 0.2,
  response_format: { type: "json_object" },
};

const Expense = z.object({ amount: z.number(), currency: z.string() });

async function catchModelError(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error("expected a ModelError");
}

describe("WorkersAiProvider", () => {
  it("calls env.AI.run with the model, inputs and gateway options, and normalizes { response, usage }", async () => {
    const { ai, runs } = fakeAi(() => ({
      response: '{"amount": 12.8, "currency": "EUR"}',
      usage: { prompt_tokens: 11, completion_tokens: 9, total_tokens: 20 },
    }));
    const provider = new WorkersAiProvider({ ai, gatewayId: "agent-runtime", defaultTimeoutMs: 5_000 });
    const result = await provider.complete(REQUEST, {
      metadata: { runId: "r1", step: 2, secretToken: "x" },
      eventId: "r1:2",
      cacheTtlSeconds: 120,
      skipCache: true,
      timeoutMs: 4_000,
      gatewayRetry: { maxAttempts: 2, delayMs: 200, backoff: "linear" },
    });

    expect(provider.kind).toBe("workers-ai");
    expect(runs).toHaveLength(1);
    const call = runs[0]!;
    expect(call.model).toBe("@cf/meta/llama-3.1-8b-instruct");
    expect(call.inputs).toEqual({
      messages: REQUEST.messages,
      max_tokens: 128,
      temperature: 0.2,
      response_format: { type: "json_object" },
    });
    expect(call.options?.gateway).toEqual({
      id: "agent-runtime",
      metadata: { runId: "r1", step: 2 },
      eventId: "r1:2",
      cacheTtl: 120,
      skipCache: true,
      requestTimeoutMs: 4_000,
      retries: { maxAttempts: 2, retryDelayMs: 200, backoff: "linear" },
    });
    expect(call.options?.signal).toBeInstanceOf(AbortSignal);

    expect(result.response.model).toBe(REQUEST.model);
    expect(result.response.usage).toEqual({ prompt_tokens: 11, completion_tokens: 9, total_tokens: 20 });
    expect(parseModelJson(result.response.choices[0]!.message.content, Expense)).toEqual({ amount: 12.8, currency: "EUR" });
    expect(result.gateway.logId).toBe(ai.aiGatewayLogId);
    expect(result.gateway.logId).toMatch(/^01JLOG/);
  });

  it("stringifies an object `response` (JSON mode) and fills missing usage with zeros", async () => {
    const { ai } = fakeAi(() => ({ response: { amount: 3, currency: "USD" } }));
    const provider = new WorkersAiProvider({ ai, gatewayId: "g", defaultTimeoutMs: 5_000 });
    const result = await provider.complete(REQUEST);
    expect(JSON.parse(result.response.choices[0]!.message.content!)).toEqual({ amount: 3, currency: "USD" });
    expect(result.response.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });

  it("accepts OpenAI-shaped results (third-party models through the binding)", async () => {
    const { ai, runs } = fakeAi(() => ({
      id: "chatcmpl-1",
      object: "chat.completion",
      model: "gpt-4.1-mini",
      choices: [{ index: 0, message: { role: "assistant", content: '{"amount":1,"currency":"EUR"}' }, finish_reason: "stop" }],
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
    }));
    const provider = new WorkersAiProvider({ ai, gatewayId: "g", defaultTimeoutMs: 5_000 });
    const result = await provider.complete({ ...REQUEST, model: "openai/gpt-4.1-mini" });
    expect(runs[0]!.model).toBe("openai/gpt-4.1-mini");
    expect(result.response.id).toBe("chatcmpl-1");
    expect(result.response.usage.total_tokens).toBe(10);
  });

  it("times out client-side when the binding never answers", async () => {
    const { ai, runs } = fakeAi(() => new Promise(() => {}));
    const provider = new WorkersAiProvider({ ai, gatewayId: "g", defaultTimeoutMs: 100, clientTimeoutMarginMs: 100 });
    const err = await catchModelError(provider.complete(REQUEST));
    expect(err.code).toBe("TIMEOUT");
    expect(runs[0]!.options?.signal?.aborted).toBe(true);
  });

  it("maps binding errors by Workers AI internal code", async () => {
    const cases: [string, string, Partial<ModelError>][] = [
      ["3040: Out of capacity", "RATE_LIMITED", { limit: "rate", retryable: true }],
      ["3036: You have used up your daily free allocation of 10,000 neurons", "RATE_LIMITED", { limit: "spend", retryable: true }],
      ["3007: Request timeout", "TIMEOUT", { retryable: true }],
      ["5007: No such model @cf/nope or task", "BAD_REQUEST", { retryable: false }],
      ["5016: User has not agreed to Llama3.2 model terms", "AUTH_FAILED", { retryable: false }],
      ["InferenceUpstreamError: something broke", "PROVIDER_ERROR", { retryable: true }],
    ];
    for (const [message, code, extra] of cases) {
      const { ai } = fakeAi(() => {
        throw new Error(message);
      });
      const provider = new WorkersAiProvider({ ai, gatewayId: "g", defaultTimeoutMs: 5_000 });
      const err = await catchModelError(provider.complete(REQUEST));
      expect(err.code, message).toBe(code);
      expect(err).toMatchObject(extra);
    }
    expect(mapBindingError(new TypeError("Network connection lost (fetch)")).code).toBe("NETWORK");
  });

  it("sends feedback through env.AI.gateway(id).patchLog, mapping 0 to null", async () => {
    const { ai, patches } = fakeAi(() => ({ response: "{}" }));
    const provider = new WorkersAiProvider({ ai, gatewayId: "agent-runtime", defaultTimeoutMs: 5_000 });
    await provider.sendFeedback("01JLOGX", { feedback: 1, score: 70, metadata: { reviewer: "a", password: "x" } });
    await provider.sendFeedback("01JLOGY", { feedback: 0 });
    expect(patches).toEqual([
      { gatewayId: "agent-runtime", logId: "01JLOGX", data: { feedback: 1, score: 70, metadata: { reviewer: "a" } } },
      { gatewayId: "agent-runtime", logId: "01JLOGY", data: { feedback: null } },
    ]);
    const err = await catchModelError(provider.sendFeedback("01JLOGZ", { score: -1 }));
    expect(err.code).toBe("BAD_REQUEST");
  });

  it("is selected by modelProviderFromEnv for MODEL_PROVIDER=workers-ai", () => {
    const { ai } = fakeAi(() => ({ response: "{}" }));
    const provider = modelProviderFromEnv(
      { MODEL_PROVIDER: "workers-ai", AI: ai, AI_GATEWAY_ID: "agent-runtime" },
      { embedded: () => ({ kind: "embedded", complete: () => Promise.reject(new Error("unused")) }) },
    );
    expect(provider).toBeInstanceOf(WorkersAiProvider);
    expect(bindingModelName("workers-ai/@cf/x")).toBe("@cf/x");
    expect(bindingModelName("@cf/x")).toBe("@cf/x");
  });
});
