import { describe, expect, it } from "vitest";
import {
  InstructionAnswerSchema,
  ItemCategoryAnswerSchema,
  classifyItemMessages,
  detectInstructionsMessages,
} from "../../src/agents/expense-reports/model-tasks";
import { CascadeError, runCascade } from "../../src/models/cascade";
import "../../src/agents/registry"; // every agent registers its embedded models
import { EmbeddedModelProvider } from "../../src/models/embedded/provider";
import { priceOf, UnknownModelPriceError, costMicroUsd, worstCaseCostMicroUsd } from "../../src/models/prices";
import type { ChatRequest, ModelResult } from "../../src/models/types";

const SMALL = "local/expense-classifier-small";
const LARGE = "local/expense-classifier-large";
const TIERS = [SMALL, LARGE];

/** A scripted model: each tier answers with the given content (and cache status). */
function scripted(answers: Record<string, string | null>, cacheStatus?: string) {
  const calls: { model: string; attemptIndex: number }[] = [];
  const call = async (model: string, _request: ChatRequest, attemptIndex: number): Promise<ModelResult> => {
    calls.push({ model, attemptIndex });
    const content = answers[model] ?? null;
    return {
      response: {
        id: `test-${attemptIndex}`,
        model,
        choices: [{ message: { role: "assistant", content } }],
        usage: { prompt_tokens: 1000, completion_tokens: 20, total_tokens: 1020 },
      },
      latencyMs: 5,
      gateway: cacheStatus === undefined ? {} : { cacheStatus },
    };
  };
  return { call, calls };
}

const categoryCascade = (call: ReturnType<typeof scripted>["call"], check?: (v: { category: string }) => string | null) =>
  runCascade({
    tiers: TIERS,
    buildRequest: (model) => ({ model, messages: classifyItemMessages({ merchant: "Uber" }) }),
    schema: ItemCategoryAnswerSchema,
    threshold: 0.8,
    check,
    call,
  });

