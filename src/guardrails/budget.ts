/**
 * Spend budget in integer micro-USD per UTC day (a capability of the agent's
 * guard object; it owns its tables). A model call first reserves its
 * worst-case cost (max tokens x price); the check and the write happen in one
 * synchronous turn of a single-threaded object, so concurrent runs racing for
 * the last cents cannot overshoot the cap.
 *
 * Settlement (the reservation replaced by the real cost) is deferred: a run
 * journals each call's cost and sends it with its next reservation, which
 * settles first and then reserves, in the same turn; what is left goes with
 * the run's rest. Until then the reservation counts its worst case: never
 * under the real cost. Reservations that never settle (a crashed run that
 * does not come back) expire after RESERVATION_TTL_MS. Settlement is
 * idempotent by reservation id (a run re-sends what it could not mark), and a
 * settlement that arrives after its reservation expired still counts, once:
 * settled ids are kept for a few days for exactly that.
 */
export const RESERVATION_TTL_MS = 10 * 60_000;

/** Settled ids are kept this many days back (a re-send comes within the TTL of a wake, never days later). */
const SETTLED_KEPT_DAYS = 2;

export type ReserveResult = { ok: true } | { ok: false; spent: number; reserved: number; cap: number };

/** A finished call's real cost against its reservation. */
export interface Settlement {
  id: string;
  actual: number;
}

export const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);

export class SpendBudget {
  /** The day whose older settled ids were last pruned (in memory: at most one prune per day and instance). */
  private prunedFor: string | null = null;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`
      CREATE TABLE IF NOT EXISTS budget_spent (day TEXT PRIMARY KEY, micro_usd INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS budget_reservations (id TEXT PRIMARY KEY, day TEXT NOT NULL, micro_usd INTEGER NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS budget_settled (id TEXT PRIMARY KEY, day TEXT NOT NULL);
    `);
  }

  usage(now: number): { day: string; spent: number; reserved: number } {
    const day = utcDay(now);
    this.sql.exec("DELETE FROM budget_reservations WHERE expires_at <= ?", now);
    const spent = Number(this.sql.exec<{ v: number }>("SELECT COALESCE(MAX(micro_usd), 0) AS v FROM budget_spent WHERE day = ?", day).one().v);
    const reserved = Number(this.sql.exec<{ v: number }>("SELECT COALESCE(SUM(micro_usd), 0) AS v FROM budget_reservations WHERE day = ?", day).one().v);
    return { day, spent, reserved };
  }

  /** Settles `settle` first (freeing what the real costs did not use), then checks and reserves. */
  reserve(id: string, amount: number, cap: number, now: number, settle: readonly Settlement[] = []): ReserveResult {
    this.settleAll(settle, now);
    const { day, spent, reserved } = this.usage(now);
    if (spent + reserved + amount > cap) return { ok: false, spent, reserved, cap };
    this.sql.exec(
      "INSERT INTO budget_reservations (id, day, micro_usd, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
      id, day, amount, now + RESERVATION_TTL_MS,
    );
    return { ok: true };
  }

  settleAll(settle: readonly Settlement[], now: number): void {
    if (settle.length === 0) return;
    for (const s of settle) this.settle(s.id, s.actual, now);
    // Ids this old can no longer be re-sent.
    const oldest = utcDay(now - SETTLED_KEPT_DAYS * 86_400_000);
    if (this.prunedFor === oldest) return;
    this.sql.exec("DELETE FROM budget_settled WHERE day < ?", oldest);
    this.prunedFor = oldest;
  }

  /**
   * Idempotent by id. A live reservation turns into spend on the day it was
   * made; an expired one (the run came back late) counts on the day the
   * settlement arrives, so the spend is never lost.
   */
  settle(id: string, actual: number, now: number = Date.now()): void {
    if (this.sql.exec("SELECT 1 FROM budget_settled WHERE id = ?", id).toArray().length > 0) return;
    const held = this.sql.exec<{ day: string }>("SELECT day FROM budget_reservations WHERE id = ?", id).toArray()[0];
    const day = held?.day ?? utcDay(now);
    if (held) this.sql.exec("DELETE FROM budget_reservations WHERE id = ?", id);
    this.sql.exec("INSERT INTO budget_settled (id, day) VALUES (?, ?)", id, day);
    if (actual === 0) return;
    this.sql.exec(
      "INSERT INTO budget_spent (day, micro_usd) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET micro_usd = micro_usd + excluded.micro_usd",
      day, actual,
    );
  }
}
