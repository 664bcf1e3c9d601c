/**
 * The review clock: each agent gives a deadline per priority (`reviewSla`,
 * seconds), an item is due at `created_at + sla(priority)`, and the queue
 * sorts by that instant. Deadlines are derived, never stored, so changing an
 * agent's SLA moves the deadlines of items already waiting.
 *
 * Defaults: p1 4 hours, p2 one business day (24 hours), p3 72 hours.
 * Priorities above 3 (the runtime allows up to 5) take p3's deadline.
 */
import { and, eq, lt, sql, type SQL } from "drizzle-orm";
import { findAgent, listAgents } from "../agents/registry";
import { database } from "../db/client";
import { reviewItems } from "../db/schema";
import type { AgentReviewPolicy } from "./review-policy";

export type ReviewPriority = 1 | 2 | 3;
export type ReviewSla = Record<ReviewPriority, number>;

const HOUR = 3_600;
export const DEFAULT_REVIEW_SLA: ReviewSla = { 1: 4 * HOUR, 2: 24 * HOUR, 3: 72 * HOUR };

/** The agent's deadlines in seconds per priority, defaults filled in. Accepts an agent or its name. */
export function slaOf(agent: Pick<AgentReviewPolicy, "reviewSla"> | string | undefined): ReviewSla {
  const def = typeof agent === "string" ? findAgent(agent) : agent;
  return { ...DEFAULT_REVIEW_SLA, ...def?.reviewSla };
}

const bucket = (priority: number): ReviewPriority => (priority <= 1 ? 1 : priority === 2 ? 2 : 3);

export function slaSeconds(sla: ReviewSla, priority: number): number {
  return sla[bucket(priority)];
}

/** When the item is due (epoch ms). */
export function dueAtOf(item: { agent: string; priority: number; createdAt: number }): number {
  return item.createdAt + slaSeconds(slaOf(item.agent), item.priority) * 1000;
}

/** The same instant in SQL: one CASE over the agents with their own SLA, so the database sorts and pages by it. */
export function dueAtSql(): SQL {
  const byPriority = (sla: ReviewSla) =>
    sql`CASE WHEN ${reviewItems.priority} <= 1 THEN ${sla[1]} WHEN ${reviewItems.priority} = 2 THEN ${sla[2]} ELSE ${sla[3]} END`;
  const custom = listAgents().filter((a) => a.reviewSla && Object.keys(a.reviewSla).length > 0);
  if (custom.length === 0) return sql`(${reviewItems.createdAt} + 1000 * ${byPriority(DEFAULT_REVIEW_SLA)})`;
  const branches = sql.join(
    custom.map((a) => sql`WHEN ${reviewItems.agent} = ${a.name} THEN ${byPriority(slaOf(a))}`),
    sql` `,
  );
  return sql`(${reviewItems.createdAt} + 1000 * CASE ${branches} ELSE ${byPriority(DEFAULT_REVIEW_SLA)} END)`;
}

/** Open items past their deadline, per agent (agents with none are absent; `agent` narrows to one). For /v1/metrics and the agents page. */
export async function overdueReviewCounts(d1: D1Database, tenantId: string, now: number, agent?: string): Promise<Record<string, number>> {
  const rows = await database(d1)
    .select({ agent: reviewItems.agent, n: sql<number>`COUNT(*)` })
    .from(reviewItems)
    .where(and(eq(reviewItems.tenantId, tenantId), eq(reviewItems.status, "open"), agent ? eq(reviewItems.agent, agent) : undefined, lt(dueAtSql(), now)))
    .groupBy(reviewItems.agent)
    .all();
  return Object.fromEntries(rows.map((r) => [r.agent, Number(r.n)]));
}