describe("runCascade", () => {
  it("accepts a confident answer from the cheapest tier and stops there", async () => {
    const { call, calls } = scripted({ [SMALL]: '{"category":"ground_transport","confidence":0.93}' });
    const result = await categoryCascade(call);
    expect(result).toMatchObject({ model: SMALL, accepted: true, confidence: 0.93, value: { category: "ground_transport" } });
    expect(calls).toEqual([{ model: SMALL, attemptIndex: 0 }]);
    expect(result.attempts).toEqual([
      { model: SMALL, promptTokens: 1000, completionTokens: 20, costMicroUsd: 65, latencyMs: 5, cacheStatus: null, outcome: "accepted", reason: null },
    ]);
  });

  it("escalates a low-confidence answer to the next tier and records what each attempt cost", async () => {
    const { call, calls } = scripted({
      [SMALL]: '{"category":"meals","confidence":0.62}',
      [LARGE]: '```json\n{"category":"ground_transport","confidence":0.97}\n```',
    });
    const result = await categoryCascade(call);
    expect(calls.map((c) => c.attemptIndex)).toEqual([0, 1]);
    expect(result).toMatchObject({ model: LARGE, accepted: true, value: { category: "ground_transport" } });
    expect(result.attempts.map((a) => [a.model, a.outcome, a.reason, a.costMicroUsd])).toEqual([
      [SMALL, "escalated", "low_confidence 0.62 < 0.8", 65],
      [LARGE, "accepted", null, 3240], // (1000 x 3000 + 20 x 12000) / 1000
    ]);
  });

  it("escalates invalid JSON, schema violations and failed checks with their reasons", async () => {
    const invalid = await categoryCascade(scripted({ [SMALL]: "It is probably a taxi.", [LARGE]: '{"category":"ground_transport","confidence":0.9}' }).call);
    expect(invalid.attempts[0]!.reason).toBe("invalid_json");

    const schema = await categoryCascade(scripted({ [SMALL]: '{"category":"taxi","confidence":0.99}', [LARGE]: '{"category":"ground_transport","confidence":0.9}' }).call);
    expect(schema.attempts[0]!.reason).toMatch(/^schema_invalid: category: /);

    const checked = await categoryCascade(
      scripted({ [SMALL]: '{"category":"alcohol","confidence":0.99}', [LARGE]: '{"category":"ground_transport","confidence":0.9}' }).call,
      (v) => (v.category === "alcohol" ? "merchant is a ride-hailing company" : null),
    );
    expect(checked.attempts[0]!.reason).toBe("check_failed: merchant is a ride-hailing company");
    expect(checked).toMatchObject({ model: LARGE, accepted: true });
  });

  it("returns the last tier's unsure answer unaccepted, for the caller to escalate to a person", async () => {
    const result = await categoryCascade(
      scripted({ [SMALL]: '{"category":"meals","confidence":0.4}', [LARGE]: '{"category":"ground_transport","confidence":0.55}' }).call,
    );
    expect(result).toMatchObject({ model: LARGE, accepted: false, confidence: 0.55, value: { category: "ground_transport" } });
    expect(result.attempts.map((a) => a.outcome)).toEqual(["escalated", "escalated"]);
  });

  it("throws a typed error carrying every attempt when the last tier's output is unusable", async () => {
    const error = await categoryCascade(scripted({ [SMALL]: '{"category":"meals","confidence":0.4}', [LARGE]: null }).call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CascadeError);
    expect(error).toMatchObject({ code: "CASCADE_INVALID_OUTPUT", retryable: false });
    expect((error as CascadeError).attempts.map((a) => a.reason)).toEqual(["low_confidence 0.4 < 0.8", "invalid_json"]);
  });

  it("lets errors from call propagate for the runtime to retry", async () => {
    const failure = new Error("gateway timeout");
    const error = await categoryCascade(async () => Promise.reject(failure)).catch((e: unknown) => e);
    expect(error).toBe(failure);
  });

  it("charges nothing for a response served from the gateway cache", async () => {
    const result = await categoryCascade(scripted({ [SMALL]: '{"category":"ground_transport","confidence":0.93}' }, "HIT").call);
    expect(result.attempts[0]).toMatchObject({ cacheStatus: "HIT", costMicroUsd: 0 });
  });

  it("refuses a tier without a price before calling any model", async () => {
    const { call, calls } = scripted({});
    const error = await runCascade({
      tiers: [SMALL, "acme/unpriced-model"],
      buildRequest: (model) => ({ model, messages: detectInstructionsMessages("hi") }),
      schema: InstructionAnswerSchema,
      threshold: 0.8,
      call,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownModelPriceError);
    expect(calls).toEqual([]);
  });

  it("runs over the embedded tiers: the small tier's unsure answer is settled by the large tier", async () => {
    const provider = new EmbeddedModelProvider();
    const result = await runCascade({
      tiers: TIERS,
      // A brand the small tier is unsure about (its weights decide which; retraining may change it).
      buildRequest: (model) => ({ model, messages: classifyItemMessages({ merchant: "Macy's" }) }),
      schema: ItemCategoryAnswerSchema,
      threshold: 0.8,
      call: (_model, request) => provider.complete(request),
    });
    expect(result).toMatchObject({ model: LARGE, accepted: true, value: { category: "personal" } });
    expect(result.attempts).toHaveLength(2);
    expect(result.attempts[0]!.reason).toMatch(/^low_confidence /);
    for (const a of result.attempts) {
      expect(a.costMicroUsd).toBe(costMicroUsd(a.model, { prompt_tokens: a.promptTokens, completion_tokens: a.completionTokens }));
    }
    expect(result.attempts[1]!.costMicroUsd).toBeGreaterThan(30 * result.attempts[0]!.costMicroUsd);
  });
});

describe("prices", () => {
  it("prices the strong local tier at 50x the cheap one", () => {
    const small = priceOf(SMALL);
    const large = priceOf(LARGE);
    expect(large.inputPer1K / small.inputPer1K).toBe(50);
    expect(large.outputPer1K / small.outputPer1K).toBe(50);
  });

  it("rounds costs up to whole micro-USD and bounds them by the worst case", () => {
    expect(costMicroUsd("openai/gpt-4o-mini", { prompt_tokens: 1200, completion_tokens: 80 })).toBe(228);
    expect(costMicroUsd(SMALL, { prompt_tokens: 1, completion_tokens: 0 })).toBe(1); // 0.06 rounds up
    expect(costMicroUsd(SMALL, { prompt_tokens: 0, completion_tokens: 0 })).toBe(0);
    expect(worstCaseCostMicroUsd("openai/gpt-4o", 1000, 500)).toBe(7500);
    expect(worstCaseCostMicroUsd(LARGE, 500, 100)).toBeGreaterThanOrEqual(costMicroUsd(LARGE, { prompt_tokens: 500, completion_tokens: 40 }));
  });

  it("refuses to price an unknown model", () => {
    expect(() => costMicroUsd("acme/mystery", { prompt_tokens: 1, completion_tokens: 1 })).toThrow(UnknownModelPriceError);
  });
});
