/**
 * The side-effect ledger in D1. Every side-effecting tool records its effect
 * here under the idempotency key the run engine gave it, in the same D1 batch
 * as the effect itself, so a replayed call finds the row and returns the
 * first result instead of acting twice.
 */
import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { effects } from "../db/schema";
import type { ToolContext } from "./define-tool";

export interface LedgerResult<T> {
  result: T;
  /** False when the effect had already happened (a replay). */
  created: boolean;
}

/** Looks up an effect already recorded under this call's key. */
export async function findEffect<T>(ctx: ToolContext): Promise<T | undefined> {
  const db = database(ctx.env.DB);
  const row = await db
    .select({ result: effects.result })
    .from(effects)
    .where(and(eq(effects.idempotencyKey, ctx.idempotencyKey), eq(effects.tenantId, ctx.tenantId)))
    .get();
  return row ? (row.result as T) : undefined;
}

/**
 * Performs `statements` (the effect itself) and records the ledger row in one
 * D1 batch (a transaction), unless the key is already in the ledger.
 */
export async function recordEffect<T>(
  ctx: ToolContext,
  tool: string,
  args: unknown,
  result: T,
  statements: D1PreparedStatement[] = [],
): Promise<LedgerResult<T>> {
  const previous = await findEffect<T>(ctx);
  if (previous !== undefined) return { result: previous, created: false };
  const ledger = ctx.env.DB.prepare(
    "INSERT INTO effects (idempotency_key, tenant_id, run_id, tool, args, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ).bind(ctx.idempotencyKey, ctx.tenantId, ctx.runId, tool, JSON.stringify(args), JSON.stringify(result), ctx.clock.now());
  try {
    // Ledger row first: if the key already exists (a concurrent replay), the whole batch rolls back.
    await ctx.env.DB.batch([ledger, ...statements]);
    return { result, created: true };
  } catch (error) {
    const existing = await findEffect<T>(ctx);
    if (existing !== undefined) return { result: existing, created: false };
    throw error;
  }
}
