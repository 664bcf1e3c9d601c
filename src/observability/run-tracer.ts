/**
 * Records a traced run's spans in the run's outbox (trace lane) in the same
 * transaction as the journal write they describe: a compact record of a step
 * attempt and its `chat` / `execute_tool` calls when the attempt ends
 * (trace-records.ts; the OTLP spans are built from it at delivery, off the
 * step's path), the run span when the run reaches a final status, a review
 * wait span when a person's decision resumes it. A crash before that commit
 * loses nothing that was ever exported: the step runs again and its calls
 * (replayed from the journal) get the same span ids.
 *
 * Only exists for runs with a trace (RunOptions.trace): an untraced run pays nothing.
 */
import { reviewIdFor, type ReviewDecision } from "../escalation/messages";
import { toErrorRecord } from "../runtime/errors";
import { TRACE_KIND, type Outbox } from "../runtime/outbox";
import { FINAL_STATUSES, type ModelCallRecord, type RunState, type StepState, type ToolCallRecord } from "../runtime/run-store";
import { chatSpanId, reviewWaitSpan, runSpan, runSpanId, type SpanScope } from "./spans";
import { chatRecord, failedChatRecord, stepTraceRecord, toolRecord, type CallRecord } from "./trace-records";
import { formatTraceparent, type RunTrace } from "./trace-context";

/** Outbox keys: one per span batch, so a re-put replaces an undelivered copy of the same spans. */
const KEY = {
  step: (index: number, attempt: number) => `otlp:step:${index}:${attempt}`,
  run: "otlp:run",
  review: (round: number) => `otlp:review:${round}`,
};

/** The run span as W3C trace context, for what the run causes outside it (webhook deliveries). */
export function runTraceparent(run: Pick<RunState, "id" | "options">): string | null {
  return run.options.trace ? formatTraceparent(run.options.trace.traceId, runSpanId(run.id)) : null;
}

export class RunTracer {
  private readonly scope: SpanScope;
  /**
   * Calls of the step attempt in progress, encoded once the attempt's start is
   * known (memory: a crash re-runs the attempt and rebuilds them).
   */
  private calls: ((at: number) => CallRecord)[] = [];
  private current: { index: number; attempt: number } | null = null;

  constructor(
    private readonly outbox: Pick<Outbox, "put">,
    runId: string,
    trace: RunTrace,
  ) {
    this.scope = { runId, trace };
  }

  /** The tracer of a run, or null when the run is not traced (or tracing is off here). */
  static of(outbox: Pick<Outbox, "put">, run: Pick<RunState, "id" | "options">, enabled: boolean): RunTracer | null {
    return enabled && run.options.trace ? new RunTracer(outbox, run.id, run.options.trace) : null;
  }

  get traceId(): string {
    return this.scope.trace.traceId;
  }

  stepBegan(index: number, attempt: number): void {
    this.current = { index, attempt };
    this.calls = [];
  }

  /** `traceparent` for an outgoing model call: the call's own span is the parent of what the gateway does. */
  modelTraceparent(key: string): string {
    return formatTraceparent(this.scope.trace.traceId, chatSpanId(this.scope.runId, key));
  }

  modelCalled(call: ModelCallRecord, tier: number): void {
    this.calls.push((at) => chatRecord(call, tier, at));
  }

  modelFailed(_stepIndex: number, key: string, model: string, tier: number, startedAt: number, endedAt: number, error: unknown): void {
    const failure = toErrorRecord(error);
    this.calls.push((at) => failedChatRecord(key, model, tier, startedAt, endedAt, failure, at));
  }

  /**
   * A tool call ended (or was refused). A journaled call (side effect) is traced
   * as the journal has it, so a replay after a crash carries the original times.
   */
  toolCalled(_stepIndex: number, tool: string, key: string, sideEffect: boolean, journaled: ToolCallRecord | null, startedAt: number, endedAt: number, error: unknown): void {
    const ended = journaled
      ? { key, tool, status: journaled.status, sideEffect, startedAt: journaled.startedAt, finishedAt: journaled.finishedAt ?? endedAt, error: journaled.error }
      : { key, tool, status: error ? ("failed" as const) : ("done" as const), sideEffect, startedAt, finishedAt: endedAt, error: error ? toErrorRecord(error) : null };
    this.calls.push((at) => toolRecord(ended, at));
  }

  /** The attempt ended (completed, retrying or failed): its record and its calls', with the journal write. */
  stepEnded(step: Pick<StepState, "index" | "name" | "kind" | "attempt" | "status" | "startedAt" | "finishedAt" | "error">): void {
    const mine = this.current?.index === step.index && this.current.attempt === step.attempt;
    this.outbox.put({ key: KEY.step(step.index, step.attempt), kind: TRACE_KIND, payload: stepTraceRecord(this.scope, step, mine ? this.calls.map((encode) => encode(step.startedAt)) : []) });
    this.calls = [];
    this.current = null;
  }

  /** A rest: the run span once the run is final (a pause keeps it open). Once per run, so built here. */
  rested(run: RunState): void {
    if (FINAL_STATUSES.has(run.status)) this.outbox.put({ key: KEY.run, kind: TRACE_KIND, payload: [runSpan(this.scope, run)] });
  }

  /**
   * A person's decision set the run working again: the wait, from the pause
   * (createdAt + wallMs, as the store measures it) to the decision.
   */
  resumed(run: RunState): void {
    const review = run.review as ReviewDecision | null;
    if (run.status !== "running" || !review || typeof review.decidedAt !== "number") return;
    const round = review.round ?? 1;
    const span = reviewWaitSpan(this.scope, round, run.createdAt + run.wallMs, review.decidedAt, review.decision);
    span.attributes.push({ key: "agent_runtime.review.id", value: { stringValue: reviewIdFor(run.id, round) } });
    this.outbox.put({ key: KEY.review(round), kind: TRACE_KIND, payload: [span] });
  }
}
