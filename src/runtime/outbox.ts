/**
 * The history outbox: rows bound for D1 (and messages bound for Queues) are
 * first written to the run's own storage in the same transaction as the state
 * change they describe, then delivered by `flush`. A failing D1 delays history
 * but never loses it: undelivered rows stay here, and the alarm retries with
 * backoff.
 *
 * Entries are keyed (`run`, `step:3`, ...) so a newer snapshot replaces an
 * undelivered older one instead of piling up.
 *
 * Trace spans (`otlp` entries, src/observability/) travel on a lane of their
 * own: their own table and their own retry state, so a collector that is down
 * backs off alone and never holds back history bound for D1.
 */

export interface OutboxEntry {
  key: string;
  kind: string;
  payload: unknown;
}

/** Where outbox entries go. The D1 implementation lives in src/db/history-sink.ts. */
export interface HistorySink {
  deliver(entries: OutboxEntry[]): Promise<void>;
}

/** Entries of this kind go on the trace lane (see the header). */
export const TRACE_KIND = "otlp";

const BATCH = 100;
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 60_000;

const laneTable = (table: string) =>
  `CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, payload TEXT NOT NULL)`;

/** The history lane's table, for schemas whose triggers put entries in it (src/runtime/journal-triggers.ts). */
export const HISTORY_OUTBOX_TABLE = laneTable("outbox");

/** One table of pending entries with its own delivery state. */
class OutboxLane {
  private readonly schema: string;
  /** Only needed once a delivery has failed. */
  private readonly stateSchema: string;

  constructor(
    private readonly sql: SqlStorage,
    private readonly table: string,
    private ready: boolean,
    private hasState: boolean,
  ) {
    this.schema = laneTable(table);
    this.stateSchema = `CREATE TABLE IF NOT EXISTS ${table}_state (id INTEGER PRIMARY KEY CHECK (id = 1), failures INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, last_error TEXT)`;
  }

  /**
   * The seq of each pending key, mirrored in memory (read once per instance) so the
   * wake-up bookkeeping after every piece of work asks storage nothing.
   */
  private pending: Map<string, number> | undefined;

  private pendingKeys(): Map<string, number> {
    this.pending ??= this.ready
      ? new Map(this.sql.exec<{ key: string; seq: number }>(`SELECT key, seq FROM ${this.table}`).toArray().map((r) => [String(r.key), Number(r.seq)]))
      : new Map();
    return this.pending;
  }

  put(entry: OutboxEntry): void {
    if (!this.ready) {
      this.sql.exec(this.schema);
      this.ready = true;
    }
    const pending = this.pendingKeys();
    // REPLACE deletes the older entry with this key and inserts a new row, so a
    // replaced entry gets a new seq (see flush) in one statement.
    const row = this.sql
      .exec<{ seq: number }>(`INSERT OR REPLACE INTO ${this.table} (key, kind, payload) VALUES (?, ?, ?) RETURNING seq`, entry.key, entry.kind, JSON.stringify(entry.payload))
      .one();
    pending.set(entry.key, Number(row.seq));
  }

  pendingCount(): number {
    return this.ready ? this.pendingKeys().size : 0;
  }

  /**
   * An entry was put by a trigger, not by `put`: the mirror holds its key with its seq
   * unknown (+Infinity, so no delivery that started before it drops it) until the next
   * delivery reads the row.
   */
  putInStorage(key: string): void {
    // A lane whose table did not exist when this instance started had nothing pending before the trigger's entry.
    if (!this.ready) this.pending = new Map();
    this.ready = true;
    this.pending?.set(key, Number.POSITIVE_INFINITY);
  }

  nextAttemptAt(now: number): number | null {
    if (this.pendingCount() === 0) return null;
    if (!this.hasState) return now;
    const state = this.sql.exec<{ next_attempt_at: number }>(`SELECT next_attempt_at FROM ${this.table}_state`).toArray()[0];
    return state ? Math.max(Number(state.next_attempt_at), now) : now;
  }

  lastError(): string | null {
    if (!this.hasState) return null;
    const row = this.sql.exec<{ last_error: string | null }>(`SELECT last_error FROM ${this.table}_state`).toArray()[0];
    return row?.last_error ?? null;
  }

  /** A flush in progress: a second caller (the alarm, a request) shares it instead of sending the same rows again. */
  private flushing: Promise<boolean> | null = null;

