/**
 * MODEL_PROVIDER=openai-compatible against the stand-in's OpenAI-style route
 * (`${STANDIN}/openai/<scope>/v1`, what Ollama / vLLM / llama.cpp serve), over
 * real fetch from workerd; plus the per-environment tier config and the rule
 * that a remote backend never falls back to the embedded model.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ModelError } from "../../src/models/errors";
import { OpenAiCompatibleProvider } from "../../src/models/openai-compatible-provider";
import { priceOf } from "../../src/models/prices";
import { ModelConfigError, modelProviderFromEnv } from "../../src/models/provider-from-env";
import { createModelProvider } from "../../src/models/runtime-models";
import { configuredTiers, resolveTiers } from "../../src/models/tiers";
import type { ChatRequest } from "../../src/models/types";
import { STANDIN, faults, newScope, recorded, script } from "../support/model-standin";

const KEY = "sk-SECRET-local-server-key-0123456789";
const TOOLS: ChatRequest["tools"] = [
  { type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } },
];

function provider(scope: string, extra: Partial<ConstructorParameters<typeof OpenAiCompatibleProvider>[0]> = {}) {
  return new OpenAiCompatibleProvider({ baseUrl: `${STANDIN}/openai/${scope}/v1`, defaultTimeoutMs: 5_000, ...extra });
}

async function modelError(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ModelError) return err;
    throw err;
  }
  throw new Error("expected a ModelError");
}

const ASK: ChatRequest = { model: "openai-compatible/qwen2.5:7b", messages: [{ role: "user", content: "weather in Oslo?" }], tools: TOOLS, tool_choice: "required" };

describe("OpenAiCompatibleProvider", () => {
  it("posts {base}/chat/completions with the server's model name and no Authorization when no key is set", async () => {
    const scope = await newScope();
    const result = await provider(scope).complete({ model: "openai-compatible/qwen2.5:7b", messages: [{ role: "user", content: "hi" }] });
    const [req] = await recorded(scope);
    expect(req!.api).toBe("openai");
    expect(req!.path).toBe(`/openai/${scope}/v1/chat/completions`);
    expect(req!.body.model).toBe("qwen2.5:7b");
    expect(req!.headers.authorization).toBeUndefined();
    expect(result.response.choices[0]!.finish_reason).toBe("stop");
  });

  it("sends the bearer key when set; a wrong key is AUTH_FAILED without the key in the message", async () => {
    const scope = await newScope({ apiKey: KEY });
    await provider(scope, { apiKey: KEY }).complete(ASK);
    expect((await recorded(scope))[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    const err = await modelError(provider(scope, { apiKey: `${KEY}-wrong` }).complete(ASK));
    expect(err.code).toBe("AUTH_FAILED");
    expect(JSON.stringify(err.toJSON())).not.toContain(KEY);
  });

  it("round-trips a tool call: tools and tool_choice on the wire, tool_calls back, the tool result accepted", async () => {
    const scope = await newScope();
    await script(scope, { answers: [{ tool_calls: [{ id: "call_w", name: "get_weather", arguments: { city: "Oslo" } }] }, "It is 4 °C in Oslo."] });
    const p = provider(scope);
    const first = await p.complete(ASK);
    const calls = first.response.choices[0]!.message.tool_calls!;
    expect(first.response.choices[0]!.finish_reason).toBe("tool_calls");
    expect(calls).toEqual([{ id: "call_w", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }]);
    const second = await p.complete({
      ...ASK,
      tool_choice: "auto",
      messages: [...ASK.messages, { role: "assistant", content: null, tool_calls: calls }, { role: "tool", tool_call_id: "call_w", content: '{"c":4}' }],
    });
    expect(second.response.choices[0]!.message.content).toBe("It is 4 °C in Oslo.");
    const [r1, r2] = await recorded(scope);
    expect(r1!.body.tools).toEqual(TOOLS);
    expect(r1!.body.tool_choice).toBe("required");
    expect((r2!.body.messages as unknown[]).at(-1)).toEqual({ role: "tool", tool_call_id: "call_w", content: '{"c":4}' });
  });

  it.each([
    [{ type: "rate_limit", retryAfter: 3 }, "RATE_LIMITED"],
    [{ type: "server_error", status: 503 }, "PROVIDER_ERROR"],
    [{ type: "truncated_json" }, "PROVIDER_ERROR"],
    [{ type: "status", status: 400, body: { error: "model 'qwen2.5:7b' not found" } }, "BAD_REQUEST"],
  ])("maps %o to %s", async (fault, code) => {
    const scope = await newScope();
    await faults(scope, [fault]);
    const err = await modelError(provider(scope).complete(ASK));
    expect(err.code).toBe(code);
    if (code === "RATE_LIMITED") expect(err.retryAfterMs).toBe(3000);
  });

  it("times out on the client when the server never answers", async () => {
    const scope = await newScope();
    await faults(scope, [{ type: "timeout" }]);
    const err = await modelError(provider(scope).complete(ASK, { timeoutMs: 200 }));
    expect(err.code).toBe("TIMEOUT");
  });
});

describe("MODEL_PROVIDER=openai-compatible from the environment", () => {
  const base = { MODEL_PROVIDER: "openai-compatible" } as const;
  const embedded = () => {
    throw new Error("the embedded model must not be built for a remote backend");
  };

  it("needs OPENAI_BASE_URL as an http(s) URL and names the variable", () => {
    expect(() => modelProviderFromEnv({ ...base }, { embedded })).toThrowError(expect.objectContaining({ variable: "OPENAI_BASE_URL" }));
    expect(() => modelProviderFromEnv({ ...base, OPENAI_BASE_URL: "localhost:11434" }, { embedded })).toThrowError(ModelConfigError);
    expect(modelProviderFromEnv({ ...base, OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }, { embedded }).kind).toBe("openai-compatible");
  });

  it("serves every call from the configured server, embedded model ids included: no silent fallback", async () => {
    const scope = await newScope();
    const live = createModelProvider({ ...env, ...base, OPENAI_BASE_URL: `${STANDIN}/openai/${scope}/v1` });
    const result = await live.complete({ model: "local/expense-classifier-small", messages: [{ role: "user", content: "hello" }] });
    expect(live.kind).toBe("openai-compatible");
    expect(JSON.parse(result.response.choices[0]!.message.content!)).toEqual({ echo: "hello", model: "local/expense-classifier-small" });
    expect((await recorded(scope)).map((r) => r.body.model)).toEqual(["local/expense-classifier-small"]);

    // The server fails: the call fails, it is not answered locally.
    await faults(scope, [{ type: "server_error", status: 503 }]);
    const down = createModelProvider({ ...env, ...base, OPENAI_BASE_URL: `${STANDIN}/openai/${scope}/v1` });
    const err = await modelError(down.complete({ model: "local/expense-classifier-small", messages: [{ role: "user", content: "hello" }] }));
    expect(err.code).toBe("PROVIDER_ERROR");
    expect(err.status).toBe(503);
  });

  it("self-hosted models are priced, so budgets still reserve before a call", () => {
    expect(priceOf("openai-compatible/qwen2.5:7b")).toEqual({ inputPer1K: 60, outputPer1K: 240 });
  });
});

describe("MODEL_TIERS: which model serves each tier, per environment", () => {
  const tiers = JSON.stringify({ "expense-reports": { classify: ["openai-compatible/qwen2.5:7b", "openai/gpt-4o"] } });

  it("reads the var; tenant override > var > agent default", () => {
    expect(configuredTiers({ MODEL_TIERS: tiers }, "expense-reports", "classify")).toEqual(["openai-compatible/qwen2.5:7b", "openai/gpt-4o"]);
    expect(configuredTiers({ MODEL_TIERS: tiers }, "expense-reports", "other")).toBeUndefined();
    expect(configuredTiers({ MODEL_TIERS: "" }, "expense-reports", "classify")).toBeUndefined();
    const defaults = ["local/expense-classifier-small"];
    expect(resolveTiers({ env: { MODEL_TIERS: tiers }, agent: "expense-reports", task: "classify", defaults })).toEqual(["openai-compatible/qwen2.5:7b", "openai/gpt-4o"]);
    expect(resolveTiers({ env: { MODEL_TIERS: tiers }, agent: "expense-reports", task: "classify", tenantOverride: ["openai/gpt-4o-mini"], defaults })).toEqual(["openai/gpt-4o-mini"]);
    expect(resolveTiers({ env: {}, agent: "expense-reports", task: "classify", tenantOverride: null, defaults })).toEqual(defaults);
  });

  it("a malformed value is a config error naming MODEL_TIERS, not a quiet return to the defaults", () => {
    for (const bad of ["{not json", '{"expense-reports": ["a"]}', '{"expense-reports": {"classify": []}}']) {
      expect(() => configuredTiers({ MODEL_TIERS: bad }, "expense-reports", "classify")).toThrowError(expect.objectContaining({ variable: "MODEL_TIERS" }));
    }
  });

  it("the local wrangler.toml ships the var empty (agent defaults) and Ollama's base URL", () => {
    expect(env.MODEL_TIERS).toBe("");
    expect(env.OPENAI_BASE_URL).toBe("http://127.0.0.1:11434/v1");
  });
});
