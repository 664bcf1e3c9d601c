/**
 * Structured logs: one JSON line per run transition, step, model call, tool
 * call, guard decision, review and breaker transition. Workers Logs indexes the
 * fields of a JSON `console.log` line and Logpush ships the line as it is, so
 * the line is the whole contract: `time`, `level`, `event`, `runId`,
 * `tenantId`, `agent`, `traceId`, `spanId` (null when an event has no run),
 * then the event's own fields.
 *
 * What may be logged is an allow-list per event: each event has its own typed
 * function that picks ids, names, statuses, codes, counts, durations and cost
 * from the records it is given. No caller passes a free-form object, so a key,
 * a token, a task's text or a reviewer's comment cannot reach a line. Codes and
 * names are checked against a narrow pattern too (a code is never prose).
 *
 * Logging never throws and never awaits: a broken line is dropped, the run goes on.
 */
import type { BreakerTransition } from "../guardrails/circuit-breaker";
import type { ModelCallRecord, RunState, StepState, ToolCallRecord } from "../runtime/run-store";
import { spanIdOfCall, spanIdOfRun, spanIdOfStep, traceIdOf } from "./ids";

export const LOG_LEVELS = ["info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_EVENTS = [
  "run.started",
  "run.resumed",
  "run.completed",
  "run.failed",
  "run.cancelled",
  "run.waiting_for_review",
  "escalation.queued",
  "step.finished",
  "model.called",
  "tool.called",
  "guard.blocked",
  "review.decided",
  "breaker.transition",
] as const;
export type LogEvent = (typeof LOG_EVENTS)[number];

type Scalar = string | number | boolean | null;

/** The fields every line carries, in this order. */
export interface LogContext {
  runId: string | null;
  tenantId: string | null;
  agent: string | null;
  traceId: string | null;
  spanId: string | null;
}

/** Where lines go. Tests may replace it (see `setLogSink`); production writes to the console. */
export type LogSink = (line: string) => void;
const consoleSink: LogSink = (line) => console.log(line);
let sink: LogSink = consoleSink;

/** Replaces the sink (tests); returns a function that puts the previous one back. */
export function setLogSink(next: LogSink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

// A code is an upper-case identifier; a name is an id-like token (tool, step, model id, key). Anything else is not logged as such.
const CODE = /^[A-Z][A-Z0-9_.:-]{0,63}$/;
const NAME = /^[\w.:/@+-]{1,160}$/;
const code = (v: string | null | undefined): string | null => (v == null ? null : CODE.test(v) ? v : "UNRECOGNISED");
const name = (v: string | null | undefined): string | null => (v == null ? null : NAME.test(v) ? v : "unrecognised");
/** A principal reads `label (key id)`; the label is someone's free text, so only the id is logged. */
const principal = (v: string): string | null => name(/\(([^()]+)\)$/.exec(v)?.[1] ?? v);

/** `LOG_LEVEL`: lines below it are not written (nor built). `off` writes none. Default `info`: every line. */
const RANK: Record<string, number> = { info: 0, warn: 1, error: 2, off: 3 };
let minimum = 0;

/** Sets the level from the environment (each entry point and object calls it with its `env.LOG_LEVEL`). */
export function setLogLevel(level: string | undefined): void {
  minimum = level === undefined ? 0 : (RANK[level.trim().toLowerCase()] ?? 0);
}

function write(level: LogLevel, event: LogEvent, context: LogContext, fields: Record<string, Scalar>, at?: number): void {
  if (RANK[level]! < minimum) return;
  try {
    const time = new Date(at ?? Date.now()).toISOString();
    const ctx = { runId: name(context.runId), tenantId: name(context.tenantId), agent: name(context.agent), traceId: context.traceId, spanId: context.spanId };
    sink(JSON.stringify({ time, level, event, ...ctx, ...fields }));
  } catch {
    // A log line must never break what it describes.
  }
}

/** What a line needs to know about its run. */
export type RunRef = Pick<RunState, "id" | "tenantId" | "agent" | "options">;

/** The trace the run is traced under (a caller's, or its own), else the id its trace would have: one id per run either way. */
function traceOf(run: RunRef): string {
  return run.options.trace?.traceId ?? traceIdOf(run.id);
}

function runContext(run: RunRef, spanId: string): LogContext {
  return { runId: run.id, tenantId: run.tenantId, agent: run.agent, traceId: traceOf(run), spanId };
}

/** Runs never logged through a `try` of their own: building fields from a record cannot throw past here. */
function safely<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      fn(...args);
    } catch {
      // see write()
    }
  };
}

export const logRunStarted = safely((run: RunRef & Pick<RunState, "agentVersion">, at: number) =>
  write("info", "run.started", runContext(run, spanIdOfRun(run.id)), {
    agentVersion: name(run.agentVersion),
    stage: name(run.options.stage ?? null),
    reviewGate: code(run.options.reviewGate ?? null),
    evaluation: run.options.evaluation !== undefined,
    dryRun: run.options.dryRun ?? false,
  }, at),
);

export const logRunResumed = safely((run: RunRef & Pick<RunState, "reviewWaitMs">, at: number) =>
  write("info", "run.resumed", runContext(run, spanIdOfRun(run.id)), { status: "running", reviewWaitMs: run.reviewWaitMs }, at),
);

