/**
 * A turnstile: one Durable Object per key (e.g. tenant + agent + employee) that
 * lets runs through a critical section one at a time, in arrival order. The
 * expense agent uses it so a report's DUPLICATE check sees every report of the
 * same employee that arrived earlier, even when two arrive at the same moment.
 *
 * Liveness: a run normally leaves with `release`; if it crashed, failed or
 * paused for review without releasing, the turnstile asks the run's own
 * Durable Object, and a run that is resting no longer holds the turn.
 */
import { DurableObject } from "cloudflare:workers";
import { runClient } from "./run-client";
import { RESTING_STATUSES } from "./run-store";

/** How often a waiter re-checks the liveness of the run ahead when nobody releases it (a crash). */
const LIVENESS_CHECK_MS = 250;

export type TurnResult = { granted: true; position: number } | { granted: false; waitingFor: string };

export class TurnstileObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** Waiters woken as soon as a run leaves, so the next in line does not poll. */
  private readonly waiters = new Set<() => void>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS tickets (seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL UNIQUE,
         tenant_id TEXT NOT NULL, released INTEGER NOT NULL DEFAULT 0)`,
    );
  }

  /** Takes a place in line; idempotent per run. Returns the position (1-based, ever increasing). */
  enter(runId: string, tenantId: string): number {
    this.sql.exec("INSERT INTO tickets (run_id, tenant_id) VALUES (?, ?) ON CONFLICT(run_id) DO NOTHING", runId, tenantId);
    return Number(this.sql.exec<{ seq: number }>("SELECT seq FROM tickets WHERE run_id = ?", runId).one().seq);
  }

  /** Resolves when every earlier run has left (or rests), or after `timeoutMs` without the turn. */
  async awaitTurn(runId: string, tenantId: string, timeoutMs: number): Promise<TurnResult> {
    const mine = this.enter(runId, tenantId);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ahead = this.sql
        .exec<{ run_id: string; tenant_id: string }>("SELECT run_id, tenant_id FROM tickets WHERE seq < ? AND released = 0 ORDER BY seq LIMIT 1", mine)
        .toArray()[0];
      if (!ahead) return { granted: true, position: mine };
      const view = await runClient(this.env, ahead.run_id).view(ahead.tenant_id);
      if (!view || RESTING_STATUSES.has(view.status)) {
        this.release(ahead.run_id);
        continue;
      }
      if (Date.now() >= deadline) return { granted: false, waitingFor: ahead.run_id };
      await this.nextRelease(Math.min(LIVENESS_CHECK_MS, deadline - Date.now()));
    }
  }

  release(runId: string): void {
    this.sql.exec("UPDATE tickets SET released = 1 WHERE run_id = ?", runId);
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  private nextRelease(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, ms));
      this.waiters.add(done);
    });
  }
}
