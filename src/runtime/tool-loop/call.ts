/**
 * One tool call of a turn, as its own journaled step. In order:
 * invalid calls (unknown tool, bad JSON, schema) are answered with a
 * structured error (bounded: INVALID_TOOL_CALLS); the same call too often is
 * NO_PROGRESS; `needsApproval` pauses for a person; then the engine's
 * `callTool` (runtime gates, the action policy, intent journaled, idempotency
 * key `runId:turn-<n>:<callId>`). A block pauses for a person (runtime gates
 * always; the action policy unless the tool says `refuse`); a tool error is
 * shown to the model as a typed result saying whether a retry can help.
 */
import { ActionBlocked } from "../../guardrails/action-policy";
import type { ToolCall } from "../../models/types";
import { ToolError, ToolOutcomeUncertain } from "../../tools/define-tool";
import { callFingerprint, parseToolCall } from "../../tools/tool-spec";
import type { ReviewDecision } from "../../escalation/messages";
import { requestReview, type StepContext } from "../agent-definition";
import { NonRetryableError, toErrorRecord } from "../errors";
import { OUTCOME_UNKNOWN, OutcomeUnknown } from "./outcome";
import { guardRefusal, OUTPUT_GUARD, runOutputGuard } from "./output-guard";
import { conversation, turnsOf, type PausedCall } from "./journal";
import type { CallOutput, LoopSettings, LoopTool, PendingCall, ToolAgentSpec } from "./types";

/** How many calls so far (earlier turns, then earlier calls of this turn) match this one. */
function repeatsBefore(results: Readonly<Record<string, unknown>>, turn: number, index: number, fingerprint: string): number {
  let count = 0;
  for (const t of turnsOf(results)) {
    const calls = t.turn < turn ? t.calls : t.turn === turn ? t.calls.slice(0, index) : [];
    count += calls.filter((c) => callFingerprint(c) === fingerprint).length;
  }
  return count;
}

function invalidBefore(results: Readonly<Record<string, unknown>>): number {
  return Object.values(results).filter((o) => (o as CallOutput | null)?.status === "invalid").length;
}

const keyOf = (ctx: StepContext<unknown>, stepName: string) => `${ctx.runId}:${stepName}`;

const CLIP = 600;
const MAX_SHOWN = 30;
const clipText = (s: string | null) => (s === null ? null : s.length > CLIP ? `${s.slice(0, CLIP - 3)}...` : s);

/** Pauses the run for a person about one call; the item shows the call, its arguments and the conversation so far. */
function pause(spec: ToolAgentSpec<unknown, unknown>, ctx: StepContext<unknown>, pending: PendingCall, reasons: string[], priority: number): PausedCall {
  // The latest messages, each clipped: enough for a person to see what led here, bounded for the item.
  const messages = conversation(spec, ctx.input, ctx.results, pending.turn + 1).slice(-MAX_SHOWN).map((m) => ({ ...m, content: clipText(m.content) }));
  const proposal = { kind: "tool_call", why: pending.why, turn: pending.turn, calls: [{ id: pending.callId, tool: pending.tool, arguments: pending.arguments }], conversation: messages };
  return { ...requestReview(reasons, { priority, subject: { tool: pending.tool, turn: pending.turn }, proposal }), pending };
}

/** Runs the tool through the engine; a block or an unknown outcome becomes a pause, a tool error a typed result. */
async function execute(
  spec: ToolAgentSpec<unknown, unknown>, ctx: StepContext<unknown>, tool: LoopTool, args: unknown, stepName: string, pending: PendingCall, approved: boolean,
): Promise<CallOutput | PausedCall> {
  const base = { callId: pending.callId, tool: tool.name };
  // A dry run (the online judge) never acts, but the loop must reach its final answer to be judged:
  // the model is shown a simulated success and nothing is executed or recorded as an effect.
  // The simulated result echoes the arguments (what would have been done), marked as such.
  if (ctx.options.dryRun && tool.sideEffect) {
    const echo = args !== null && typeof args === "object" && !Array.isArray(args) ? args : { arguments: args };
    return { ...base, status: "ok", result: { ...echo, dryRun: true, simulated: true } };
  }
  try {
    const result = await ctx.callTool(tool, args as never, { key: keyOf(ctx, stepName), approved });
    return { ...base, status: "ok", result };
  } catch (error) {
    if (error instanceof ActionBlocked) {
      if (ctx.options.dryRun) throw error; // a dry run ends at its first side effect (the engine's rule)
      const refuse = approved || (error.source === "policy" && tool.onBlocked === "refuse");
      if (refuse) return { ...base, status: "refused", error: { code: error.code, message: error.message, retryable: false } };
      return pause(spec, ctx, { ...pending, why: "blocked" }, [error.code], 2);
    }
    if (error instanceof OutcomeUnknown) return pause(spec, ctx, { ...pending, why: "outcome_unknown" }, [OUTCOME_UNKNOWN], 1);
    // A timeout to a target that dedupes by key: the engine retries this step with the same key.
    if (error instanceof ToolOutcomeUncertain && tool.external?.passesIdempotencyKey) throw error;
    if (error instanceof ToolError) return { ...base, status: "error", error: toErrorRecord(error) };
    throw error; // a bug or a limit: the engine's retry and stop rules apply
  }
}

