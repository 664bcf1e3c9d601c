/** What the dashboard reads from D1 history (always filtered by tenant). */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { RunListKey } from "../db/run-listing";
import { paidCentsOf } from "./paid";
import { database } from "../db/client";
import { latencyOf } from "../guardrails/metrics";
import { breakerTransitions, evalRuns, reviewItems, runs, stageChanges } from "../db/schema";

export type ReviewRow = typeof reviewItems.$inferSelect;
export type RunRow = typeof runs.$inferSelect;

export async function reviewItem(d1: D1Database, tenantId: string, id: string): Promise<ReviewRow | undefined> {
  return database(d1).select().from(reviewItems).where(and(eq(reviewItems.id, id), eq(reviewItems.tenantId, tenantId))).get();
}

export async function reviewItemOfRun(d1: D1Database, tenantId: string, runId: string): Promise<ReviewRow | undefined> {
  return database(d1).select().from(reviewItems).where(and(eq(reviewItems.runId, runId), eq(reviewItems.tenantId, tenantId))).get();
}

/** The idempotency keys of runs (the queue's "Task"), by run id; runs without one are left out. */
export async function taskKeysOf(d1: D1Database, tenantId: string, runIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(runIds)].slice(0, 250);
  if (unique.length === 0) return new Map();
  const rows = await database(d1)
    .select({ id: runs.id, key: runs.idempotencyKey })
    .from(runs)
    .where(and(eq(runs.tenantId, tenantId), inArray(runs.id, unique)))
    .all();
  return new Map(rows.flatMap((r) => (r.key ? [[r.id, r.key] as const] : [])));
}

/** What each finished run paid (src/dashboard/paid.ts), by run id; runs without an amount are absent. */
export async function paidOf(d1: D1Database, tenantId: string, runIds: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(runIds)].slice(0, 100);
  if (unique.length === 0) return new Map();
  const rows = await database(d1)
    .select({ id: runs.id, outcome: runs.outcome, status: runs.status })
    .from(runs)
    .where(and(eq(runs.tenantId, tenantId), inArray(runs.id, unique)))
    .all();
  return new Map(rows.flatMap((r) => {
    const cents = r.status === "completed" ? paidCentsOf(r.outcome) : null;
    return cents === null ? [] : [[r.id, cents] as const];
  }));
}

// ---- runs search -----------------------------------------------------------------

export const RUN_SEARCH_LIMIT = 50;
/** An input field the runs search may match: a plain identifier. */
export const SEARCH_FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Which runs a list shows: work submitted by clients (the default), the runs of
 * evaluations (online judge dry runs, evaluation passes), or both. Evaluation
 * runs re-decide the same input, so mixed in they read as duplicates.
 */
