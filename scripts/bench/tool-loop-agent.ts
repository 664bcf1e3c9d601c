/**
 * Bench only (section 9 of `npm run bench`): a tool-calling agent and the
 * in-Worker scripted model that drives it.
 *
 * Why in the Worker and not the HTTP stand-in: MODEL_PROVIDER is one setting
 * for the whole Worker, and sections 7-8 need the embedded model. So the bench
 * run object routes exactly one model name (`SCRIPTED_MODEL`) to the scripted
 * provider and everything else to the configured one. The scripted model
 * answers at once and deterministically: turns 1..N-1 ask for one read-only
 * tool call (a different document each time, so NO_PROGRESS never fires),
 * turn N gives the final answer. What is measured is then the engine's own
 * work per turn: building the conversation from the journal, the budget
 * reservation at the guard, the journaled model call, the tool step.
 */
import { z } from "zod";
import type { ChatRequest, ChatResponse, ModelProvider, ModelResult } from "../../src/models/types";
import { defineToolAgent } from "../../src/runtime/tool-loop/define-tool-agent";
import { defineTool } from "../../src/tools/define-tool";

/** Priced as a self-hosted model (src/models/prices.ts), so budgets run as they would for a real one. */
export const SCRIPTED_MODEL = "openai-compatible/bench-scripted";
export const TOOL_LOOP_AGENT = "bench-tool-loop";
export const MAX_BENCH_TURNS = 100;

const readDoc = defineTool({
  name: "read_doc",
  description: "Read one document by id.",
  input: z.object({ id: z.string().min(1).max(40) }),
  output: z.object({ id: z.string(), text: z.string() }),
  sideEffect: false,
  async run(args) {
    return { id: args.id, text: `document ${args.id}` };
  },
});

const Input = z.object({ turns: z.number().int().min(1).max(MAX_BENCH_TURNS) });

export const benchToolLoopAgent = defineToolAgent({
  name: TOOL_LOOP_AGENT,
  version: "1.0.0",
  description: "Bench only: N model turns (N-1 read-only tool calls, then a final answer) against an in-Worker scripted model.",
  input: Input,
  instructions: "Read the documents you are asked for, then answer.",
  tools: [readDoc],
  models: [SCRIPTED_MODEL],
  maxTurns: MAX_BENCH_TURNS,
  finish: z.object({ done: z.boolean(), seen: z.number().int() }),
  limits: { maxSteps: 2_000, requestsPerSecond: 100_000, maxConcurrentRuns: 100_000, maxCostMicroUsdPerDay: 1_000_000_000 },
  // No background re-decisions: every model call is the run's own.
  deployment: { onlineSample: 0 },
});

const tokens = (text: string) => Math.ceil(text.length / 4);

/** The scripted answer for a request: which turn it is follows from the assistant messages already sent. */
export function scriptedAnswer(request: ChatRequest): ChatResponse {
  const turn = request.messages.filter((m) => m.role === "assistant").length;
  const task = request.messages.find((m) => m.role === "user")?.content ?? "{}";
  let turns = 1;
  try {
    turns = Input.parse(JSON.parse(task)).turns;
  } catch {
    /* not a bench task: answer at once */
  }
  const promptTokens = tokens(request.messages.map((m) => m.content ?? "").join(""));
  const id = `bench-${turn}`;
  if (turn < turns - 1) {
    const args = JSON.stringify({ id: `D-${turn}` });
    return {
      id,
      object: "chat.completion",
      model: SCRIPTED_MODEL,
      choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [{ id: `call_${turn}`, type: "function", function: { name: readDoc.name, arguments: args } }] }, finish_reason: "tool_calls" }],
      usage: { prompt_tokens: promptTokens, completion_tokens: tokens(args), total_tokens: promptTokens + tokens(args) },
    };
  }
  const content = JSON.stringify({ done: true, seen: turn });
  return {
    id,
    object: "chat.completion",
    model: SCRIPTED_MODEL,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: promptTokens, completion_tokens: tokens(content), total_tokens: promptTokens + tokens(content) },
  };
}

/** `SCRIPTED_MODEL` answered here, at once; every other model by the configured provider (built only when first needed). */
export class BenchRoutingProvider implements ModelProvider {
  readonly kind: string;
  private inner: ModelProvider | null = null;

  constructor(private readonly configured: () => ModelProvider) {
    this.kind = "bench-routing";
  }

  complete(request: ChatRequest, options?: Parameters<ModelProvider["complete"]>[1]): Promise<ModelResult> {
    if (request.model === SCRIPTED_MODEL) return Promise.resolve({ response: scriptedAnswer(request), latencyMs: 0, gateway: {} });
    this.inner ??= this.configured();
    return this.inner.complete(request, options);
  }

  sendFeedback(logId: string, input: Parameters<NonNullable<ModelProvider["sendFeedback"]>>[1]): Promise<void> {
    this.inner ??= this.configured();
    return this.inner.sendFeedback?.(logId, input) ?? Promise.resolve();
  }
}
