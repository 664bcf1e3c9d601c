/**
 * The run's event log: an append-only table in the run object's SQLite. Each
 * event is written by the journal method whose row it announces, in the same
 * synchronous block (one implicit transaction), so the log commits with the
 * journal and the two can never disagree. Ids are SQLite rowids of a table
 * that is never deleted from: they only grow, one sequence per run, which is
 * what an SSE `id:` line and `Last-Event-ID` need.
 */
import type { ErrorRecord } from "../errors";
import type { ModelCallRecord, StepState, ToolCallRecord } from "../run-store";

export const RUN_EVENT_TYPES = [
  "run.started",
  "step.started",
  "step.finished",
  "model.called",
  "tool.called",
  "run.waiting_for_review",
  "run.resumed",
  "run.finished",
] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

export interface RunEvent {
  id: number;
  type: RunEventType;
  /** Epoch ms, from the object's clock. */
  at: number;
  data: unknown;
}

/** Created on the first append; objects made before the log existed read as an empty log. */
const EVENTS = `CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, type TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL)`;

export class RunEventLog {
  constructor(
    private readonly sql: SqlStorage,
    private exists: boolean,
  ) {}

  append(type: RunEventType, data: unknown, at: number): void {
    if (!this.exists) {
      this.sql.exec(EVENTS);
      this.exists = true;
    }
    this.sql.exec("INSERT INTO events (type, at, data) VALUES (?, ?, ?)", type, at, JSON.stringify(data ?? null));
  }

  /** Events with an id above `afterId`, oldest first, at most `limit`. */
  after(afterId: number, limit: number): RunEvent[] {
    if (!this.exists) return [];
    return this.sql
      .exec<{ id: number; type: string; at: number; data: string }>("SELECT id, type, at, data FROM events WHERE id > ? ORDER BY id LIMIT ?", afterId, limit)
      .toArray()
      .map((r) => ({ id: Number(r.id), type: r.type as RunEventType, at: Number(r.at), data: JSON.parse(r.data) as unknown }));
  }
}

// ---- payloads: what each event says, from the journal row it announces -------

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function stepStarted(step: Pick<StepState, "index" | "name" | "kind" | "attempt" | "startedAt" | "inputSummary">) {
  return { index: step.index, name: step.name, kind: step.kind, attempt: step.attempt, startedAt: iso(step.startedAt), inputSummary: step.inputSummary };
}

/** A step's attempt ended: `completed`, `failed`, or `retrying` (then `retryAt` says when the next attempt starts). */
export function stepFinished(step: StepState) {
  return {
    index: step.index,
    name: step.name,
    kind: step.kind,
    attempt: step.attempt,
    status: step.status,
    startedAt: iso(step.startedAt),
    finishedAt: isoOrNull(step.finishedAt),
    durationMs: step.durationMs,
    retryAt: isoOrNull(step.retryAt),
    outputSummary: step.outputSummary,
    error: step.error,
  };
}

export function modelCalled(call: ModelCallRecord) {
  return {
    stepIndex: call.stepIndex,
    model: call.model,
    promptTokens: call.promptTokens,
    completionTokens: call.completionTokens,
    costMicroUsd: call.costMicroUsd,
    latencyMs: call.latencyMs,
    cacheStatus: call.cacheStatus,
    at: iso(call.createdAt),
  };
}

export function toolCalled(call: Pick<ToolCallRecord, "key" | "stepIndex" | "tool" | "status" | "error" | "finishedAt"> & { sideEffect: boolean }) {
  return {
    stepIndex: call.stepIndex,
    tool: call.tool,
    idempotencyKey: call.key,
    sideEffect: call.sideEffect,
    status: call.status,
    error: call.error satisfies ErrorRecord | null,
    at: isoOrNull(call.finishedAt),
  };
}
