/**
 * The trace and span ids a log line names, so a line and the span it describes
 * (see trace-context.ts and spans.ts, the OTLP side) carry the same ids: a
 * log search by trace id finds the run's spans and the other way round. The
 * derivation itself lives in trace-context.ts (one place); this module names
 * it per thing a line can be about. Pure and synchronous: a log call never awaits.
 */
import { parseTraceparent, spanIdFor, traceIdForRun } from "./trace-context";

/** 32 hex: the caller's trace when the run joined one (its `traceparent`), else the run's own. */
export function traceIdOf(runId: string, traceparent?: string | null): string {
  return parseTraceparent(traceparent)?.traceId ?? traceIdForRun(runId);
}

/** 16 hex: the run's span. */
export function spanIdOfRun(runId: string): string {
  return spanIdFor(runId, "run");
}

/** 16 hex: one attempt of a step (each attempt is its own span). */
export function spanIdOfStep(runId: string, stepIndex: number, attempt: number): string {
  return spanIdFor(runId, `step:${stepIndex}:${attempt}`);
}

/** 16 hex: one model or tool call, named by its journal key (model `<step>:<n>`, tool: its idempotency key). */
export function spanIdOfCall(kind: "model" | "tool", runId: string, key: string): string {
  return spanIdFor(runId, `${kind}:${key}`);
}
