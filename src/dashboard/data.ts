/** What the dashboard reads from D1 history (always filtered by tenant). */
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { database } from "../db/client";
import { breakerTransitions, employees, evalRuns, payments, reviewItems, runs, stageChanges } from "../db/schema";

export type ReviewRow = typeof reviewItems.$inferSelect;
export type RunRow = typeof runs.$inferSelect;

export interface QueueFilters {
  agent?: string | undefined;
  reason?: string | undefined;
  /** Only items older than this many ms. */
  minAgeMs?: number | undefined;
}

export const QUEUE_LIMIT = 200;

/** Open items, most urgent first, then oldest first. */
export async function openItems(d1: D1Database, tenantId: string, filters: QueueFilters, now: number): Promise<ReviewRow[]> {
  const where: SQL[] = [eq(reviewItems.tenantId, tenantId), eq(reviewItems.status, "open")];
  if (filters.agent) where.push(eq(reviewItems.agent, filters.agent));
  if (filters.minAgeMs) where.push(lte(reviewItems.createdAt, now - filters.minAgeMs));
  if (filters.reason) where.push(sql`exists (select 1 from json_each(${reviewItems.reasons}) where json_each.value = ${filters.reason})`);
  return database(d1)
    .select()
    .from(reviewItems)
    .where(and(...where))
    .orderBy(asc(reviewItems.priority), asc(reviewItems.createdAt))
    .limit(QUEUE_LIMIT)
    .all();
}

export async function recentlyDecided(d1: D1Database, tenantId: string, limit = 10): Promise<ReviewRow[]> {
  return database(d1)
    .select()
    .from(reviewItems)
    .where(and(eq(reviewItems.tenantId, tenantId), eq(reviewItems.status, "decided")))
    .orderBy(desc(reviewItems.decidedAt))
    .limit(limit)
    .all();
}

export async function reviewItem(d1: D1Database, tenantId: string, id: string): Promise<ReviewRow | undefined> {
  return database(d1).select().from(reviewItems).where(and(eq(reviewItems.id, id), eq(reviewItems.tenantId, tenantId))).get();
}

export async function reviewItemOfRun(d1: D1Database, tenantId: string, runId: string): Promise<ReviewRow | undefined> {
  return database(d1).select().from(reviewItems).where(and(eq(reviewItems.runId, runId), eq(reviewItems.tenantId, tenantId))).get();
}

/** Employees by id (for names in the queue). */
export async function employeesById(d1: D1Database, tenantId: string, ids: string[]) {
  const unique = [...new Set(ids)].filter(Boolean).slice(0, 100);
  if (unique.length === 0) return new Map<string, typeof employees.$inferSelect>();
  const rows = await database(d1).select().from(employees).where(and(eq(employees.tenantId, tenantId), inArray(employees.id, unique))).all();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function paymentsOf(d1: D1Database, tenantId: string, reportId: string) {
  return database(d1).select().from(payments).where(and(eq(payments.tenantId, tenantId), eq(payments.reportId, reportId))).all();
}

// ---- runs search -----------------------------------------------------------------

export const RUN_SEARCH_LIMIT = 50;

/** Runs by id, report id (input.reportId) or employee (input.employeeId); recent runs without a query. */
export async function searchRuns(d1: D1Database, tenantId: string, q: string, filters: { agent?: string | undefined; status?: string | undefined }): Promise<RunRow[]> {
  const where: SQL[] = [eq(runs.tenantId, tenantId)];
  if (filters.agent) where.push(eq(runs.agent, filters.agent));
  if (filters.status) where.push(eq(runs.status, filters.status));
  const term = q.trim();
  if (term) {
    where.push(
      sql`(${runs.id} = ${term} or json_extract(${runs.input}, '$.reportId') = ${term} or json_extract(${runs.input}, '$.employeeId') = ${term})`,
    );
  }
  return database(d1)
    .select()
    .from(runs)
    .where(and(...where))
    .orderBy(desc(runs.createdAt))
    .limit(RUN_SEARCH_LIMIT)
    .all();
}

// ---- agents ------------------------------------------------------------------------

export interface DayUsage {
  day: string;
  runs: number;
  costMicroUsd: number;
  completed: number;
  failed: number;
  waiting: number;
}

/** Runs and model cost per UTC day since `since`. */
export async function usagePerDay(d1: D1Database, tenantId: string, agent: string, since: number): Promise<DayUsage[]> {
  const day = sql<string>`strftime('%Y-%m-%d', ${runs.createdAt} / 1000, 'unixepoch')`;
  const rows = await database(d1)
    .select({
      day,
      runs: sql<number>`count(*)`,
      costMicroUsd: sql<number>`coalesce(sum(${runs.costMicroUsd}), 0)`,
      completed: sql<number>`sum(case when ${runs.status} = 'completed' then 1 else 0 end)`,
      failed: sql<number>`sum(case when ${runs.status} = 'failed' then 1 else 0 end)`,
      waiting: sql<number>`sum(case when ${runs.status} = 'waiting_for_review' then 1 else 0 end)`,
    })
    .from(runs)
    .where(and(eq(runs.tenantId, tenantId), eq(runs.agent, agent), gte(runs.createdAt, since)))
    .groupBy(day)
    .orderBy(day)
    .all();
  return rows.map((r) => ({ ...r, runs: Number(r.runs), costMicroUsd: Number(r.costMicroUsd), completed: Number(r.completed), failed: Number(r.failed), waiting: Number(r.waiting) }));
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
