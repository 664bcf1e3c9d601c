/**
 * The `tool-loop` agent (test/support/tool-agents.ts) on each model backend:
 * one definition, re-declared with model ids valid for the backend, and a
 * provider factory per backend. As in tool-agents.ts, the run object's
 * provider lives in memory, so the test sets it again after every crash
 * (`withProvider`), as a restarted object builds it again from config.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { registerAgent } from "../../src/agents/registry";
import { AiGatewayClient } from "../../src/models/gateway-client";
import type { ModelProvider } from "../../src/models/types";
import { WorkersAiProvider, type AiBinding } from "../../src/models/workers-ai-provider";
import type { TestHooks } from "../../src/runtime/run-object";
import type { RunView } from "../../src/runtime/run-view";
import { defineToolAgent } from "../../src/runtime/tool-loop/define-tool-agent";
import { SIMULATED_CRASH } from "./crash-noise";
import { STANDIN } from "./model-standin";
import { instrument, runStub } from "./runs";
import { loopAgent, provider as openAiCompatible } from "./tool-agents";

export const GATEWAY_MODEL = "openai/gpt-4o-mini";
/** A Workers AI function-calling model (legacy `{response, tool_calls: [{name, arguments}]}` answers). */
export const WORKERS_AI_MODEL = "workers-ai/@cf/meta/llama-3.3-70b-instruct-fp8-fast";

/** Same tools, policy, instructions and limits as `tool-loop`; only the model ids differ. */
export const gatewayLoopAgent = defineToolAgent({ ...loopAgent.toolAgent, name: "tool-loop-gateway", models: [GATEWAY_MODEL] });
export const workersAiLoopAgent = defineToolAgent({ ...loopAgent.toolAgent, name: "tool-loop-workers-ai", models: [WORKERS_AI_MODEL] });
for (const agent of [gatewayLoopAgent, workersAiLoopAgent]) registerAgent(agent);

/** AI Gateway's compat endpoint on the stand-in; the scope is the gateway id. */
export function gatewayProvider(scope: string): ModelProvider {
  return new AiGatewayClient({ baseUrl: `${STANDIN}/v1`, accountId: "acct-backends", gatewayId: scope, defaultTimeoutMs: 5_000 });
}

export { openAiCompatible };

type Msg = { role: string; content?: unknown };

/**
 * A fake `env.AI` binding answering the 4-turn script of tool-loop-crash.test.ts
 * in the Workers AI function-calling shape, from the conversation alone (so a
 * replayed request would get the same answer). Each `run` gets a fresh log id,
 * as the real binding's `aiGatewayLogId` changes per request; the provider
 * derives call ids from it.
 */
export function fakeWorkersAi() {
  const runs: { model: string; inputs: Record<string, unknown> }[] = [];
  const ai: AiBinding = {
    aiGatewayLogId: null,
    async run(model, inputs) {
      runs.push({ model, inputs });
      ai.aiGatewayLogId = `01JLOG${String(runs.length).padStart(4, "0")}`;
      const messages = inputs.messages as Msg[];
      const turn = messages.filter((m) => m.role === "assistant").length;
      const usage = { prompt_tokens: 40 + 10 * messages.length, completion_tokens: 12 };
      const calls = (list: { name: string; arguments: Record<string, unknown> }[]) => ({ response: "", tool_calls: list, usage });
      if (turn === 0) return calls([{ name: "lookup", arguments: { id: "A" } }, { name: "lookup", arguments: { id: "B" } }]);
      if (turn === 1) return calls([{ name: "pay", arguments: { reportId: "R-1", amountCents: 1200 } }]);
      if (turn === 2) return calls([{ name: "lookup", arguments: { id: "C" } }]);
      const seen = messages.filter((m) => m.role === "tool" && String(m.content).includes('"ok":true')).length;
      return { response: JSON.stringify({ done: true, seen }), usage };
    },
    gateway: () => ({ patchLog: async () => {} }),
  };
  return { ai, runs, provider: (): ModelProvider => new WorkersAiProvider({ ai, gatewayId: "gw-backends", defaultTimeoutMs: 5_000 }) };
}

/** Sets the run object's model provider (memory: lost on every crash) and, optionally, a crash at one checkpoint. */
export function withProvider(runId: string, make: () => ModelProvider, crash?: (point: string, step: number) => boolean) {
  return instrument(runId, (obj, state) => {
    obj.modelProvider = make();
    if (!crash) return;
    let fired = false;
    const hooks: TestHooks = {
      onCheckpoint(point, step) {
        if (!fired && crash(point, step)) {
          fired = true;
          state.abort(SIMULATED_CRASH);
        }
      },
    };
    obj.hooks = hooks;
  });
}

const RESTING = ["completed", "failed", "cancelled", "waiting_for_review"];

/** Fires the alarm (provider set again each time) until the run rests. */
export async function driveWithProvider(runId: string, make: () => ModelProvider, maxWakes = 30): Promise<RunView | null> {
  for (let i = 0; i < maxWakes; i++) {
    // A stub that saw its object die stays broken: every round gets a fresh one.
    const stub = runStub(runId);
    const view = await stub.view("demo").catch(() => null);
    if (view && RESTING.includes(view.status)) return view;
    const ready = await withProvider(runId, make).then(() => true, () => false);
    if (ready) await runDurableObjectAlarm(stub).catch(() => "crashed");
  }
  return runStub(runId).view("demo");
}
