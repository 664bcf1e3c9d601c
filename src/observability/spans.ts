/**
 * Spans of a run in the OTLP/JSON encoding (opentelemetry-proto
 * `trace/v1/trace.proto` with the protobuf JSON mapping: ids as hex, times as
 * unixNano strings, enums as numbers), built from journal records only. Names
 * and attributes follow the OpenTelemetry GenAI semantic conventions
 * (`invoke_agent`, `chat`, `execute_tool`); what they do not cover is under
 * `agent_runtime.*`. Step and call spans are built at delivery from the
 * tracer's records (trace-records.ts). Never an attribute with a prompt, a
 * reply, a task's text or a key: only names, counts, codes, ids, money and times.
 */
import type { ErrorRecord } from "../runtime/errors";
import type { ModelCallRecord, RunState, StepState, ToolCallRecord } from "../runtime/run-store";
import { spanIdFor, type RunTrace } from "./trace-context";

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** int64: a decimal string in the JSON mapping. */
  intValue?: string;
  doubleValue?: number;
}
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
/** `Span.SpanKind` */
export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;
/** `Status.StatusCode` */
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: (typeof SPAN_KIND)[keyof typeof SPAN_KIND];
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  status: { code: (typeof STATUS_CODE)[keyof typeof STATUS_CODE]; message?: string };
}

type AttributeValue = string | number | boolean | null | undefined;

export function toAttributes(values: Record<string, AttributeValue>): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const [key, v] of Object.entries(values)) {
    if (v === null || v === undefined) continue;
    if (typeof v === "string") out.push({ key, value: { stringValue: v } });
    else if (typeof v === "boolean") out.push({ key, value: { boolValue: v } });
    else if (Number.isInteger(v)) out.push({ key, value: { intValue: String(v) } });
    else if (Number.isFinite(v)) out.push({ key, value: { doubleValue: v } });
  }
  return out;
}

/** Epoch ms to a unixNano decimal string, without leaving safe-integer range. */
export const unixNano = (ms: number) => `${Math.round(ms)}000000`;

const errorStatus = (error: Pick<ErrorRecord, "code"> | null | undefined) =>
  // The code only: an error's message may quote the task.
  error ? { code: STATUS_CODE.error, message: error.code } : { code: STATUS_CODE.unset };

/** What every span of one run shares. */
export interface SpanScope {
  runId: string;
  trace: RunTrace;
}

export const runSpanId = (runId: string) => spanIdFor(runId, "run");
export const stepSpanId = (runId: string, index: number, attempt: number) => spanIdFor(runId, `step:${index}:${attempt}`);
export const chatSpanId = (runId: string, key: string) => spanIdFor(runId, `model:${key}`);
export const toolSpanId = (runId: string, key: string) => spanIdFor(runId, `tool:${key}`);

/** The root: one `invoke_agent` span from creation to the final rest. */
export function runSpan(s: SpanScope, run: RunState): OtlpSpan {
  const failed = run.status === "failed";
  return {
    traceId: s.trace.traceId,
    spanId: runSpanId(s.runId),
    ...(s.trace.parentSpanId ? { parentSpanId: s.trace.parentSpanId } : {}),
    name: `invoke_agent ${run.agent}`,
    kind: SPAN_KIND.internal,
    startTimeUnixNano: unixNano(run.createdAt),
    endTimeUnixNano: unixNano(run.updatedAt),
    attributes: toAttributes({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": run.agent,
      "gen_ai.agent.id": run.agent,
      "agent_runtime.agent.version": run.agentVersion,
      "agent_runtime.run.id": run.id,
      "agent_runtime.tenant.id": run.tenantId,
      "agent_runtime.run.status": run.status,
      "agent_runtime.stop_reason": run.stopReason,
      "agent_runtime.steps": run.steps,
      "agent_runtime.model_calls": run.modelCalls,
      "agent_runtime.tool_calls": run.toolCalls,
      "agent_runtime.cost_micro_usd": run.costMicroUsd,
      "agent_runtime.review_wait_ms": run.reviewWaitMs,
    }),
    status: failed ? errorStatus(run.error ?? { code: run.stopReason ?? "FAILED" }) : run.status === "completed" ? { code: STATUS_CODE.ok } : { code: STATUS_CODE.unset },
  };
}

/** One attempt of one step, under the run span. */
export function stepSpan(s: SpanScope, step: Pick<StepState, "index" | "name" | "kind" | "attempt" | "status" | "startedAt" | "finishedAt"> & { error: Pick<ErrorRecord, "code"> | null }): OtlpSpan {
  return {
    traceId: s.trace.traceId,
    spanId: stepSpanId(s.runId, step.index, step.attempt),
    parentSpanId: runSpanId(s.runId),
    name: `step ${step.name}`,
    kind: SPAN_KIND.internal,
    startTimeUnixNano: unixNano(step.startedAt),
    endTimeUnixNano: unixNano(step.finishedAt ?? step.startedAt),
    attributes: toAttributes({
      "agent_runtime.run.id": s.runId,
      "agent_runtime.step.index": step.index,
      "agent_runtime.step.name": step.name,
      "agent_runtime.step.kind": step.kind,
      "agent_runtime.step.attempt": step.attempt,
      "agent_runtime.step.status": step.status,
      "error.type": step.error?.code,
    }),
    status: step.status === "completed" ? { code: STATUS_CODE.ok } : errorStatus(step.error),
  };
}