export async function runCall(
  spec: ToolAgentSpec<unknown, unknown>, loop: LoopSettings, turn: number, index: number, call: ToolCall, stepName: string, ctx: StepContext<unknown>,
): Promise<CallOutput | PausedCall> {
  const parsed = parseToolCall(call, spec.tools);
  if (!parsed.ok) {
    if (invalidBefore(ctx.results) + 1 > loop.maxInvalidToolCalls) {
      throw new NonRetryableError("INVALID_TOOL_CALLS", `The model made more than ${loop.maxInvalidToolCalls} invalid tool calls (last: ${parsed.code}).`);
    }
    return { callId: call.id, tool: call.function.name.slice(0, 64), status: "invalid", error: { code: parsed.code, message: parsed.message, retryable: true, issues: parsed.issues } };
  }
  const fingerprint = callFingerprint(call);
  if (repeatsBefore(ctx.results, turn, index, fingerprint) + 1 >= loop.noProgressRepeats) {
    throw new NonRetryableError("NO_PROGRESS", `The model asked for ${parsed.tool.name} with the same arguments ${loop.noProgressRepeats} times.`);
  }
  const tool = parsed.tool;
  // A dry run re-deciding a finished run reads what that run read (its side effects have changed the world since).
  const replayed = ctx.options.dryRun && !tool.sideEffect ? ctx.options.replayReads?.[fingerprint] : undefined;
  if (replayed !== undefined) return { ...(replayed as CallOutput), callId: call.id };
  const pending: PendingCall = { why: "approval", callId: call.id, tool: tool.name, arguments: parsed.args, turn };
  const facts = { input: ctx.input, results: ctx.results, review: ctx.review, options: ctx.options };
  const needs = typeof tool.needsApproval === "function" ? tool.needsApproval(parsed.args, facts) : tool.needsApproval === true;
  if (needs) {
    // A dry run cannot wait for a person: the model is told the call was not made, and answers from there (an escalation).
    if (ctx.options.dryRun) {
      return { callId: call.id, tool: tool.name, status: "error", error: { code: "DRY_RUN_NEEDS_APPROVAL", message: "This call would wait for a person's approval; in a dry run it is not made.", retryable: false } };
    }
    return pause(spec, ctx, pending, ["TOOL_APPROVAL"], 2);
  }
  const guarded = await runOutputGuard(tool, parsed.args, ctx);
  if (!guarded.ok) {
    // Once rewritten and still refused: a person decides (approve sends it as is, edit sends theirs).
    if (guarded.refusedBefore > 0) return pause(spec, ctx, { ...pending, why: "blocked" }, [OUTPUT_GUARD, ...guarded.problems.map((p) => p.code)], 2);
    return guardRefusal(call.id, tool.name, guarded.problems);
  }
  return execute(spec, ctx, tool, parsed.args, stepName, pending, false);
}

/**
 * The call after a person's decision on it. Approve: it runs (once: same key).
 * Edit (`amend` with `arguments`, already validated by the run): it runs with
 * those. Reject: the model is told, with the comment. For an unknown outcome
 * the person says whether it took effect; it is never re-run.
 */
export async function runAfterReview(
  spec: ToolAgentSpec<unknown, unknown>, pending: PendingCall, callStepName: string, ctx: StepContext<unknown>,
): Promise<CallOutput | PausedCall> {
  const review = ctx.review as ReviewDecision;
  const base = { callId: pending.callId, tool: pending.tool };
  if (pending.why === "outcome_unknown") {
    if (review.decision === "reject") {
      return { ...base, status: "error", error: { code: "NOT_APPLIED", message: `A person checked: the call did not take effect (${review.comment}).`, retryable: true } };
    }
    return { ...base, status: "ok", result: { appliedPerReviewer: true, comment: review.comment } };
  }
  if (review.decision === "reject") {
    return { ...base, status: "rejected", error: { code: "REJECTED_BY_REVIEWER", message: review.comment, retryable: false } };
  }
  const tool = spec.tools.find((t) => t.name === pending.tool)!;
  const edited = review.decision === "amend" && review.arguments !== undefined;
  const args = edited ? tool.input.parse(review.arguments) : pending.arguments;
  const out = await execute(spec, ctx, tool, args, callStepName, pending, true);
  return edited && "status" in out ? { ...out, editedByReviewer: true } : out;
}

export function summarizeCall(out: unknown): string {
  const o = out as CallOutput & Partial<PausedCall>;
  if (o.pending) return `${o.pending.tool}: waiting for a person (${o.pending.why})`;
  return `${o.tool}: ${o.status}${o.error ? ` ${o.error.code}` : ""}`;
}
