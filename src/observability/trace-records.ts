/**
 * The compact trace record of one step attempt: what the span builders
 * (spans.ts) need about the attempt and its model and tool calls, as short
 * tuples. The tracer writes one per attempt to the outbox's trace lane, in the
 * step's transaction (so a crash loses nothing and a replay writes the same
 * record); the OTLP/JSON spans are built from it only at delivery
 * (otlp-sink.ts, from the outbox flush), off the step's critical path. A record
 * holds what the spans hold (names, counts, codes, ids, times), never a
 * prompt, a reply or a task's text.
 *
 * Not references into the journal: a retried attempt's row is overwritten by
 * the next attempt, failed model calls and read-only tool calls are never
 * journaled, so the journal alone could not rebuild every span.
 */
import type { ErrorRecord } from "../runtime/errors";
import type { ModelCallRecord, StepState, ToolCallRecord } from "../runtime/run-store";
import { chatSpan, failedChatSpan, stepSpan, stepSpanId, toolSpan, type OtlpSpan, type SpanScope } from "./spans";

/** `[traceId, parentSpanId]` of the run's trace, `parentSpanId` only when a caller's span is the run's parent. */
type TraceRef = [traceId: string, parentSpanId?: string];

type StepFields = Pick<StepState, "index" | "name" | "kind" | "attempt" | "status" | "startedAt" | "finishedAt">;

// Times in a record are ms after the attempt's start (`at`): shorter than epoch ms.

/** A journaled model call: what `chatSpan` reads of it (the response only as its model and id). */
type ChatRecord = [
  type: "m", key: string, model: string, tier: number, createdAt: number, latencyMs: number,
  promptTokens: number, completionTokens: number, costMicroUsd: number,
  cacheStatus: string | null, logId: string | null, responseModel: string | null, responseId: string | null,
];
/** A model call that failed (nothing journaled). */
type FailedChatRecord = [type: "mx", key: string, model: string, tier: number, startedAt: number, endedAt: number, errorCode: string];
/** A tool call as it ended (a journaled one with the journal's times and outcome). */
type ToolRecord = [
  type: "t", key: string, tool: string, status: ToolCallRecord["status"], sideEffect: 0 | 1,
  startedAt: number, finishedAt: number, errorCode: string | null,
];
export type CallRecord = ChatRecord | FailedChatRecord | ToolRecord;

/** One step attempt and its calls; `v` tells it from the span arrays the lane also carries. */
export interface StepTraceRecord {
  v: 1;
  /** The run id. */
  r: string;
  t: TraceRef;
  /** The attempt's start, epoch ms. */
  at: number;
  s: [index: number, name: string, kind: StepState["kind"], attempt: number, status: StepState["status"], finishedAt: number | null, errorCode: string | null];
  c?: CallRecord[];
}

export const chatRecord = (call: ModelCallRecord, tier: number, at: number): ChatRecord => {
  const response = (call.response ?? {}) as { model?: unknown; id?: unknown };
  return [
    "m", call.key, call.model, tier, call.createdAt - at, call.latencyMs, call.promptTokens, call.completionTokens, call.costMicroUsd,
    call.cacheStatus, call.logId, typeof response.model === "string" ? response.model : null, typeof response.id === "string" ? response.id : null,
  ];
};

export const failedChatRecord = (key: string, model: string, tier: number, startedAt: number, endedAt: number, error: Pick<ErrorRecord, "code">, at: number): FailedChatRecord =>
  ["mx", key, model, tier, startedAt - at, endedAt - at, error.code];

export const toolRecord = (call: { key: string; tool: string; status: ToolCallRecord["status"]; sideEffect: boolean; startedAt: number; finishedAt: number; error: Pick<ErrorRecord, "code"> | null }, at: number): ToolRecord =>
  ["t", call.key, call.tool, call.status, call.sideEffect ? 1 : 0, call.startedAt - at, call.finishedAt - at, call.error?.code ?? null];

/** `calls` were encoded relative to `step.startedAt`. */
export function stepTraceRecord(scope: SpanScope, step: StepFields & { error: Pick<ErrorRecord, "code"> | null }, calls: CallRecord[]): StepTraceRecord {
  const { traceId, parentSpanId } = scope.trace;
  const at = step.startedAt;
  return {
    v: 1,
    r: scope.runId,
    t: parentSpanId ? [traceId, parentSpanId] : [traceId],
    at,
    s: [step.index, step.name, step.kind, step.attempt, step.status, step.finishedAt === null ? null : step.finishedAt - at, step.error?.code ?? null],
    ...(calls.length > 0 ? { c: calls } : {}),
  };
}

export function isStepTraceRecord(payload: unknown): payload is StepTraceRecord {
  return typeof payload === "object" && payload !== null && (payload as { v?: unknown }).v === 1;
}

const codeOf = (code: string | null) => (code === null ? null : { code });

/** The spans of a record: the step's, then its calls' (the same spans the tracer built in the step before records existed). */
export function spansOfStepRecord(record: StepTraceRecord): OtlpSpan[] {
  const [traceId, parentSpanId] = record.t;
  const scope: SpanScope = { runId: record.r, trace: parentSpanId ? { traceId, parentSpanId } : { traceId } };
  const at = record.at;
  const [index, name, kind, attempt, status, finishedAt, errorCode] = record.s;
  const parent = stepSpanId(scope.runId, index, attempt);
  const spans = [stepSpan(scope, { index, name, kind, attempt, status, startedAt: at, finishedAt: finishedAt === null ? null : at + finishedAt, error: codeOf(errorCode) })];
  for (const c of record.c ?? []) {
    if (c[0] === "m") {
      const [, key, model, tier, createdAt, latencyMs, promptTokens, completionTokens, costMicroUsd, cacheStatus, logId, responseModel, responseId] = c;
      const response = { ...(responseModel !== null ? { model: responseModel } : {}), ...(responseId !== null ? { id: responseId } : {}) };
      spans.push(chatSpan(scope, parent, { key, stepIndex: index, model, response, promptTokens, completionTokens, costMicroUsd, latencyMs, cacheStatus, logId, createdAt: at + createdAt }, tier));
    } else if (c[0] === "mx") {
      const [, key, model, tier, from, to, code] = c;
      spans.push(failedChatSpan(scope, parent, key, model, tier, at + from, at + to, { code }));
    } else {
      const [, key, tool, toolStatus, sideEffect, from, to, code] = c;
      spans.push(toolSpan(scope, parent, { key, tool, status: toolStatus, sideEffect: sideEffect === 1, startedAt: at + from, finishedAt: at + to, error: codeOf(code) }));
    }
  }
  return spans;
}