  flush(sink: HistorySink, now: number): Promise<boolean> {
    this.flushing ??= this.deliverPending(sink, now).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async deliverPending(sink: HistorySink, now: number): Promise<boolean> {
    if (!this.ready) return true;
    for (;;) {
      // The in-memory mirror says when nothing is left (e.g. nothing was put while delivering): no read then.
      const rows = this.pendingKeys().size === 0
        ? []
        : this.sql
            .exec<{ seq: number; key: string; kind: string; payload: string }>(`SELECT seq, key, kind, payload FROM ${this.table} ORDER BY seq LIMIT ?`, BATCH)
            .toArray();
      if (rows.length === 0) {
        if (this.hasState) this.sql.exec(`DELETE FROM ${this.table}_state`);
        return true;
      }
      for (const r of rows) this.pendingKeys().set(r.key, Number(r.seq)); // learns the seqs of entries triggers put
      try {
        await sink.deliver(rows.map((r) => ({ key: r.key, kind: r.kind, payload: JSON.parse(r.payload) })));
      } catch (error) {
        if (!this.hasState) {
          this.sql.exec(this.stateSchema);
          this.hasState = true;
        }
        const failures = Number(this.sql.exec<{ f: number }>(`SELECT COALESCE(MAX(failures), 0) AS f FROM ${this.table}_state`).one().f) + 1;
        const delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (failures - 1));
        this.sql.exec(
          `INSERT INTO ${this.table}_state (id, failures, next_attempt_at, last_error) VALUES (1, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET failures = excluded.failures, next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error`,
          failures, now + delay, error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500),
        );
        return false;
      }
      // A row re-put while delivering got a new seq, so deleting by seq never drops a newer snapshot.
      const maxSeq = rows[rows.length - 1]!.seq;
      this.sql.exec(`DELETE FROM ${this.table} WHERE seq <= ?`, maxSeq);
      const pending = this.pendingKeys();
      for (const [key, seq] of pending) if (seq <= maxSeq) pending.delete(key);
    }
  }
}

export class Outbox {
  private readonly history: OutboxLane;
  private readonly traces: OutboxLane;

  /** `tables`: the object's table names, when its owner has read them already (one schema read per instance). */
  constructor(sql: SqlStorage, tables?: ReadonlySet<string>) {
    // Created on first use, so an object that never writes history stays empty.
    tables ??= new Set(sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'outbox%'").toArray().map((r) => r.name));
    this.history = new OutboxLane(sql, "outbox", tables.has("outbox"), tables.has("outbox_state"));
    this.traces = new OutboxLane(sql, "outbox_traces", tables.has("outbox_traces"), tables.has("outbox_traces_state"));
  }

  put(entry: OutboxEntry): void {
    (entry.kind === TRACE_KIND ? this.traces : this.history).put(entry);
  }

  /** A history entry was put by a trigger in this transaction (a step's, src/runtime/journal-triggers.ts). */
  historyPutInStorage(key: string): void {
    this.history.putInStorage(key);
  }

  /** Entries not yet delivered, on both lanes. */
  pendingCount(): number {
    return this.history.pendingCount() + this.traces.pendingCount();
  }

  /** When the next delivery (of either lane) should be tried, or null when nothing is pending. */
  nextAttemptAt(now: number): number | null {
    const due = [this.history.nextAttemptAt(now), this.traces.nextAttemptAt(now)].filter((t): t is number => t !== null);
    return due.length > 0 ? Math.min(...due) : null;
  }

  /** The last history delivery error (the trace lane's is `lastTraceError`). */
  lastError(): string | null {
    return this.history.lastError();
  }

  lastTraceError(): string | null {
    return this.traces.lastError();
  }

  /**
   * Delivers pending entries in order, history first. Returns true when
   * everything pending was delivered. Entries are deleted only after the sink
   * confirms them. The trace lane is tried only when its backoff allows, so a
   * history flush never hammers a collector that is down.
   */
  async flush(sink: HistorySink, now: number): Promise<boolean> {
    const history = await this.history.flush(sink, now);
    const tracesDue = this.traces.nextAttemptAt(now);
    const traces = tracesDue === null ? true : tracesDue <= now ? await this.traces.flush(sink, now) : false;
    return history && traces;
  }
}
