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
  /** The run's validated input (absent outside a run): a tool acting on its task's own facts, e.g. its date, reads them here. */
  input?: unknown;
}

export interface ToolDefinition<In extends z.ZodType = z.ZodType, Out extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: In;
  output: Out;
  /** True when the tool writes anything outside the run's Durable Object. */
  sideEffect: boolean;
  /**
   * A side effect outside our own D1 ledger (an external API) must say how a
   * repeat of an interrupted call is made safe. Without this the tool is
   * assumed to record through `recordEffect`, where a repeat is a lookup.
   * With neither option, an interrupted call is `outcome_unknown` and waits
   * for a person; it is never retried blindly.
   */
  external?: ExternalEffect<Out>;
  run(args: z.output<In>, ctx: ToolContext): Promise<z.input<Out>>;
}

export interface ExternalEffect<Out extends z.ZodType = z.ZodType> {
  /** The target receives `ctx.idempotencyKey` and applies a repeated key once: sending again is safe. */
  passesIdempotencyKey?: boolean;
  /** Asks the target for the effect recorded under `ctx.idempotencyKey`: its result if it happened, undefined if not. */
  lookup?(args: unknown, ctx: ToolContext): Promise<z.input<Out> | undefined>;
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

/**
 * The request left and no answer came back (a timeout after sending): the
 * target may or may not have acted. Retryable only through the idempotency key.
 */
export class ToolOutcomeUncertain extends ToolError {
  readonly sent = true;
  constructor(message: string) {
    super("TOOL_TIMEOUT", message, { retryable: true });
    this.name = "ToolOutcomeUncertain";
  }
}
