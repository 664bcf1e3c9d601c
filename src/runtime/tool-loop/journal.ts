/**
 * The journal is the plan: step names of a loop, and the conversation rebuilt
 * from completed step outputs (never from memory), so a resumed run asks the
 * model exactly what the uninterrupted run asked.
 *
 *   turn-<n>                  kind model: one model turn (every tier it tried is in model_calls)
 *   turn-<n>:<callId>         kind tool:  one call of that turn, in the order the model listed them
 *   turn-<n>:<callId>:review  kind tool:  the same call after a person's decision (approve/reject/edit)
 *   final                     kind decision: the validated final answer
 *   stop                      kind guard: TURN_LIMIT (no turn left to read the last calls' results)
 *   escalate                  kind guard: FINISH_INVALID after the repair turn (then `final` holds the person's decision)
 */
import { callFingerprint } from "../../tools/tool-spec";
import { z } from "zod";
import type { ChatMessage, ToolCall } from "../../models/types";
import { isReviewRequest, type ReviewRequest } from "../agent-definition";
import type { CallOutput, PendingCall, ToolAgentSpec, TurnOutput } from "./types";
import { cachedFor } from "../../util/per-object-cache";

export const turnName = (n: number) => `turn-${n}`;
export const REVIEW_SUFFIX = ":review";

export type PausedCall = ReviewRequest & { pending: PendingCall };

export function isPausedCall(value: unknown): value is PausedCall {
  return isReviewRequest(value) && typeof (value as { pending?: unknown }).pending === "object";
}

/** Step names of a turn's calls: the call id (made name-safe), unique within the turn. */
export function callStepNames(turn: TurnOutput): string[] {
  const seen = new Set<string>();
  return turn.calls.map((call, i) => {
    let name = `${turnName(turn.turn)}:${call.id.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 64)}`;
    if (seen.has(name)) name = `${name}#${i}`;
    seen.add(name);
    return name;
  });
}

/** The call's final output, following it through any review; undefined while it is not finished. */
export function callOutcome(results: Readonly<Record<string, unknown>>, stepName: string): CallOutput | undefined {
  let name = stepName;
  while (isPausedCall(results[name])) name += REVIEW_SUFFIX;
  return results[name] as CallOutput | undefined;
}

/** Every completed turn, in order. */
export function turnsOf(results: Readonly<Record<string, unknown>>): TurnOutput[] {
  const turns: TurnOutput[] = [];
  for (let n = 0; results[turnName(n)] !== undefined; n++) turns.push(results[turnName(n)] as TurnOutput);
  return turns;
}

const MAX_TOOL_RESULT_CHARS = 8_000;

/** What the model reads for a call: `{ok, result}` or `{ok: false, error: {code, message, retryable}}`. */
export function renderCallOutput(out: CallOutput): string {
  const shown = out.status === "ok" ? { ok: true, result: out.result ?? null } : { ok: false, status: out.status, error: out.error };
  const text = JSON.stringify(shown);
  return text.length > MAX_TOOL_RESULT_CHARS ? `${text.slice(0, MAX_TOOL_RESULT_CHARS - 20)}...(truncated)` : text;
}

export function repairNote(problem: string | undefined): string {
  return `Your last answer was not accepted (${problem ?? "no usable answer"}). Call a tool, or reply with only the JSON object of the final answer.`;
}

/** The finish schema's JSON text, converted once per schema and isolate (the prompt repeats it every turn). */
const finishSchemaText = new WeakMap<object, string>();

function finishSchema(finish: ToolAgentSpec<unknown, unknown>["finish"]): string {
  return cachedFor(finishSchemaText, finish, () => {
    try {
      const { $schema: _d, ...rest } = z.toJSONSchema(finish, { io: "output" }) as Record<string, unknown>;
      return JSON.stringify(rest);
    } catch {
      return "(see the instructions)";
    }
  });
}

export function systemPrompt<Input>(spec: ToolAgentSpec<Input, unknown>, input: Input): string {
  const instructions = typeof spec.instructions === "function" ? spec.instructions(input) : spec.instructions;
  const schema = finishSchema(spec.finish);
  return `${instructions}\n\nWhen you are done, reply with only a JSON object matching this JSON Schema: ${schema}`;
}

/** The conversation before turn `n`: system, task, then every earlier turn with its call results. */
export function conversation<Input>(spec: ToolAgentSpec<Input, unknown>, input: Input, results: Readonly<Record<string, unknown>>, n: number): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: "system", content: systemPrompt(spec, input) },
    { role: "user", content: spec.prompt ? spec.prompt(input) : JSON.stringify(input) },
  ];
  for (const turn of turnsOf(results).slice(0, n)) {
    messages.push(turn.message);
    if (turn.kind === "calls") {
      callStepNames(turn).forEach((name, i) => {
        const out = callOutcome(results, name);
        // Unfinished only while a person looks at the turn (a model is asked only once every call has its result).
        if (out) messages.push({ role: "tool", tool_call_id: (turn.calls[i] as ToolCall).id, content: renderCallOutput(out) });
      });
    } else if (turn.kind === "finish_invalid") {
      messages.push({ role: "user", content: repairNote(turn.problem) });
    }
  }
  return messages;
}

/** Every read-only call's result in the journal, by call fingerprint (tool + canonical arguments): what the run saw. */
export function readResults(tools: readonly { name: string; sideEffect: boolean }[], results: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const readOnly = new Set(tools.filter((t) => !t.sideEffect).map((t) => t.name));
  const out: Record<string, unknown> = {};
  for (let n = 0; ; n++) {
    const turn = results[turnName(n)] as TurnOutput | undefined;
    if (!turn) break;
    if (turn.kind !== "calls") continue;
    callStepNames(turn).forEach((name, i) => {
      const call = turn.calls[i]!;
      const outcome = callOutcome(results, name);
      if (outcome?.status === "ok" && readOnly.has(call.function.name)) out[callFingerprint(call)] ??= outcome;
    });
  }
  return out;
}
