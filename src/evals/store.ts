/** Evaluation passes and their per-case results in D1 (tables eval_runs, eval_results). */
import { and, desc, eq, sql } from "drizzle-orm";
import { database } from "../db/client";
import { evalResults, evalRuns } from "../db/schema";
import type { Expected } from "./dataset";
import { basisPoints, type EvalSummary, type ScoredCase } from "./metrics";

export const EVAL_MODES = ["cascade", "cheap", "strong"] as const;
export type EvalMode = (typeof EVAL_MODES)[number];
export const EVAL_TRIGGERS = ["manual", "scheduled", "cli"] as const;
export type EvalTrigger = (typeof EVAL_TRIGGERS)[number];

export type EvalRunRow = typeof evalRuns.$inferSelect;

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
export const EVAL_RUN_ID_PATTERN = /^ev_[0-9a-z]{24}$/;

/** `ev_` + 24 Crockford base32 characters: the first 9 encode the time, so ids sort by creation. */
export function newEvalRunId(now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 9; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = [...crypto.getRandomValues(new Uint8Array(15))].map((b) => ALPHABET[b % 32]).join("");
  return `ev_${time}${random}`;
}

/** The tenant a pass runs under; each case gets its own sub-tenant so cases cannot see each other's history. */
export const evalTenantOf = (evalRunId: string) => `eval-${evalRunId}`;
export const caseTenantOf = (evalRunId: string, caseId: string) => `${evalTenantOf(evalRunId)}/${caseId}`;

export async function createEvalRun(
  d1: D1Database,
  run: { id: string; tenantId: string; agent: string; agentVersion: string; mode: EvalMode; trigger: EvalTrigger; createdAt: number },
): Promise<EvalRunRow> {
  const row = { ...run, status: "running" as const, cases: 0, costMicroUsd: 0, summary: null, exactAccuracy: null, decisionAccuracy: null, finishedAt: null };
  await database(d1).insert(evalRuns).values(row).run();
  return row;
}

export async function getEvalRun(d1: D1Database, id: string): Promise<EvalRunRow | undefined> {
  return database(d1).select().from(evalRuns).where(eq(evalRuns.id, id)).get();
}

export async function listEvalRuns(d1: D1Database, tenantId: string, agent: string, limit: number): Promise<EvalRunRow[]> {
  return database(d1)
    .select()
    .from(evalRuns)
    .where(and(eq(evalRuns.tenantId, tenantId), eq(evalRuns.agent, agent)))
    .orderBy(desc(evalRuns.createdAt), desc(evalRuns.id))
    .limit(limit)
    .all();
}

export interface StoredResult extends ScoredCase {
  decisionCorrect: boolean;
  exactCorrect: boolean;
}

/** Writes (or rewrites, when a chunk is sent again) the results of some cases. */
export async function saveResults(d1: D1Database, evalRunId: string, results: readonly StoredResult[]): Promise<void> {
  if (results.length === 0) return;
  const db = database(d1);
  const statements = results.map((r) => {
    const values = {
      evalRunId,
      caseId: r.caseId,
      runId: r.runId,
      tags: r.tags,
      expected: r.expected,
      actual: r.actual ?? null,
      decisionCorrect: r.decisionCorrect,
      exactCorrect: r.exactCorrect,
      costMicroUsd: r.costMicroUsd,
      latencyMs: r.latencyMs,
      modelCalls: r.modelCalls,
      escalatedCalls: r.escalatedCalls,
      error: r.error,
    };
    const { evalRunId: _e, caseId: _c, ...update } = values;
    return db.insert(evalResults).values(values).onConflictDoUpdate({ target: [evalResults.evalRunId, evalResults.caseId], set: update });
  });
  // Keep the pass's case count current, so a running pass shows its progress.
  const count = db
    .update(evalRuns)
    .set({ cases: sql`(SELECT COUNT(*) FROM ${evalResults} WHERE ${evalResults.evalRunId} = ${evalRunId})` })
    .where(eq(evalRuns.id, evalRunId));
  await db.batch([...statements, count] as unknown as [typeof count]);
}

export async function listResults(d1: D1Database, evalRunId: string): Promise<ScoredCase[]> {
  const rows = await database(d1).select().from(evalResults).where(eq(evalResults.evalRunId, evalRunId)).all();
  return rows.map((r) => ({
    caseId: r.caseId,
    tags: (r.tags as string[] | null) ?? [],
    runId: r.runId,
    expected: r.expected as Expected,
    actual: r.actual,
    costMicroUsd: r.costMicroUsd,
    latencyMs: r.latencyMs,
    modelCalls: r.modelCalls,
    escalatedCalls: r.escalatedCalls,
    error: r.error,
  }));
}

export async function completeEvalRun(d1: D1Database, id: string, summary: EvalSummary, finishedAt: number): Promise<void> {
  await database(d1)
    .update(evalRuns)
    .set({
      status: "completed",
      cases: summary.cases,
      exactAccuracy: basisPoints(summary.exactAccuracy),
      decisionAccuracy: basisPoints(summary.decisionAccuracy),
      costMicroUsd: summary.costMicroUsd,
      summary,
      finishedAt,
    })
    .where(eq(evalRuns.id, id))
    .run();
}

export async function failEvalRun(d1: D1Database, id: string, message: string, finishedAt: number): Promise<void> {
  await database(d1).update(evalRuns).set({ status: "failed", summary: { error: message }, finishedAt }).where(eq(evalRuns.id, id)).run();
}
