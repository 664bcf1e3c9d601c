/**
 * Reads a tool-calling conversation: the task, and for each tool the last call
 * with its arguments and what its result said. Only the request is read (the
 * messages and the tools offered); nothing is remembered between turns.
 */
import type { ChatMessage, ChatRequest } from "../../../models/types";
import { readTask, type Task } from "./extract";

export interface ToolOutcome {
  name: string;
  args: Record<string, unknown>;
  /** Undefined while the call has no result message yet. */
  ok?: boolean;
  result?: unknown;
  errorCode?: string;
  /** Position of the result in the conversation (0 = first tool result), to tell which came first. */
  seq?: number;
}

export interface Conversation {
  task: Task | null;
  /** The last call of each tool, by tool name. */
  last: Map<string, ToolOutcome>;
  /** Assistant messages so far (to number call ids). */
  turns: number;
  offered: Set<string> | null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function readConversation(request: ChatRequest): Conversation {
  const firstUser = request.messages.find((m): m is Extract<ChatMessage, { role: "user" }> => m.role === "user");
  const task = firstUser ? readTask(firstUser.content) : null;
  const byId = new Map<string, ToolOutcome>();
  const last = new Map<string, ToolOutcome>();
  let turns = 0;
  let seq = 0;
  for (const m of request.messages) {
    if (m.role === "assistant") {
      turns++;
      for (const call of m.tool_calls ?? []) {
        const args = parseJson(call.function.arguments);
        const outcome: ToolOutcome = { name: call.function.name, args: typeof args === "object" && args !== null ? (args as Record<string, unknown>) : {} };
        byId.set(call.id, outcome);
        last.set(outcome.name, outcome);
      }
    } else if (m.role === "tool") {
      const outcome = byId.get(m.tool_call_id);
      if (outcome === undefined) continue;
      outcome.seq = seq++;
      // The loop shows `{ok, result}` or `{ok: false, status, error: {code}}`; anything else is read as an answer.
      const shown = parseJson(m.content) as { ok?: unknown; result?: unknown; error?: { code?: unknown } } | undefined;
      if (shown && typeof shown === "object" && typeof shown.ok === "boolean") {
        outcome.ok = shown.ok;
        outcome.result = shown.result;
        if (!shown.ok) outcome.errorCode = typeof shown.error?.code === "string" ? shown.error.code : "ERROR";
      } else {
        outcome.ok = true;
        outcome.result = shown ?? m.content;
      }
    }
  }
  const offered = request.tools ? new Set(request.tools.map((t) => t.function.name)) : null;
  return { task, last, turns, offered };
}
