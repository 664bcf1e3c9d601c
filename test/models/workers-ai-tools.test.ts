/**
 * WorkersAiProvider with tools: what reaches `env.AI.run` (the binding's
 * function-calling input: `tools` as `{type: "function", function: {name,
 * description, parameters}}`, string message content, `tool_call_id`) and how
 * each answer shape of function-calling models becomes OpenAI tool calls.
 * A recording fake binding (the real one needs an account), as in
 * workers-ai-provider.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../src/models/types";
import { WorkersAiProvider, type AiBinding } from "../../src/models/workers-ai-provider";

function fakeAi(answer: unknown) {
  const runs: { model: string; inputs: Record<string, unknown> }[] = [];
  const ai: AiBinding = {
    aiGatewayLogId: "01JLOGTOOLS",
    async run(model, inputs) {
      runs.push({ model, inputs });
      return answer;
    },
    gateway: () => ({ patchLog: async () => {} }),
  };
  return { provider: new WorkersAiProvider({ ai, gatewayId: "gw", defaultTimeoutMs: 5_000, newId: () => "fixed" }), runs };
}

const TOOL = { type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } };
const CONVERSATION: ChatRequest = {
  model: "workers-ai/@cf/meta/llama-3.3-70b-instruct-fp8-fast",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Weather in Oslo?" },
    { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }] },
    { role: "tool", tool_call_id: "call_1", content: '{"c":4}' },
  ],
  tools: [TOOL],
  tool_choice: "required",
  parallel_tool_calls: false,
};

describe("WorkersAiProvider: tool-calling inputs", () => {
  it("maps tools, tool messages and a tool-calls-only assistant turn to the binding's shapes", async () => {
    const { provider, runs } = fakeAi({ response: "4 °C." });
    await provider.complete(CONVERSATION);
    const { model, inputs } = runs[0]!;
    expect(model).toBe("@cf/meta/llama-3.3-70b-instruct-fp8-fast");
    expect(inputs.tools).toEqual([{ type: "function", function: { name: "get_weather", description: "", parameters: TOOL.function.parameters } }]);
    expect(inputs.tool_choice).toBe("required");
    expect(inputs.parallel_tool_calls).toBe(false);
    expect(inputs.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Weather in Oslo?" },
      { role: "assistant", content: "", tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: '{"c":4}' },
    ]);
  });

  it("tool_choice none sends no tools at all (legacy models have no tool_choice)", async () => {
    const { provider, runs } = fakeAi({ response: "ok" });
    await provider.complete({ ...CONVERSATION, tool_choice: "none" });
    expect(runs[0]!.inputs).not.toHaveProperty("tools");
    expect(runs[0]!.inputs).not.toHaveProperty("tool_choice");
  });
});

describe("WorkersAiProvider: tool-calling answers", () => {
  it("legacy {response, tool_calls: [{name, arguments: {...}}]} -> OpenAI tool calls with ids and JSON-text arguments", async () => {
    const { provider } = fakeAi({ response: "", tool_calls: [{ name: "get_weather", arguments: { city: "Oslo" } }, { name: "get_weather", arguments: { city: "Bergen" } }], usage: { prompt_tokens: 20, completion_tokens: 9 } });
    const { response } = await provider.complete(CONVERSATION);
    const choice = response.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      { id: "call_workers-ai-fixed_0_0", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
      { id: "call_workers-ai-fixed_0_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Bergen"}' } },
    ]);
    expect(response.usage).toEqual({ prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 });
  });

  it("{tool_calls: [{id, type, function: {name, arguments: {...}}}]} (llama-4-scout) keeps the model's ids", async () => {
    const { provider } = fakeAi({ response: null, tool_calls: [{ id: "chatcmpl-tool-1", type: "function", function: { name: "get_weather", arguments: { city: "Oslo" } } }] });
    const { response } = await provider.complete(CONVERSATION);
    expect(response.choices[0]!.message.tool_calls).toEqual([{ id: "chatcmpl-tool-1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }]);
  });

  it("an OpenAI-shaped answer (chat-completions-schema models) passes with its tool calls", async () => {
    const { provider } = fakeAi({
      id: "chatcmpl-x",
      model: "@cf/openai/gpt-oss-20b",
      choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [{ id: "c9", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }] }, finish_reason: "tool_calls" }],
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
    });
    const { response } = await provider.complete({ ...CONVERSATION, model: "workers-ai/@cf/openai/gpt-oss-20b" });
    expect(response.choices[0]!.finish_reason).toBe("tool_calls");
    expect(response.choices[0]!.message.tool_calls?.[0]?.id).toBe("c9");
  });

  it("a plain text answer is unchanged: content string, finish stop, no tool_calls", async () => {
    const { provider } = fakeAi({ response: "4 °C in Oslo.", tool_calls: [] });
    const { response } = await provider.complete(CONVERSATION);
    expect(response.choices[0]).toEqual({ index: 0, message: { role: "assistant", content: "4 °C in Oslo." }, finish_reason: "stop" });
  });
});
