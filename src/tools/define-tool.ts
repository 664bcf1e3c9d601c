/**
 * A tool is a typed, narrow capability: zod schemas in and out, a declared
 * blast radius (`sideEffect`), and an idempotency key supplied by the run
 * engine for anything that writes outside the run's Durable Object.
 */
import type { z } from "zod";
import type { Clock } from "../runtime/clock";
import { RuntimeError } from "../runtime/errors";

export interface ToolContext {
  env: Env;
  tenantId: string;
  runId: string;
  /** run id + step index + call index: the same on every replay of this call. */
  idempotencyKey: string;
  clock: Clock;
}

export interface ToolDefinition<In extends z.ZodType = z.ZodType, Out extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: In;
  output: Out;
  /** True when the tool writes anything outside the run's Durable Object. */
  sideEffect: boolean;
  run(args: z.output<In>, ctx: ToolContext): Promise<z.input<Out>>;
}

export function defineTool<In extends z.ZodType, Out extends z.ZodType>(tool: ToolDefinition<In, Out>): ToolDefinition<In, Out> {
  return tool;
}

/** A tool failure with a code; `retryable` says whether calling again can help. */
export class ToolError extends RuntimeError {
  constructor(code: string, message: string, options: { retryable?: boolean; details?: unknown } = {}) {
    super(code, message, options);
    this.name = "ToolError";
  }
}
