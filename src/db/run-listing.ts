/**
 * A tenant's runs from D1 history, newest first by (created_at, id), one page
 * at a time. Keyset paging: a page starts strictly after the last key shown,
 * so a run inserted while a client pages (newer than every key handed out)
 * lands before page one and never shifts later pages: no duplicate, no skip.
 * The cursor is that key, opaque to clients (base64url JSON).
 */
import { and, desc, eq, gte, isNotNull, isNull, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { database } from "./client";
import { runs } from "./schema";

/** `task`: runs clients submitted (the default, as on the dashboard); `evaluation`: evaluation passes and online dry runs; `all`: both. */
export const RUN_LIST_KINDS = ["task", "evaluation", "all"] as const;
export type RunListKind = (typeof RUN_LIST_KINDS)[number];

export type RunRow = typeof runs.$inferSelect;

export interface RunListFilters {
  agent?: string | undefined;
  status?: string | undefined;
  /** Epoch ms, inclusive. */
  since?: number | undefined;
  /** Epoch ms, exclusive. */
  until?: number | undefined;
  kind: RunListKind;
}

const KeySchema = z.object({ c: z.number().int().nonnegative(), i: z.string().min(1).max(200) }).strict();
export type RunListKey = { createdAt: number; id: string };

export function encodeCursor(key: RunListKey): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ c: key.createdAt, i: key.id }));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The key a cursor names, or null when it is not one of ours. */
export function decodeCursor(cursor: string): RunListKey | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const parsed = KeySchema.safeParse(JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)))));
    return parsed.success ? { createdAt: parsed.data.c, id: parsed.data.i } : null;
  } catch {
    return null;
  }
}

export async function listRuns(d1: D1Database, tenantId: string, filters: RunListFilters, limit: number, after: RunListKey | null): Promise<{ rows: RunRow[]; next: RunListKey | null }> {
  const where: (SQL | undefined)[] = [eq(runs.tenantId, tenantId)];
  if (filters.agent) where.push(eq(runs.agent, filters.agent));
  if (filters.status) where.push(eq(runs.status, filters.status));
  if (filters.since !== undefined) where.push(gte(runs.createdAt, filters.since));
  if (filters.until !== undefined) where.push(lt(runs.createdAt, filters.until));
  if (filters.kind === "task") where.push(isNull(runs.evaluation));
  else if (filters.kind === "evaluation") where.push(isNotNull(runs.evaluation));
  if (after) where.push(or(lt(runs.createdAt, after.createdAt), and(eq(runs.createdAt, after.createdAt), lt(runs.id, after.id))));
  // One row more than asked tells whether another page exists.
  const found = await database(d1).select().from(runs).where(and(...where)).orderBy(desc(runs.createdAt), desc(runs.id)).limit(limit + 1).all();
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  return { rows, next: found.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}
