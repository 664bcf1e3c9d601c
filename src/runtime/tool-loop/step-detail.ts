/**
 * What `GET /v1/runs/{id}/steps` (and the dashboard's run page) shows of a
 * loop's steps, from the journal alone and as soon as each step is journaled:
 * a turn's messages in (what was new since the previous turn) and out, its
 * tiers; a call's arguments, result or error. Every text is clipped; nothing
 * but the conversation itself is shown (no keys, no headers).
 */
import { z } from "zod";
import type { ChatMessage } from "../../models/types";
import { callStepNames, conversation, isPausedCall, REVIEW_SUFFIX, turnName } from "./journal";
import type { CallOutput, ToolAgentSpec, TurnOutput } from "./types";

const CLIP = 500;
const clip = (s: string | null | undefined): string | null => (s === null || s === undefined ? null : s.length > CLIP ? `${s.slice(0, CLIP - 3)}...` : s);

export const MessageViewSchema = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string().nullable(),
  toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })).optional(),
  toolCallId: z.string().optional(),
});

export const LoopStepDetailSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("turn"),
    turn: z.number().int(),
    /** Messages the model saw for the first time in this turn (the task, or the previous turn's results). */
    messagesIn: z.array(MessageViewSchema),
    conversationLength: z.number().int(),
    messageOut: MessageViewSchema.nullable(),
    outcome: z.enum(["calls", "final", "finish_invalid"]).nullable(),
    attempts: z.array(z.object({ model: z.string(), outcome: z.enum(["accepted", "escalated"]), reason: z.string().nullable() })),
  }),
  z.object({
    kind: z.literal("call"),
    callId: z.string(),
    tool: z.string(),
    arguments: z.string().nullable(),
    status: z.string().nullable(),
    result: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }).nullable(),
    waitingFor: z.string().nullable(),
  }),
]);
export type LoopStepDetail = z.infer<typeof LoopStepDetailSchema>;

function view(m: ChatMessage): z.infer<typeof MessageViewSchema> {
  const out: z.infer<typeof MessageViewSchema> = { role: m.role, content: clip(m.content) };
  if (m.role === "assistant" && m.tool_calls) out.toolCalls = m.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: clip(c.function.arguments) ?? "" }));
  if (m.role === "tool") out.toolCallId = m.tool_call_id;
  return out;
}

/** Details by step name for the steps of a loop journal. */
export function loopStepDetails(spec: ToolAgentSpec<unknown, unknown>, input: unknown, results: Readonly<Record<string, unknown>>, stepNames: string[]): Map<string, LoopStepDetail> {
  const details = new Map<string, LoopStepDetail>();
  const names = new Set(stepNames);
  let previous: ChatMessage[] = [];
  for (let n = 0; names.has(turnName(n)); n++) {
    const messages = conversation(spec, input, results, n);
    const messagesIn = n === 0 ? messages : messages.slice(previous.length + 1);
    previous = messages;
    const turn = results[turnName(n)] as TurnOutput | undefined;
    details.set(turnName(n), {
      kind: "turn",
      turn: n,
      messagesIn: messagesIn.map(view),
      conversationLength: messages.length,
      messageOut: turn ? view(turn.message) : null,
      outcome: turn?.kind ?? null,
      attempts: turn?.attempts ?? [],
    });
    if (!turn || turn.kind !== "calls") continue;
    callStepNames(turn).forEach((name, i) => {
      const call = turn.calls[i]!;
      for (let step = name; names.has(step); step += REVIEW_SUFFIX) {
        const out = results[step];
        const done = out && !isPausedCall(out) ? (out as CallOutput) : undefined;
        details.set(step, {
          kind: "call",
          callId: call.id,
          tool: call.function.name.slice(0, 64),
          arguments: clip(call.function.arguments),
          status: done?.status ?? null,
          result: done?.result === undefined ? null : clip(JSON.stringify(done.result)),
          error: done?.error ? { code: done.error.code, message: clip(done.error.message) ?? "", retryable: done.error.retryable } : null,
          waitingFor: isPausedCall(out) ? out.pending.why : null,
        });
        if (!isPausedCall(out)) break;
      }
    });
  }
  return details;
}
