/**
 * The history outbox: rows bound for D1 (and messages bound for Queues) are
 * first written to the run's own storage in the same transaction as the state
 * change they describe, then delivered by `flush`. A failing D1 delays history
 * but never loses it: undelivered rows stay here, and the alarm retries with
 * backoff.
 *
 * Entries are keyed (`run`, `step:3`, ...) so a newer snapshot replaces an
 * undelivered older one instead of piling up.
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

const SCHEMA = "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, payload TEXT NOT NULL)";
/** Only needed once a delivery has failed. */
const STATE_SCHEMA =
  "CREATE TABLE IF NOT EXISTS outbox_state (id INTEGER PRIMARY KEY CHECK (id = 1), failures INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, last_error TEXT)";

const BATCH = 100;
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 60_000;

export class Outbox {
  private ready: boolean;
  private hasState: boolean;

  constructor(private readonly sql: SqlStorage) {
    // Created on first use, so an object that never writes history stays empty.
    const tables = new Set(sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'outbox%'").toArray().map((r) => r.name));
    this.ready = tables.has("outbox");
    this.hasState = tables.has("outbox_state");
  }

  put(entry: OutboxEntry): void {
    if (!this.ready) {
      this.sql.exec(SCHEMA);
      this.ready = true;
    }
    // REPLACE deletes the older entry with this key and inserts a new row, so a
    // replaced entry gets a new seq (see flush) in one statement.
    this.sql.exec("INSERT OR REPLACE INTO outbox (key, kind, payload) VALUES (?, ?, ?)", entry.key, entry.kind, JSON.stringify(entry.payload));
  }

  pendingCount(): number {
    if (!this.ready) return 0;
    return Number(this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n);
  }

  /** When the next delivery should be tried, or null when nothing is pending. */
  nextAttemptAt(now: number): number | null {
    if (this.pendingCount() === 0) return null;
    if (!this.hasState) return now;
    const state = this.sql.exec<{ next_attempt_at: number }>("SELECT next_attempt_at FROM outbox_state").toArray()[0];
    return state ? Math.max(Number(state.next_attempt_at), now) : now;
  }

  lastError(): string | null {
    if (!this.hasState) return null;
    const row = this.sql.exec<{ last_error: string | null }>("SELECT last_error FROM outbox_state").toArray()[0];
    return row?.last_error ?? null;
  }

  /**
   * Delivers pending entries in order. Returns true when everything pending was
   * delivered. Entries are deleted only after the sink confirms them.
   */
  async flush(sink: HistorySink, now: number): Promise<boolean> {
    if (!this.ready) return true;
    for (;;) {
      const rows = this.sql
        .exec<{ seq: number; key: string; kind: string; payload: string }>("SELECT seq, key, kind, payload FROM outbox ORDER BY seq LIMIT ?", BATCH)
        .toArray();
      if (rows.length === 0) {
        if (this.hasState) this.sql.exec("DELETE FROM outbox_state");
        return true;
      }
      try {
        await sink.deliver(rows.map((r) => ({ key: r.key, kind: r.kind, payload: JSON.parse(r.payload) })));
      } catch (error) {
        if (!this.hasState) {
          this.sql.exec(STATE_SCHEMA);
          this.hasState = true;
        }
        const failures = Number(this.sql.exec<{ f: number }>("SELECT COALESCE(MAX(failures), 0) AS f FROM outbox_state").one().f) + 1;
        const delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (failures - 1));
        this.sql.exec(
          `INSERT INTO outbox_state (id, failures, next_attempt_at, last_error) VALUES (1, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET failures = excluded.failures, next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error`,
          failures, now + delay, error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500),
        );
        return false;
      }
      // A row re-put while delivering got a new seq, so deleting by seq never drops a newer snapshot.
      const maxSeq = rows[rows.length - 1]!.seq;
      this.sql.exec("DELETE FROM outbox WHERE seq <= ?", maxSeq);
    }
  }
}
