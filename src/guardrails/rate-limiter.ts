/**
 * Rate limits (a capability of the agent's guard object): a token bucket for
 * new runs per second and the set of runs not yet resting for concurrency.
 * Chosen over the Workers rate-limiting binding because that binding is
 * approximate (counted per location, eventually consistent) and cannot count
 * concurrent runs; a Durable Object is exact, and behaves the same under
 * `wrangler dev`, in tests and in production.
 *
 * Runs leave the concurrency set with `release` when they rest; a release
 * that was lost (crash) is repaired lazily by asking whether the run rests.
 */
export type AdmitResult = { ok: true } | { ok: false; reason: "RATE" | "CONCURRENCY"; retryAfterMs: number; limit: number };

export interface RateLimits {
  requestsPerSecond: number;
  maxConcurrentRuns: number;
}

/** Grace before an admitted run that has not shown up yet may be pruned. */
const PRUNE_AFTER_MS = 5_000;

export class RateLimiter {
  // The bucket lives in memory: the object is single-threaded, and one evicted after idling would be full anyway.
  private tokens: number | null = null;
  private refilledAt = 0;

  constructor(
    private readonly sql: SqlStorage,
    private readonly isResting: (runId: string, tenantId: string) => Promise<boolean>,
  ) {
    sql.exec("CREATE TABLE IF NOT EXISTS active_runs (run_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, since INTEGER NOT NULL)");
  }

  async admit(runId: string, tenantId: string, limits: RateLimits, now: number): Promise<AdmitResult> {
    const burst = Math.max(1, limits.requestsPerSecond);
    // Callers' clocks arrive out of order (each request stamps `now` before its own
    // awaits): the bucket's time only moves forward, so no interval is credited twice.
    const at = Math.max(now, this.refilledAt);
    this.tokens = Math.min(burst, (this.tokens ?? burst) + ((at - this.refilledAt) * limits.requestsPerSecond) / 1000);
    this.refilledAt = at;
    if (this.tokens < 1) {
      return { ok: false, reason: "RATE", retryAfterMs: Math.ceil(((1 - this.tokens) * 1000) / limits.requestsPerSecond), limit: limits.requestsPerSecond };
    }
    const known = this.sql.exec("SELECT 1 FROM active_runs WHERE run_id = ?", runId).toArray().length > 0;
    if (!known && this.activeCount() >= limits.maxConcurrentRuns) {
      await this.pruneResting(now);
      if (this.activeCount() >= limits.maxConcurrentRuns) return { ok: false, reason: "CONCURRENCY", retryAfterMs: 1_000, limit: limits.maxConcurrentRuns };
    }
    this.tokens -= 1;
    this.sql.exec("INSERT INTO active_runs (run_id, tenant_id, since) VALUES (?, ?, ?) ON CONFLICT(run_id) DO NOTHING", runId, tenantId, now);
    return { ok: true };
  }

  release(runId: string): void {
    this.sql.exec("DELETE FROM active_runs WHERE run_id = ?", runId);
  }

  activeCount(): number {
    return Number(this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM active_runs").one().n);
  }

  private async pruneResting(now: number): Promise<void> {
    const oldest = this.sql
      .exec<{ run_id: string; tenant_id: string }>("SELECT run_id, tenant_id FROM active_runs WHERE since < ? ORDER BY since LIMIT 10", now - PRUNE_AFTER_MS)
      .toArray();
    for (const row of oldest) if (await this.isResting(row.run_id, row.tenant_id)) this.release(row.run_id);
  }
}
