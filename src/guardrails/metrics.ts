/**
 * Per-agent metrics from D1 history: what /v1/metrics exports and the agent page shows.
 *
 * Latency is the agent's working time (wall time minus the time a person took,
 * `runs.review_wait_ms`); the wait for a person is its own figure. Latency over
 * the agent's budget is an alert here, never a breaker input.
 *
 * Cost shows every model call the agent's daily budget pays for, split by who
 * asked: client task runs and the online evaluation's dry runs (both under the
 * tenant, both charged to the guard's daily budget, so `budgetedMicroUsd` of a
 * day is what `budgetToday` counts), and evaluation passes (scheduled, manual,
 * CLI), which run under isolated tenants and are not charged to it.
 *
 * `overdueReviews`: open review items past their deadline (src/escalation/sla.ts).
 */
import { overdueReviewCounts } from "../escalation/sla";

const LATENCY_SAMPLE = 500;

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface CostSplit {
  /** Client task runs. */
  taskRunsMicroUsd: number;
  /** The online evaluation's dry runs (runs with `evaluation = online:<runId>`). */
  onlineEvaluationMicroUsd: number;
  /** Evaluation passes by trigger. */
  scheduledEvaluationMicroUsd: number;
  manualEvaluationMicroUsd: number;
  /** What the agent's daily budget is charged for: task runs + online evaluation. */
  budgetedMicroUsd: number;
  /** Everything above. */
  totalMicroUsd: number;
}

type Row = Record<string, unknown>;

function split(task: number, online: number, scheduled: number, manual: number): CostSplit {
  return {
    taskRunsMicroUsd: task,
    onlineEvaluationMicroUsd: online,
    scheduledEvaluationMicroUsd: scheduled,
    manualEvaluationMicroUsd: manual,
    budgetedMicroUsd: task + online,
    totalMicroUsd: task + online + scheduled + manual,
  };
}

// Runs under the tenant with `evaluation` set are the online judge's dry runs (evaluation passes use their own tenants).
const COST_COLUMNS = `COALESCE(SUM(CASE WHEN evaluation IS NULL THEN cost_micro_usd ELSE 0 END), 0) AS task,
  COALESCE(SUM(CASE WHEN evaluation IS NOT NULL THEN cost_micro_usd ELSE 0 END), 0) AS online,
  SUM(CASE WHEN evaluation IS NULL THEN 1 ELSE 0 END) AS runs`;
const PASS_COLUMNS = `COALESCE(SUM(CASE WHEN trigger = 'scheduled' THEN cost_micro_usd ELSE 0 END), 0) AS scheduled,
  COALESCE(SUM(CASE WHEN trigger <> 'scheduled' THEN cost_micro_usd ELSE 0 END), 0) AS manual`;
const DAY = "date(created_at / 1000, 'unixepoch')";

/** Latency (agent working time) and review wait of completed task runs, newest first. */
export function latencyOf(rows: { wallMs: number; reviewWaitMs: number }[], latencyBudgetMs: number) {
  const working = rows.map((r) => Math.max(0, r.wallMs - r.reviewWaitMs)).sort((a, b) => a - b);
  const waits = rows.filter((r) => r.reviewWaitMs > 0).map((r) => r.reviewWaitMs).sort((a, b) => a - b);
  const p95 = percentile(working, 95);
  return {
    latency: {
      sample: working.length,
      p50Ms: percentile(working, 50),
      p95Ms: p95,
      budgetMs: latencyBudgetMs,
      breaches: working.filter((ms) => ms > latencyBudgetMs).length,
      /** p95 over the budget: an alert for operators; it never opens the breaker or demotes. */
      alert: p95 !== null && p95 > latencyBudgetMs,
    },
    reviewWait: { sample: waits.length, p50Ms: percentile(waits, 50), p95Ms: percentile(waits, 95) },
  };
}

