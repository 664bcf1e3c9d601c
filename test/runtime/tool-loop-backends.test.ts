/**
 * One tool-calling agent, every backend: the 4-turn conversation of
 * tool-loop-crash.test.ts (two parallel reads, one payment, one read, a final
 * answer) through AI Gateway's compat endpoint (the stand-in), the Workers AI
 * binding (a fake answering in its function-calling shape) and an
 * OpenAI-compatible server (the stand-in). On each: the same outcome, one
 * ledger row, four model requests, and a crash in the middle (after the
 * payment's intent, or after a turn's model call) changes none of that.
 */
import { describe, expect, it } from "vitest";
import type { ModelProvider } from "../../src/models/types";
import { newScope, recorded, script } from "../support/model-standin";
import { command, effectRows, runStub } from "../support/runs";
import { SMALL } from "../support/tool-agents";
import {
  GATEWAY_MODEL,
  WORKERS_AI_MODEL,
  driveWithProvider,
  fakeWorkersAi,
  gatewayProvider,
  openAiCompatible,
  withProvider,
} from "../support/tool-agents-backends";

/** The stand-in's script: same turns as tool-loop-crash.test.ts, from the conversation alone. */
const FOUR_TURNS = `(req) => {
  const turn = req.messages.filter((m) => m.role === "assistant").length;
  if (turn === 0) return { tool_calls: [{ id: "c_a", name: "lookup", arguments: { id: "A" } }, { id: "c_b", name: "lookup", arguments: { id: "B" } }] };
  if (turn === 1) return { tool_calls: [{ id: "c_pay", name: "pay", arguments: { reportId: "R-1", amountCents: 1200 } }] };
  if (turn === 2) return { tool_calls: [{ id: "c_c", name: "lookup", arguments: { id: "C" } }] };
  const seen = req.messages.filter((m) => m.role === "tool" && m.content.includes('"ok":true')).length;
  return { content: JSON.stringify({ done: true, seen }) };
}`;

const KINDS = ["model", "tool", "tool", "model", "tool", "model", "tool", "model", "decision"];
const MODEL_STEPS = [0, 3, 5, 7];
const PAY_STEP = 4;

/** What a test sees of a backend: its provider, and the requests that reached the model. */
interface Backend {
  make: () => ModelProvider;
  requests: () => Promise<{ model: string; messages: { role: string; tool_call_id?: string }[] }[]>;
}

async function standinBackend(make: (scope: string) => ModelProvider, api: "compat" | "openai"): Promise<Backend> {
  const scope = await newScope();
  await script(scope, { fn: FOUR_TURNS });
  return {
    make: () => make(scope),
    requests: async () => {
      const list = await recorded(scope);
      // Each request went to the endpoint this backend speaks, and nowhere else.
      expect(list.map((r) => r.api)).toEqual(list.map(() => api));
      return list.map((r) => r.body as { model: string; messages: { role: string; tool_call_id?: string }[] });
    },
  };
}

const BACKENDS: { label: string; agent: string; model: string; wire: string; setup: () => Promise<Backend> }[] = [
  { label: "ai-gateway", agent: "tool-loop-gateway", model: GATEWAY_MODEL, wire: GATEWAY_MODEL, setup: () => standinBackend(gatewayProvider, "compat") },
  {
    label: "workers-ai",
    agent: "tool-loop-workers-ai",
    model: WORKERS_AI_MODEL,
    // The binding takes the model without the `workers-ai/` prefix.
    wire: WORKERS_AI_MODEL.slice("workers-ai/".length),
    setup: async () => {
      const fake = fakeWorkersAi();
      return {
        make: fake.provider,
        requests: async () => fake.runs.map((r) => ({ model: r.model, messages: r.inputs.messages as { role: string; tool_call_id?: string }[] })),
      };
    },
  },
  { label: "openai-compatible", agent: "tool-loop", model: SMALL, wire: "tier-small", setup: () => standinBackend(openAiCompatible, "openai") },
];

async function start(b: (typeof BACKENDS)[number], crash?: (point: string, step: number) => boolean) {
  const backend = await b.setup();
  const cmd = command(b.agent, { task: "pay R-1" });
  await withProvider(cmd.runId, backend.make, crash);
  await runStub(cmd.runId).submit(cmd).catch(() => "crashed");
  const view = await driveWithProvider(cmd.runId, backend.make);
  return { backend, runId: cmd.runId, view };
}

const crashes: [string, number][] = [
  ["after-tool-intent", PAY_STEP],
  ["after-model-call", 3],
];

describe.each(BACKENDS)("tool loop on $label", (b) => {
  it("completes the 4-turn conversation: one ledger row, four model requests, each turn's model and cost journaled", async () => {
    const { backend, runId, view } = await start(b);
    expect(view).toMatchObject({ status: "completed", outcome: { done: true, seen: 4 }, proposal: { done: true, seen: 4 }, usage: { steps: 9, modelCalls: 4, toolCalls: 4 } });
    expect(view!.usage.costMicroUsd).toBeGreaterThan(0);
    expect(await effectRows(runId)).toBe(1);

    const journal = (await runStub(runId).journal("demo"))!;
    expect(journal.map((s) => s.kind)).toEqual(KINDS);
    expect(journal.map((s) => s.name.split(":")[0])).toEqual(["turn-0", "turn-0", "turn-0", "turn-1", "turn-1", "turn-2", "turn-2", "turn-3", "final"]);
    for (const i of MODEL_STEPS) expect(journal[i]!.modelCalls).toEqual([expect.objectContaining({ model: b.model, costMicroUsd: expect.any(Number) })]);
    const pay = journal[PAY_STEP]!;
    expect(pay.toolCalls).toEqual([expect.objectContaining({ tool: "pay", idempotencyKey: `${runId}:${pay.name}`, status: "done" })]);

    const requests = await backend.requests();
    expect(requests).toHaveLength(4);
    expect(requests.map((r) => r.model)).toEqual(requests.map(() => b.wire));
    // The second turn reads both parallel results, in the order the first turn listed the calls.
    const answered = requests[1]!.messages.filter((m) => m.role === "tool").map((m) => m.tool_call_id);
    expect(answered.map((id) => `turn-0:${id}`)).toEqual([journal[1]!.name, journal[2]!.name]);
  });

  it.each(crashes)("a crash at %s %i: same outcome, one ledger row, no turn paid twice", async (point, step) => {
    const { backend, runId, view } = await start(b, (p, s) => p === point && s === step);
    expect(view).toMatchObject({ status: "completed", outcome: { done: true, seen: 4 }, usage: { steps: 9, modelCalls: 4, toolCalls: 4 } });
    expect(await effectRows(runId)).toBe(1);
    expect(await backend.requests()).toHaveLength(4);
    const journal = (await runStub(runId).journal("demo"))!;
    expect(journal.map((s) => s.kind)).toEqual(KINDS);
    expect(journal.every((s) => s.status === "completed")).toBe(true);
    expect(journal.flatMap((s) => s.modelCalls)).toHaveLength(4);
    // The crash really happened: exactly the step in flight ran again.
    expect(journal.filter((s) => s.attempt > 1).map((s) => s.index)).toEqual([step]);
  });
});