/** A model call as journaled (a replayed call is the same span: its id comes from the call's key). */
export function chatSpan(s: SpanScope, parentSpanId: string, call: ModelCallRecord, tier: number): OtlpSpan {
  const response = (call.response ?? {}) as { model?: unknown; id?: unknown };
  const provider = call.model.includes("/") ? call.model.slice(0, call.model.indexOf("/")) : undefined;
  return {
    traceId: s.trace.traceId,
    spanId: chatSpanId(s.runId, call.key),
    parentSpanId,
    name: `chat ${call.model}`,
    kind: SPAN_KIND.client,
    startTimeUnixNano: unixNano(call.createdAt - call.latencyMs),
    endTimeUnixNano: unixNano(call.createdAt),
    attributes: toAttributes({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": provider,
      "gen_ai.request.model": call.model,
      "gen_ai.response.model": typeof response.model === "string" ? response.model : call.model,
      "gen_ai.response.id": typeof response.id === "string" ? response.id : undefined,
      "gen_ai.usage.input_tokens": call.promptTokens,
      "gen_ai.usage.output_tokens": call.completionTokens,
      "agent_runtime.model.call_key": call.key,
      "agent_runtime.model.tier": tier,
      "agent_runtime.cost_micro_usd": call.costMicroUsd,
      "agent_runtime.cache_status": call.cacheStatus,
      "agent_runtime.gateway.log_id": call.logId,
      "agent_runtime.latency_ms": call.latencyMs,
    }),
    status: { code: STATUS_CODE.unset },
  };
}

/** A model call that failed (nothing journaled): what was asked, when, and the error code. */
export function failedChatSpan(s: SpanScope, parentSpanId: string, key: string, model: string, tier: number, startedAt: number, endedAt: number, error: Pick<ErrorRecord, "code">): OtlpSpan {
  return {
    traceId: s.trace.traceId,
    spanId: chatSpanId(s.runId, key),
    parentSpanId,
    name: `chat ${model}`,
    kind: SPAN_KIND.client,
    startTimeUnixNano: unixNano(startedAt),
    endTimeUnixNano: unixNano(endedAt),
    attributes: toAttributes({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": model,
      "agent_runtime.model.call_key": key,
      "agent_runtime.model.tier": tier,
      "error.type": error.code,
    }),
    status: errorStatus(error),
  };
}

export interface ToolCallTrace {
  key: string;
  tool: string;
  status: ToolCallRecord["status"];
  sideEffect: boolean;
  startedAt: number;
  finishedAt: number;
  error: Pick<ErrorRecord, "code"> | null;
}

export function toolSpan(s: SpanScope, parentSpanId: string, call: ToolCallTrace): OtlpSpan {
  return {
    traceId: s.trace.traceId,
    spanId: toolSpanId(s.runId, call.key),
    parentSpanId,
    name: `execute_tool ${call.tool}`,
    kind: SPAN_KIND.internal,
    startTimeUnixNano: unixNano(call.startedAt),
    endTimeUnixNano: unixNano(call.finishedAt),
    attributes: toAttributes({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": call.tool,
      "gen_ai.tool.call.id": call.key,
      "gen_ai.tool.type": "function",
      "agent_runtime.idempotency_key": call.key,
      "agent_runtime.tool.side_effect": call.sideEffect,
      "agent_runtime.tool.outcome": call.status,
      "agent_runtime.duration_ms": Math.max(0, call.finishedAt - call.startedAt),
      "error.type": call.error?.code,
    }),
    status: call.status === "done" ? { code: STATUS_CODE.ok } : errorStatus(call.error ?? { code: call.status.toUpperCase() }),
  };
}

/** The time a person took: from the pause to their decision, under the run span. */
export function reviewWaitSpan(s: SpanScope, round: number, pausedAt: number, decidedAt: number, decision: string | null): OtlpSpan {
  return {
    traceId: s.trace.traceId,
    spanId: spanIdFor(s.runId, `review:${round}`),
    parentSpanId: runSpanId(s.runId),
    name: "agent_runtime.review_wait",
    kind: SPAN_KIND.internal,
    startTimeUnixNano: unixNano(pausedAt),
    endTimeUnixNano: unixNano(Math.max(pausedAt, decidedAt)),
    attributes: toAttributes({
      "agent_runtime.run.id": s.runId,
      "agent_runtime.review.round": round,
      "agent_runtime.review.decision": decision,
    }),
    status: { code: STATUS_CODE.unset },
  };
}