export const RUN_KINDS = ["", "evaluation", "all"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export interface RunSearch {
  agent?: string | undefined;
  status?: string | undefined;
  kind?: RunKind | undefined;
  fields?: readonly string[] | undefined;
  /** Epoch ms: created at or after (inclusive), before (exclusive). */
  since?: number | undefined;
  until?: number | undefined;
}

/**
 * Runs whose id or idempotency key is the query, or one of the input fields the
 * agents declare searchable (`fields`, plain identifiers); recent runs without
 * a query. One page, newest first by (created_at, id), starting strictly after
 * `after` (the keyset of src/db/run-listing.ts, so its cursors are the API's).
 */
export async function searchRuns(d1: D1Database, tenantId: string, q: string, filters: RunSearch, after: RunListKey | null = null): Promise<{ rows: RunRow[]; next: RunListKey | null }> {
  const where: (SQL | undefined)[] = [eq(runs.tenantId, tenantId)];
  if (filters.agent) where.push(eq(runs.agent, filters.agent));
  if (filters.status) where.push(eq(runs.status, filters.status));
  if (filters.since !== undefined) where.push(gte(runs.createdAt, filters.since));
  if (filters.until !== undefined) where.push(lt(runs.createdAt, filters.until));
  if (!filters.kind) where.push(isNull(runs.evaluation));
  else if (filters.kind === "evaluation") where.push(isNotNull(runs.evaluation));
  const term = q.trim();
  if (term) {
    // The JSON path is a bound parameter too; only plain identifiers make a valid one.
    const byField = (filters.fields ?? []).filter((f) => SEARCH_FIELD.test(f)).map((f) => sql`json_extract(${runs.input}, ${`$.${f}`}) = ${term}`);
    where.push(sql`(${sql.join([sql`${runs.id} = ${term}`, sql`${runs.idempotencyKey} = ${term}`, ...byField], sql` or `)})`);
  }
  if (after) where.push(or(lt(runs.createdAt, after.createdAt), and(eq(runs.createdAt, after.createdAt), lt(runs.id, after.id))));
  // One row more than a page tells whether there is a next one.
  const found = await database(d1)
    .select()
    .from(runs)
    .where(and(...where))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(RUN_SEARCH_LIMIT + 1)
    .all();
  const rows = found.slice(0, RUN_SEARCH_LIMIT);
  const last = rows.at(-1);
  return { rows, next: found.length > RUN_SEARCH_LIMIT && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** Which evaluation made a run (null for a client's run), from its history row. */
export async function evaluationOf(d1: D1Database, tenantId: string, runId: string): Promise<string | null> {
  const row = await database(d1).select({ evaluation: runs.evaluation }).from(runs).where(and(eq(runs.tenantId, tenantId), eq(runs.id, runId))).get();
  return row?.evaluation ?? null;
}

/** The online judge's dry runs of a run, newest first. */
export async function dryRunsOf(d1: D1Database, tenantId: string, runId: string): Promise<string[]> {
  const rows = await database(d1)
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.tenantId, tenantId), eq(runs.evaluation, `online:${runId}`)))
    .orderBy(desc(runs.createdAt))
    .limit(10)
    .all();
  return rows.map((r) => r.id);
}

// ---- agents ------------------------------------------------------------------------

export interface DayUsage {
  day: string;
  /** Client task runs (the online judge's dry runs are counted in cost only). */
  runs: number;
  /** What the agent's daily budget paid: task runs + online evaluation (the same figure as the budget's "spent"). */
  costMicroUsd: number;
  taskCostMicroUsd: number;
  onlineCostMicroUsd: number;
  /** Evaluation passes (scheduled, manual): run under their own tenants, not charged to the daily budget. */
  evaluationCostMicroUsd: number;
  completed: number;
  failed: number;
  waiting: number;
}

/** Runs and model cost per UTC day since `since`, split by who asked (see src/guardrails/metrics.ts). */
export async function usagePerDay(d1: D1Database, tenantId: string, agent: string, since: number): Promise<DayUsage[]> {
  const day = sql<string>`strftime('%Y-%m-%d', ${runs.createdAt} / 1000, 'unixepoch')`;
  const task = (expr: SQL) => sql<number>`coalesce(sum(case when ${runs.evaluation} is null then ${expr} else 0 end), 0)`;
  const db = database(d1);
  const [rows, passes] = await Promise.all([
    db
      .select({
        day,
        runs: task(sql`1`),
        taskCostMicroUsd: task(sql`${runs.costMicroUsd}`),
        // Runs under the tenant with `evaluation` set are the online judge's dry runs.
        onlineCostMicroUsd: sql<number>`coalesce(sum(case when ${runs.evaluation} is not null then ${runs.costMicroUsd} else 0 end), 0)`,
        completed: task(sql`case when ${runs.status} = 'completed' then 1 else 0 end`),
        failed: task(sql`case when ${runs.status} = 'failed' then 1 else 0 end`),
        waiting: task(sql`case when ${runs.status} = 'waiting_for_review' then 1 else 0 end`),
      })
      .from(runs)
      .where(and(eq(runs.tenantId, tenantId), eq(runs.agent, agent), gte(runs.createdAt, since)))
      .groupBy(day)
      .all(),
    db
      .select({ day: sql<string>`strftime('%Y-%m-%d', ${evalRuns.createdAt} / 1000, 'unixepoch')`, cost: sql<number>`coalesce(sum(${evalRuns.costMicroUsd}), 0)` })
      .from(evalRuns)
      .where(and(eq(evalRuns.tenantId, tenantId), eq(evalRuns.agent, agent), gte(evalRuns.createdAt, since)))
      .groupBy(sql`1`)
      .all(),
  ]);
  const passCost = new Map(passes.map((p) => [p.day, Number(p.cost)]));
  const days = [...new Set([...rows.map((r) => r.day), ...passCost.keys()])].sort();
  return days.map((d) => {
    const r = rows.find((x) => x.day === d);
    const taskCost = Number(r?.taskCostMicroUsd ?? 0);
    const online = Number(r?.onlineCostMicroUsd ?? 0);
    return {
      day: d,
      runs: Number(r?.runs ?? 0),
      costMicroUsd: taskCost + online,
      taskCostMicroUsd: taskCost,
      onlineCostMicroUsd: online,
      evaluationCostMicroUsd: passCost.get(d) ?? 0,
      completed: Number(r?.completed ?? 0),
      failed: Number(r?.failed ?? 0),
      waiting: Number(r?.waiting ?? 0),
    };
  });
}

export type AgentLatency = ReturnType<typeof latencyOf>;

/** Latency (the agent's working time) and the wait for a person, over recent completed task runs. */
export async function agentLatency(d1: D1Database, tenantId: string, agent: string, latencyBudgetMs: number): Promise<AgentLatency> {
  const rows = await database(d1)
    .select({ wallMs: runs.wallMs, reviewWaitMs: runs.reviewWaitMs })
    .from(runs)
    .where(and(eq(runs.tenantId, tenantId), eq(runs.agent, agent), isNull(runs.evaluation), eq(runs.status, "completed")))
    .orderBy(desc(runs.createdAt))
    .limit(500)
    .all();
  return latencyOf(rows, latencyBudgetMs);
}

export async function openReviewCount(d1: D1Database, tenantId: string, agent: string): Promise<number> {
  const row = await database(d1)
    .select({ n: sql<number>`count(*)` })
    .from(reviewItems)
    .where(and(eq(reviewItems.tenantId, tenantId), eq(reviewItems.agent, agent), eq(reviewItems.status, "open")))
    .get();
  return Number(row?.n ?? 0);
}

/** Finished evaluation passes, oldest first (the last `limit`). */
export async function evalHistory(d1: D1Database, tenantId: string, agent: string, limit = 30) {
  const rows = await database(d1)
    .select({
      id: evalRuns.id,
      mode: evalRuns.mode,
      agentVersion: evalRuns.agentVersion,
      cases: evalRuns.cases,
      exactAccuracyBp: evalRuns.exactAccuracy,
      decisionAccuracyBp: evalRuns.decisionAccuracy,
      costMicroUsd: evalRuns.costMicroUsd,
      createdAt: evalRuns.createdAt,
    })
    .from(evalRuns)
    .where(and(eq(evalRuns.tenantId, tenantId), eq(evalRuns.agent, agent), eq(evalRuns.status, "completed")))
    .orderBy(desc(evalRuns.createdAt))
    .limit(limit)
    .all();
  return rows.reverse();
}

/** The latest stage changes of an agent, newest first: who, when, from, to, why. */
export async function stageHistory(d1: D1Database, tenantId: string, agent: string, limit = 10) {
  return database(d1)
    .select({ id: stageChanges.id, from: stageChanges.fromStage, to: stageChanges.toStage, actor: stageChanges.actor, reason: stageChanges.reason, at: stageChanges.at })
    .from(stageChanges)
    .where(and(eq(stageChanges.tenantId, tenantId), eq(stageChanges.agent, agent)))
    .orderBy(desc(stageChanges.at))
    .limit(limit)
    .all();
}

/** The latest circuit-breaker transitions of an agent, newest first (delivered to D1 by the guard's outbox). */
export async function breakerHistory(d1: D1Database, tenantId: string, agent: string, limit = 10) {
  return database(d1)
    .select({ id: breakerTransitions.id, from: breakerTransitions.fromState, to: breakerTransitions.toState, actor: breakerTransitions.actor, reason: breakerTransitions.reason, at: breakerTransitions.at })
    .from(breakerTransitions)
    .where(and(eq(breakerTransitions.tenantId, tenantId), eq(breakerTransitions.agent, agent)))
    .orderBy(desc(breakerTransitions.at))
    .limit(limit)
    .all();
}
