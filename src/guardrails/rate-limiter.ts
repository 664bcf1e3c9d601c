/**
 * Rate limits (a capability of the agent's guard object): a token bucket for
 * new runs per second and the set of runs not yet resting for concurrency.
 * Chosen over the Workers rate-limiting binding because that binding is
 * approximate (counted per location, eventually consistent) and cannot count
 * concurrent runs; a Durable Object is exact, and behaves the same under
 * `wrangler dev`, in tests and in production.
 *
 * Runs leave the concurrency set with `release` when they rest, and a run a
 * person's decision resumes enters it again (`occupy`). An admission that
 * created no work (a replay of a rested run, a conflict) is released by its
 * caller (`fresh` says the admission took the slot). A release that was lost
 * (crash) is repaired by asking the run whether it rests: when the limit is
 * reached, and whenever the count is read (`reconcile`).
 */
export type AdmitResult = { ok: true; fresh: boolean } | { ok: false; reason: "RATE" | "CONCURRENCY"; retryAfterMs: number; limit: number };

export interface RateLimits {
  requestsPerSecond: number;
  maxConcurrentRuns: number;
}

/** Grace before an admitted run that has not shown up yet may be pruned. */
const PRUNE_AFTER_MS = 5_000;
/** Runs checked per admission at the limit, and per read of the count (oldest first). */
const PRUNE_ON_ADMIT = 10;
const RECONCILE_ON_READ = 200;

/** What the run itself says: null when the run object holds no run (yet). */
export type RunRestCheck = (runId: string, tenantId: string) => Promise<{ resting: boolean } | null>;

export class RateLimiter {
  // The bucket lives in memory: the object is single-threaded, and one evicted after idling would be full anyway.
  private tokens: number | null = null;
  private refilledAt = 0;
  /** Rows of active_runs, counted once per instance and kept by every write here (each admission reads it). */
  private count: number | undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly check: RunRestCheck,
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
      await this.reconcile(now, PRUNE_ON_ADMIT);
      if (this.activeCount() >= limits.maxConcurrentRuns) return { ok: false, reason: "CONCURRENCY", retryAfterMs: 1_000, limit: limits.maxConcurrentRuns };
    }
    this.tokens -= 1;
    // Re-checked after the awaits above: a concurrent admission of the same run may have taken the slot.
    const fresh = this.sql.exec("INSERT INTO active_runs (run_id, tenant_id, since) VALUES (?, ?, ?) ON CONFLICT(run_id) DO NOTHING", runId, tenantId, now).rowsWritten > 0;
    if (fresh && this.count !== undefined) this.count += 1;
    return { ok: true, fresh };
  }

  /** A resting run starts working again (a person's decision resumed it): it is in flight, whatever the limit. */
  occupy(runId: string, tenantId: string, now: number): void {
    const added = this.sql.exec("INSERT INTO active_runs (run_id, tenant_id, since) VALUES (?, ?, ?) ON CONFLICT(run_id) DO NOTHING", runId, tenantId, now).rowsWritten > 0;
    if (added && this.count !== undefined) this.count += 1;
  }

  release(runId: string): void {
    const removed = this.sql.exec("DELETE FROM active_runs WHERE run_id = ?", runId).rowsWritten > 0;
    if (removed && this.count !== undefined) this.count -= 1;
  }

  activeCount(): number {
    this.count ??= Number(this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM active_runs").one().n);
    return this.count;
  }

  /**
   * Drops entries whose run rests (a lost release) or never appeared after the
   * grace (an admission whose run was never created), asking the runs in parallel.
   */
  async reconcile(now: number, limit = RECONCILE_ON_READ): Promise<void> {
    const rows = this.sql
      .exec<{ run_id: string; tenant_id: string; since: number }>("SELECT run_id, tenant_id, since FROM active_runs ORDER BY since LIMIT ?", limit)
      .toArray();
    await Promise.all(
      rows.map(async (row) => {
        const run = await this.check(row.run_id, row.tenant_id).catch(() => undefined);
        if (run === undefined) return; // could not ask: keep it
        if (run ? run.resting : Number(row.since) < now - PRUNE_AFTER_MS) this.release(row.run_id);
      }),
    );
  }
}