const REST_EVENTS = {
  completed: "run.completed",
  failed: "run.failed",
  cancelled: "run.cancelled",
  waiting_for_review: "run.waiting_for_review",
} as const satisfies Partial<Record<RunState["status"], LogEvent>>;

/** The run rested: a final status, or a pause for a person (an escalation, logged at warn). */
export const logRunRested = safely((run: RunState, at: number) => {
  const status = run.status as keyof typeof REST_EVENTS;
  const event = REST_EVENTS[status];
  if (!event) return;
  const level: LogLevel = status === "failed" ? "error" : status === "waiting_for_review" ? "warn" : "info";
  write(level, event, runContext(run, spanIdOfRun(run.id)), {
    status,
    stopReason: code(run.stopReason),
    errorCode: code(run.error?.code),
    steps: run.steps,
    modelCalls: run.modelCalls,
    toolCalls: run.toolCalls,
    costMicroUsd: run.costMicroUsd,
    wallMs: run.wallMs,
    reviewWaitMs: run.reviewWaitMs,
    // Inline, not run-store's workingMs: the store logs through this module, and a value import would make a cycle.
    workingMs: Math.max(0, run.wallMs - run.reviewWaitMs),
  }, at);
});

/** A run paused for a person and its escalation was queued: the reasons are codes, the subject is never logged. */
export const logEscalationQueued = safely((run: RunRef, reasons: readonly string[], priority: number, at: number) =>
  write("warn", "escalation.queued", runContext(run, spanIdOfRun(run.id)), {
    reasons: reasons.map((r) => code(r)).join(","),
    priority,
    queued: !run.options.evaluation,
  }, at),
);

/** A step's attempt ended: completed, failed, or retrying (warn: it will run again). */
export const logStepFinished = safely((run: RunRef, step: StepState, at: number) =>
  write(step.status === "completed" ? "info" : "warn", "step.finished", runContext(run, spanIdOfStep(run.id, step.index, step.attempt)), {
    stepIndex: step.index,
    step: name(step.name),
    kind: name(step.kind),
    status: step.status,
    attempt: step.attempt,
    durationMs: step.durationMs,
    errorCode: code(step.error?.code),
    retryable: step.error?.retryable ?? null,
  }, at),
);

export const logModelCalled = safely((run: RunRef, call: ModelCallRecord) =>
  write("info", "model.called", runContext(run, spanIdOfCall("model", run.id, call.key)), {
    stepIndex: call.stepIndex,
    callKey: name(call.key),
    model: name(call.model),
    promptTokens: call.promptTokens,
    completionTokens: call.completionTokens,
    costMicroUsd: call.costMicroUsd,
    latencyMs: call.latencyMs,
    cacheStatus: name(call.cacheStatus),
  }, call.createdAt),
);

/** A tool call settled (side-effecting: its journal row; read-only: its one attempt). */
export const logToolCalled = safely(
  (run: RunRef, call: Pick<ToolCallRecord, "key" | "stepIndex" | "tool" | "status" | "error">, sideEffect: boolean, at: number) =>
    write(call.status === "done" ? "info" : "warn", "tool.called", runContext(run, spanIdOfCall("tool", run.id, call.key)), {
      stepIndex: call.stepIndex,
      tool: name(call.tool),
      idempotencyKey: name(call.key),
      sideEffect,
      status: call.status,
      errorCode: code(call.error?.code),
    }, at),
);

/** A guard refused a side effect before it ran: `gate` (stage, breaker, flags, dry run) or the agent's `policy`. */
export const logGuardBlocked = safely((run: RunRef, block: { stepIndex: number; tool: string; key: string; code: string; source?: "gate" | "policy" }, at: number) =>
  write("warn", "guard.blocked", runContext(run, spanIdOfCall("tool", run.id, block.key)), {
    stepIndex: block.stepIndex,
    tool: name(block.tool),
    idempotencyKey: name(block.key),
    code: code(block.code),
    source: block.source ?? "policy",
  }, at),
);

/** A person decided a review item (who: the principal id, never a key; the comment is never logged). */
export const logReviewDecided = safely(
  (item: { id: string; runId: string; tenantId: string; agent: string; round?: number | null }, decision: { decision: string; reviewer: string }, runStatus: string, at: number, traceparent?: string | null) =>
    write("info", "review.decided", { runId: item.runId, tenantId: item.tenantId, agent: item.agent, traceId: traceIdOf(item.runId, traceparent), spanId: spanIdOfRun(item.runId) }, {
      reviewId: name(item.id),
      round: item.round ?? 1,
      decision: name(decision.decision),
      reviewer: principal(decision.reviewer),
      runStatus: name(runStatus),
    }, at),
);

/** The breaker of one agent moved (the reason may be an operator's words: only the actor and evidence counts are logged). */
export const logBreakerTransition = safely((identity: { tenantId: string; agent: string }, t: BreakerTransition) =>
  write(t.to === "open" ? "warn" : "info", "breaker.transition", { runId: null, tenantId: identity.tenantId, agent: identity.agent, traceId: null, spanId: null }, {
    from: t.from,
    to: t.to,
    actor: principal(t.actor),
    qualityJudged: t.evidence.quality.judged,
    qualityAgreed: t.evidence.quality.agreed,
    healthJudged: t.evidence.health.judged,
    healthOk: t.evidence.health.ok,
  }, t.at),
);
