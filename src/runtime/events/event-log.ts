/**
 * The run's event log: an append-only table in the run object's SQLite. Each
 * event is written by the journal method whose row it announces, in the same
 * synchronous block (one implicit transaction), so the log commits with the
 * journal and the two can never disagree. Ids are SQLite rowids of a table
 * that is never deleted from: they only grow, one sequence per run, which is
 * what an SSE `id:` line and `Last-Event-ID` need.
 */
import type { ErrorRecord } from "../errors";
import type { ToolCallRecord } from "../run-store";

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

/** Created with the run (src/runtime/run-store.ts) or on the first append; objects made before the log existed read as an empty log. */
export const EVENTS_TABLE = `CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, type TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL)`;

export class RunEventLog {
  constructor(
    private readonly sql: SqlStorage,
    private exists: boolean,
  ) {}

  /** The table was made elsewhere (with the run's schema). */
  created(): void {
    this.exists = true;
  }

  append(type: RunEventType, data: unknown, at: number): void {
    if (!this.exists) {
      this.sql.exec(EVENTS_TABLE);
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

// step.started, step.finished and model.called are written by the journal's triggers (../journal-triggers.ts).

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
