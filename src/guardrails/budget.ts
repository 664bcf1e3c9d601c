/**
 * Spend budget in integer micro-USD per UTC day (a capability of the agent's
 * guard object; it owns its tables). A model call first reserves its
 * worst-case cost (max tokens x price); the check and the write happen in one
 * synchronous turn of a single-threaded object, so concurrent runs racing for
 * the last cents cannot overshoot the cap. After the call the reservation is
 * replaced by the real cost. Reservations that never settle (a crashed run)
 * expire, and count against the cap until then: conservative, never over.
 */
export const RESERVATION_TTL_MS = 10 * 60_000;

export type ReserveResult = { ok: true } | { ok: false; spent: number; reserved: number; cap: number };

export const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);

export class SpendBudget {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`
      CREATE TABLE IF NOT EXISTS budget_spent (day TEXT PRIMARY KEY, micro_usd INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS budget_reservations (id TEXT PRIMARY KEY, day TEXT NOT NULL, micro_usd INTEGER NOT NULL, expires_at INTEGER NOT NULL);
    `);
  }

  usage(now: number): { day: string; spent: number; reserved: number } {
    const day = utcDay(now);
    this.sql.exec("DELETE FROM budget_reservations WHERE expires_at <= ?", now);
    const spent = Number(this.sql.exec<{ v: number }>("SELECT COALESCE(MAX(micro_usd), 0) AS v FROM budget_spent WHERE day = ?", day).one().v);
    const reserved = Number(this.sql.exec<{ v: number }>("SELECT COALESCE(SUM(micro_usd), 0) AS v FROM budget_reservations WHERE day = ?", day).one().v);
    return { day, spent, reserved };
  }

  reserve(id: string, amount: number, cap: number, now: number): ReserveResult {
    const { day, spent, reserved } = this.usage(now);
    if (spent + reserved + amount > cap) return { ok: false, spent, reserved, cap };
    this.sql.exec(
      "INSERT INTO budget_reservations (id, day, micro_usd, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
      id, day, amount, now + RESERVATION_TTL_MS,
    );
    return { ok: true };
  }

  /** Idempotent: only a live reservation turns into spend (on the day it was made). */
  settle(id: string, actual: number): void {
    const held = this.sql.exec<{ day: string }>("SELECT day FROM budget_reservations WHERE id = ?", id).toArray()[0];
    if (!held) return;
    this.sql.exec("DELETE FROM budget_reservations WHERE id = ?", id);
    this.sql.exec(
      "INSERT INTO budget_spent (day, micro_usd) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET micro_usd = micro_usd + excluded.micro_usd",
      held.day, actual,
    );
  }
}