export async function agentMetrics(db: D1Database, tenantId: string, agent: string, latencyBudgetMs: number) {
  const live = "tenant_id = ?1 AND agent = ?2 AND evaluation IS NULL";
  const mine = "tenant_id = ?1 AND agent = ?2";
  const overdue = overdueReviewCounts(db, tenantId, Date.now(), agent);
  const [byStatus, byStop, reviews, refusals, cost, perDay, passes, passesPerDay, walls, evals] = await db.batch<Row>([
    db.prepare(`SELECT status, COUNT(*) AS n FROM runs WHERE ${live} GROUP BY status`).bind(tenantId, agent),
    db.prepare(`SELECT stop_reason AS reason, COUNT(*) AS n FROM runs WHERE ${live} AND stop_reason IS NOT NULL GROUP BY stop_reason`).bind(tenantId, agent),
    db.prepare("SELECT status, COUNT(*) AS n FROM review_items WHERE tenant_id = ?1 AND agent = ?2 GROUP BY status").bind(tenantId, agent),
    db.prepare("SELECT code, COUNT(*) AS n FROM guard_events WHERE tenant_id = ?1 AND agent = ?2 GROUP BY code").bind(tenantId, agent),
    db.prepare(`SELECT ${COST_COLUMNS} FROM runs WHERE ${mine}`).bind(tenantId, agent),
    db.prepare(`SELECT ${DAY} AS day, ${COST_COLUMNS} FROM runs WHERE ${mine} GROUP BY day ORDER BY day DESC LIMIT 30`).bind(tenantId, agent),
    db.prepare(`SELECT ${PASS_COLUMNS} FROM eval_runs WHERE ${mine}`).bind(tenantId, agent),
    db.prepare(`SELECT ${DAY} AS day, ${PASS_COLUMNS} FROM eval_runs WHERE ${mine} GROUP BY day ORDER BY day DESC LIMIT 30`).bind(tenantId, agent),
    db
      .prepare(`SELECT wall_ms, review_wait_ms FROM runs WHERE ${live} AND status = 'completed' ORDER BY created_at DESC LIMIT ${LATENCY_SAMPLE}`)
      .bind(tenantId, agent),
    db
      .prepare(
        "SELECT id, mode, trigger, exact_accuracy_bp, decision_accuracy_bp, cost_micro_usd, created_at FROM eval_runs WHERE tenant_id = ?1 AND agent = ?2 AND status = 'completed' ORDER BY created_at DESC LIMIT 30",
      )
      .bind(tenantId, agent),
  ]);
  const count = (rows: Row[], key: string) => Object.fromEntries(rows.map((r) => [String(r[key]), Number(r.n)]));
  const n = (v: unknown) => Number(v ?? 0);
  const totals = cost!.results[0] ?? {};
  const passTotals = passes!.results[0] ?? {};
  const passByDay = new Map(passesPerDay!.results.map((r) => [String(r.day), r]));
  const runByDay = new Map(perDay!.results.map((r) => [String(r.day), r]));
  const days = [...new Set([...runByDay.keys(), ...passByDay.keys()])].sort().reverse().slice(0, 30);
  return {
    runs: { total: n(totals.runs), byStatus: count(byStatus!.results, "status") },
    stopsByReason: count(byStop!.results, "reason"),
    escalations: count(reviews!.results, "status"),
    overdueReviews: (await overdue)[agent] ?? 0,
    refusals: count(refusals!.results, "code"),
    cost: {
      ...split(n(totals.task), n(totals.online), n(passTotals.scheduled), n(passTotals.manual)),
      perDay: days.map((day) => {
        const r = runByDay.get(day) ?? {};
        const p = passByDay.get(day) ?? {};
        const s = split(n(r.task), n(r.online), n(p.scheduled), n(p.manual));
        return { day, ...s, runs: n(r.runs) };
      }),
    },
    ...latencyOf(walls!.results.map((r) => ({ wallMs: n(r.wall_ms), reviewWaitMs: n(r.review_wait_ms) })), latencyBudgetMs),
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

/** Upper bounds (ms) of the working-time histogram buckets; `+Inf` is implied. */
export const LATENCY_BUCKETS_MS = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000] as const;

export interface LatencyHistogram {
  /** Cumulative counts, one per bound of LATENCY_BUCKETS_MS (the `+Inf` bucket is `count`). */
  buckets: { le: number; count: number }[];
  count: number;
  sumMs: number;
}

/**
 * Working time (wall time minus the wait for a person) of every completed task
 * run of the agent, as cumulative buckets counted in D1 (no sample: a
 * histogram's counts only grow).
 */
export async function latencyHistogram(db: D1Database, tenantId: string, agent: string): Promise<LatencyHistogram> {
  const working = "MAX(0, wall_ms - review_wait_ms)";
  const columns = LATENCY_BUCKETS_MS.map((le, i) => `COALESCE(SUM(CASE WHEN ${working} <= ${le} THEN 1 ELSE 0 END), 0) AS b${i}`).join(", ");
  const row =
    (await db
      .prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(${working}), 0) AS total, ${columns} FROM runs WHERE tenant_id = ?1 AND agent = ?2 AND evaluation IS NULL AND status = 'completed'`)
      .bind(tenantId, agent)
      .first<Row>()) ?? {};
  return {
    buckets: LATENCY_BUCKETS_MS.map((le, i) => ({ le, count: Number(row[`b${i}`] ?? 0) })),
    count: Number(row.n ?? 0),
    sumMs: Number(row.total ?? 0),
  };
}

/**
 * Pauses for a person by the code that caused them, one count per code of each
 * review item: a guard's block (stage gates, the breaker, review flags, the
 * agent's action policy) and the agent's own review codes alike, since D1
 * keeps the codes a run paused with, not which check raised them.
 */
export async function reviewCodes(db: D1Database, tenantId: string, agent: string): Promise<Record<string, number>> {
  const rows = await db
    .prepare("SELECT j.value AS code, COUNT(*) AS n FROM review_items, json_each(review_items.reasons) AS j WHERE tenant_id = ?1 AND agent = ?2 GROUP BY j.value")
    .bind(tenantId, agent)
    .all<Row>();
  return Object.fromEntries(rows.results.map((r) => [String(r.code), Number(r.n)]));
}

/** Model calls made by the agent's task runs (the runs row counts them; which model served each lives in the run's own journal). */
export async function taskModelCalls(db: D1Database, tenantId: string, agent: string): Promise<number> {
  const row = await db
    .prepare("SELECT COALESCE(SUM(model_calls), 0) AS n FROM runs WHERE tenant_id = ?1 AND agent = ?2 AND evaluation IS NULL")
    .bind(tenantId, agent)
    .first<Row>();
  return Number(row?.n ?? 0);
}

/**
 * Model calls of task runs by model id, from each rested run's `model_usage`;
 * calls of runs still working (or recorded before per-model counts) are `unknown`.
 */
export async function taskModelCallsByModel(db: D1Database, tenantId: string, agent: string): Promise<Record<string, number>> {
  const [byModel, total] = await Promise.all([
    db
      .prepare(
        `SELECT j.key AS model, SUM(j.value) AS n FROM runs, json_each(runs.model_usage) AS j
         WHERE runs.tenant_id = ?1 AND runs.agent = ?2 AND runs.evaluation IS NULL AND runs.model_usage IS NOT NULL GROUP BY j.key`,
      )
      .bind(tenantId, agent)
      .all<{ model: string; n: number }>(),
    taskModelCalls(db, tenantId, agent),
  ]);
  const out: Record<string, number> = {};
  for (const r of byModel.results) out[r.model] = Number(r.n);
  const unknown = total - Object.values(out).reduce((a, b) => a + b, 0);
  if (unknown > 0) out.unknown = unknown;
  return out;
}
