/**
 * From a tool definition to what a model sees, and from what a model asks back
 * to validated arguments.
 *
 * - `toolSpec(tool)`: the OpenAI `tools[]` entry; `parameters` is the tool's
 *   zod input schema through zod's own `z.toJSONSchema` (input side: what the
 *   model must send; defaults are optional), never written by hand.
 * - `parseToolCall(call, tools)`: one model tool call checked against the
 *   offered tools: unknown name, `arguments` that are not JSON, or JSON that
 *   fails the input schema each get their own code, so the runtime can answer
 *   the model with the problem (or stop) instead of running anything.
 * - `callFingerprint(call)`: name + canonical arguments, to spot a model that
 *   repeats the same call.
 */
import { z } from "zod";
import type { ToolCall, ToolSpec } from "../models/types";
import type { ToolDefinition } from "./define-tool";
import { cachedFor } from "../util/per-object-cache";

export class ToolSpecError extends Error {
  override readonly name = "ToolSpecError";
  readonly code = "TOOL_SCHEMA_UNREPRESENTABLE";
  constructor(readonly tool: string, message: string) {
    super(message);
  }
}

/** Schemas are immutable, so each one is converted once per isolate (a tool loop shows them every turn). */
const parametersBySchema = new WeakMap<object, Record<string, unknown>>();

/** The JSON Schema of a tool's input, as the model is shown it. Function parameters must be an object schema. */
export function toolParameters(tool: Pick<ToolDefinition, "name" | "input">): Record<string, unknown> {
  return cachedFor(parametersBySchema, tool.input, () => convertParameters(tool));
}

function convertParameters(tool: Pick<ToolDefinition, "name" | "input">): Record<string, unknown> {
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(tool.input, { io: "input" }) as Record<string, unknown>;
  } catch (err) {
    throw new ToolSpecError(tool.name, `tool ${tool.name}: input schema has no JSON Schema form (${err instanceof Error ? err.message : String(err)})`);
  }
  const { $schema: _dialect, ...rest } = schema; // the dialect URL only costs prompt tokens
  if (rest.type !== "object") throw new ToolSpecError(tool.name, `tool ${tool.name}: input must be a z.object (function parameters are an object)`);
  return rest;
}

export function toolSpec(tool: Pick<ToolDefinition, "name" | "description" | "input">): ToolSpec {
  return { type: "function", function: { name: tool.name, description: tool.description, parameters: toolParameters(tool) } };
}

export function toolSpecs(tools: readonly Pick<ToolDefinition, "name" | "description" | "input">[]): ToolSpec[] {
  return tools.map(toolSpec);
}

export type ToolCallProblemCode = "UNKNOWN_TOOL" | "TOOL_ARGS_INVALID_JSON" | "TOOL_ARGS_SCHEMA_INVALID";

export type ParsedToolCall<T extends Pick<ToolDefinition, "name" | "input">> =
  | { ok: true; call: ToolCall; tool: T; args: unknown }
  | {
      ok: false;
      call: ToolCall;
      code: ToolCallProblemCode;
      /** A sentence for the model (and the journal): names paths and rules, never argument values. */
      message: string;
      issues?: { path: string; message: string }[];
    };

export function parseToolCall<T extends Pick<ToolDefinition, "name" | "input">>(call: ToolCall, tools: readonly T[]): ParsedToolCall<T> {
  const tool = tools.find((t) => t.name === call.function.name);
  if (!tool) {
    const offered = tools.map((t) => t.name).join(", ");
    return { ok: false, call, code: "UNKNOWN_TOOL", message: `There is no tool named "${call.function.name.slice(0, 64)}"; the tools are: ${offered}.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(call.function.arguments);
  } catch {
    return { ok: false, call, code: "TOOL_ARGS_INVALID_JSON", message: `The arguments for ${tool.name} are not valid JSON; send one JSON object.` };
  }
  const result = tool.input.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
    const summary = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join("; ");
    return { ok: false, call, code: "TOOL_ARGS_SCHEMA_INVALID", message: `The arguments for ${tool.name} do not match its schema (${summary}).`, issues };
  }
  return { ok: true, call, tool, args: result.data };
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same call. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** `name(canonical args)`; unparsable arguments are compared as their raw text. */
export function callFingerprint(call: ToolCall): string {
  let args: string;
  try {
    args = canonical(JSON.parse(call.function.arguments));
  } catch {
    args = call.function.arguments;
  }
  return `${call.function.name}(${args})`;
}
