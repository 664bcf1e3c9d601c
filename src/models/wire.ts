/**
 * Reading an OpenAI-style chat completion from any backend into our exact
 * `ChatResponse`. Servers differ in small, known ways; each is fixed here, in
 * one place, before the zod schema decides:
 *
 * - tool call `arguments` as a JSON object instead of a JSON string (Ollama's
 *   native shape, Workers AI): re-serialised, so callers always get the text;
 * - a tool call without `id` (Workers AI legacy models) or `type`: given
 *   `call_<n>` ids unique within the response, and `type: "function"`;
 * - `finish_reason: "stop"` next to tool calls (OpenAI itself with a forced
 *   `tool_choice`, older vLLM/Ollama) or the legacy `"function_call"`:
 *   reported as `"tool_calls"`, so the runtime decides on one field; `"length"`
 *   is kept (the arguments are probably cut short);
 * - `tool_calls: []` and a missing `content`: dropped / null.
 *
 * Malformed `arguments` text is NOT repaired or rejected here: that is the
 * caller's evidence (see src/tools/tool-spec.ts `parseToolCall`).
 */
import { ChatResponseSchema, type ChatResponse } from "./types";

export type WireResult = { ok: true; response: ChatResponse } | { ok: false; paths: string[] };

function normalizeToolCall(raw: unknown, fallbackId: string): unknown {
  if (!raw || typeof raw !== "object") return raw;
  const call = raw as Record<string, unknown>;
  const fn = (call.function && typeof call.function === "object" ? call.function : {}) as Record<string, unknown>;
  const args = fn.arguments;
  return {
    ...call,
    id: typeof call.id === "string" && call.id !== "" ? call.id : fallbackId,
    type: call.type ?? "function",
    function: { ...fn, arguments: typeof args === "string" ? args : args === undefined ? "{}" : JSON.stringify(args) },
  };
}

export function normalizeChoices(choices: unknown, idPrefix: string): unknown {
  if (!Array.isArray(choices)) return choices;
  return choices.map((choice, c) => {
    if (!choice || typeof choice !== "object") return choice;
    const ch = choice as Record<string, unknown>;
    const message = (ch.message && typeof ch.message === "object" ? ch.message : {}) as Record<string, unknown>;
    const rawCalls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
    const { tool_calls: _drop, ...rest } = message;
    const calls = rawCalls.map((call, i) => normalizeToolCall(call, `call_${idPrefix}_${c}_${i}`));
    let finish = ch.finish_reason;
    if (finish === "function_call") finish = "tool_calls";
    if (calls.length > 0 && finish !== "length") finish = "tool_calls";
    return {
      ...ch,
      finish_reason: finish,
      message: { ...rest, content: rest.content ?? null, ...(calls.length > 0 ? { tool_calls: calls } : {}) },
    };
  });
}

/** Validates a decoded JSON body as a chat completion, after the normalisations above. */
export function readChatCompletion(json: unknown, idPrefix: string): WireResult {
  let candidate = json;
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const obj = json as Record<string, unknown>;
    const prefix = typeof obj.id === "string" && obj.id !== "" ? obj.id : idPrefix;
    candidate = { ...obj, choices: normalizeChoices(obj.choices, prefix) };
  }
  const parsed = ChatResponseSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, response: parsed.data };
  const paths = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join(".") || "(root)"))].slice(0, 5);
  return { ok: false, paths };
}
