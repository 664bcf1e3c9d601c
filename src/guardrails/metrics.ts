/** Per-agent metrics from D1 history: what /v1/metrics exports and the agent page shows. */

const LATENCY_SAMPLE = 500;

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function agentMetrics(db: D1Database, tenantId: string, agent: string, latencyBudgetMs: number) {
  const live = "tenant_id = ?1 AND agent = ?2 AND evaluation IS NULL";
  const [byStatus, byStop, reviews, refusals, cost, perDay, walls, evals] = await db.batch<Record<string, unknown>>([
    db.prepare(`SELECT status, COUNT(*) AS n FROM runs WHERE ${live} GROUP BY status`).bind(tenantId, agent),
    db.prepare(`SELECT stop_reason AS reason, COUNT(*) AS n FROM runs WHERE ${live} AND stop_reason IS NOT NULL GROUP BY stop_reason`).bind(tenantId, agent),
    db.prepare("SELECT status, COUNT(*) AS n FROM review_items WHERE tenant_id = ?1 AND agent = ?2 GROUP BY status").bind(tenantId, agent),
    db.prepare("SELECT code, COUNT(*) AS n FROM guard_events WHERE tenant_id = ?1 AND agent = ?2 GROUP BY code").bind(tenantId, agent),
    db.prepare(`SELECT COALESCE(SUM(cost_micro_usd), 0) AS total, COUNT(*) AS runs FROM runs WHERE ${live}`).bind(tenantId, agent),
    db
      .prepare(`SELECT date(created_at / 1000, 'unixepoch') AS day, SUM(cost_micro_usd) AS cost, COUNT(*) AS runs FROM runs WHERE ${live} GROUP BY day ORDER BY day DESC LIMIT 30`)
      .bind(tenantId, agent),
    db.prepare(`SELECT wall_ms FROM runs WHERE ${live} AND status = 'completed' ORDER BY created_at DESC LIMIT ${LATENCY_SAMPLE}`).bind(tenantId, agent),
    db
      .prepare("SELECT id, mode, trigger, exact_accuracy_bp, decision_accuracy_bp, cost_micro_usd, created_at FROM eval_runs WHERE agent = ?1 AND status = 'completed' ORDER BY created_at DESC LIMIT 30")
      .bind(agent),
  ]);
  const count = (rows: Record<string, unknown>[], key: string) => Object.fromEntries(rows.map((r) => [String(r[key]), Number(r.n)]));
  const sorted = walls!.results.map((r) => Number(r.wall_ms)).sort((a, b) => a - b);
  const totals = cost!.results[0] ?? { total: 0, runs: 0 };
  return {
    runs: { total: Number(totals.runs), byStatus: count(byStatus!.results, "status") },
    stopsByReason: count(byStop!.results, "reason"),
    escalations: count(reviews!.results, "status"),
    refusals: count(refusals!.results, "code"),
    cost: {
      totalMicroUsd: Number(totals.total),
      perDay: perDay!.results.map((r) => ({ day: String(r.day), costMicroUsd: Number(r.cost), runs: Number(r.runs) })),
    },
    latency: {
      sample: sorted.length,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      budgetMs: latencyBudgetMs,
      breaches: sorted.filter((ms) => ms > latencyBudgetMs).length,
    },
    evaluations: evals!.results.map((r) => ({
      id: String(r.id),
      mode: String(r.mode),
      trigger: String(r.trigger),
      exactAccuracy: r.exact_accuracy_bp === null ? null : Number(r.exact_accuracy_bp) / 10_000,
      decisionAccuracy: r.decision_accuracy_bp === null ? null : Number(r.decision_accuracy_bp) / 10_000,
      costMicroUsd: Number(r.cost_micro_usd),
      at: new Date(Number(r.created_at)).toISOString(),
    })),
  };
}
