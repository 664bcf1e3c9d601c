/**
 * A run's budget lease: one reservation at the agent's guard that covers the
 * worst case of several model calls, so most calls need no round trip.
 *
 * The guard holds the whole lease against the daily cap until the run settles
 * it, and every call draws its worst case from what is left before it runs, so
 * the cap is never overshot: at any moment the guard holds at least the real
 * cost of every finished call plus the worst case of every call in flight. A
 * finished call gives back what its real cost did not use. A lease is settled
 * once, with the sum of its journaled calls, after it is closed (replaced by a
 * new one, or the run rests) and no call drawn from it is still in flight.
 *
 * In memory only. A new instance of the object (a crash, an eviction) starts
 * without a lease; the old lease's journaled calls settle with the next round
 * trip, and a closed lease that journaled nothing settles at 0 (one that was
 * open when the instance died expires at the guard, as a lone reservation
 * did before leases).
 *
 * Example:
 *   const lease = new BudgetLease();
 *   lease.draw(300, now);            // null: reserve at the guard first
 *   lease.opened("r1", 2_400, 300, now);
 *   lease.draw(300, now);            // "r1", no round trip
 */
import type { Settlement } from "../guardrails/budget";

/** A new lease covers this many worst cases of the call that takes it, never more than the run may still spend. */
export const LEASE_CALLS = 8;

interface Lease {
  id: string;
  /** Worst-case micro-USD the guard still holds for calls not yet drawn. */
  left: number;
  /** Draws stop well before the guard's reservation could expire. */
  until: number;
}

export class BudgetLease {
  private current: Lease | null = null;
  /** Calls drawn from each lease and not yet ended. */
  private readonly inflight = new Map<string, number>();
  /** Closed leases still to settle at the guard (those with no journaled call settle at 0). */
  private readonly closed = new Set<string>();

  constructor(private readonly ttlMs: number) {}

  /** What a new lease for a call of `amount` asks for: up to LEASE_CALLS of it, within `ceiling` (the run's own remaining budget). */
  static size(amount: number, ceiling: number): number {
    return Math.max(amount, Math.min(amount * LEASE_CALLS, ceiling));
  }

  /** The lease id that covers a call of `amount`, or null when a reservation is needed. */
  draw(amount: number, now: number): string | null {
    const lease = this.current;
    if (!lease || lease.left < amount || now >= lease.until) return null;
    lease.left -= amount;
    this.inflight.set(lease.id, (this.inflight.get(lease.id) ?? 0) + 1);
    return lease.id;
  }

  /** The guard granted `granted` for lease `id`, whose first call (of `amount`) is drawn now. Closes the lease before it. */
  opened(id: string, granted: number, amount: number, now: number): void {
    this.close();
    this.current = { id, left: granted - amount, until: now + Math.floor(this.ttlMs / 2) };
    this.inflight.set(id, (this.inflight.get(id) ?? 0) + 1);
  }

  /** A drawn call ended; `unused` (its worst case minus its real cost) goes back to the lease it came from. */
  ended(id: string, unused: number): void {
    const n = (this.inflight.get(id) ?? 1) - 1;
    if (n > 0) this.inflight.set(id, n);
    else this.inflight.delete(id);
    if (this.current?.id === id) this.current.left += Math.max(0, unused);
  }

  /** No more draws from the current lease (before a reservation, and when the run stops working). */
  close(): void {
    if (this.current) this.closed.add(this.current.id);
    this.current = null;
  }

  /**
   * What can settle now: the journaled calls by reservation (`journaled`), less the open lease and
   * any lease with a call in flight, plus closed leases that journaled nothing (at 0).
   */
  settleable(journaled: readonly Settlement[]): Settlement[] {
    const held = (id: string) => id === this.current?.id || this.inflight.has(id);
    const out = journaled.filter((s) => !held(s.id));
    const listed = new Set(journaled.map((s) => s.id));
    for (const id of this.closed) if (!held(id) && !listed.has(id)) out.push({ id, actual: 0 });
    return out;
  }

  /** The guard confirmed these. */
  settled(ids: readonly string[]): void {
    for (const id of ids) this.closed.delete(id);
  }
}
