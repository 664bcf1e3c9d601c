/**
 * Outcome unknown: a side-effecting call to something outside our own ledger
 * that was interrupted (a crash mid-call, a timeout after sending) may or may
 * not have taken effect. The tool's `external` declaration decides:
 * - `lookup`: ask the target by idempotency key; found = done, not found = it never happened;
 * - `passesIdempotencyKey`: the target dedupes, so sending again with the same key is safe;
 * - neither: journaled `outcome_unknown`, and the run waits for a person (never retried blindly).
 * Tools without `external` record through our D1 ledger, where a repeat is already a lookup.
 */
import type { z } from "zod";
import type { ToolContext, ToolDefinition } from "../../tools/define-tool";
import type { Clock } from "../clock";
import { RuntimeError } from "../errors";
import type { RunStore, ToolCallRecord } from "../run-store";

export const OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";

/** Thrown when nothing can tell whether a call took effect; the tool loop turns it into a pause for a person. */
export class OutcomeUnknown extends RuntimeError {
  constructor(readonly tool: string, readonly key: string, readonly evidence: string) {
    super(OUTCOME_UNKNOWN, `Whether ${tool} took effect is unknown (${evidence}); a person must check before anything is retried.`, { retryable: false });
    this.name = "OutcomeUnknown";
  }
}

type Settled = { done: true; result: unknown } | { done: false };

async function lookUp(tool: ToolDefinition, args: unknown, ctx: ToolContext, store: RunStore, clock: Clock): Promise<Settled> {
  const found = await tool.external!.lookup!(args, ctx);
  if (found === undefined) return { done: false };
  const result = (tool.output as z.ZodType).parse(found);
  store.toolCallDone(ctx.idempotencyKey, result, clock.now());
  return { done: true, result };
}

function unknown(tool: ToolDefinition, ctx: ToolContext, store: RunStore, clock: Clock, evidence: string): never {
  const error = new OutcomeUnknown(tool.name, ctx.idempotencyKey, evidence);
  store.toolCallOutcomeUnknown(ctx.idempotencyKey, { code: error.code, message: error.message, retryable: false }, clock.now());
  throw error;
}

/** A journaled intent without a result: the previous attempt died mid-call. */
export async function reconcileInterrupted(
  tool: ToolDefinition, args: unknown, ctx: ToolContext, journaled: ToolCallRecord, store: RunStore, clock: Clock,
): Promise<Settled> {
  if (!tool.external) return { done: false }; // our ledger: the re-call with the same key is a lookup
  if (journaled.status === "outcome_unknown") throw new OutcomeUnknown(tool.name, ctx.idempotencyKey, "already journaled outcome_unknown");
  if (tool.external.lookup) return lookUp(tool, args, ctx, store, clock);
  if (tool.external.passesIdempotencyKey) return { done: false };
  return unknown(tool, ctx, store, clock, "the call was interrupted after its intent was journaled");
}

/** The tool threw. If the request had left (a timeout after sending), settle it by key or mark it unknown. */
export async function settleFailure(
  tool: ToolDefinition, args: unknown, ctx: ToolContext, error: unknown, store: RunStore, clock: Clock,
): Promise<Settled> {
  const sent = typeof error === "object" && error !== null && (error as { sent?: unknown }).sent === true;
  if (!tool.external || !sent) return { done: false };
  if (tool.external.lookup) return lookUp(tool, args, ctx, store, clock);
  if (tool.external.passesIdempotencyKey) return { done: false }; // the step's retry resends with the same key
  return unknown(tool, ctx, store, clock, "the target did not answer after the request was sent");
}
