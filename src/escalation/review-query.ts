/**
 * The review queue and the decided list, one page at a time, filtered in SQL.
 *
 * Order: open items by deadline (`dueAt`, soonest first, so overdue ones lead),
 * closed ones by when they closed, newest first; the item id breaks ties.
 * Keyset paging: a page starts strictly after the last (sort key, id) shown,
 * so items inserted while someone pages never shift or repeat later pages.
 * The cursor is that key, opaque to clients.
 *
 * `since`/`until` (inclusive, exclusive) bound creation for open items and
 * decided_at for decided and cancelled ones. `reviewer` matches who
 * decided (or, for open items, who holds the live lease), as a case-insensitive
 * part of the principal. `q` searches review id, run id and the item's
 * subject values (ids, names), case-insensitively.
 */
import { and, asc, desc, eq, gt, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { database } from "../db/client";
import { decodeCursor, encodeCursor } from "../db/run-listing";
import { reviewItems } from "../db/schema";
import { ApiError } from "../runtime/errors";
import { reviewerMatches } from "./audit";
import { toReviewView, type ReviewView } from "./review-items";
import { dueAtSql } from "./sla";

export const REVIEW_LIST_MAX = 200;
const REVIEW_LIST_DEFAULT = 50;

const timestamp = z.iso.datetime({ offset: true });

/** The refinement every date range here shares: since before until (both ISO). */
export const sinceBeforeUntil: [(q: { since?: string | undefined; until?: string | undefined }) => boolean, { message: string; path: string[] }] = [
  (q) => !q.since || !q.until || Date.parse(q.since) < Date.parse(q.until),
  { message: "since must be before until.", path: ["since"] },
];

export const ReviewQuerySchema = z
  .object({
    status: z.enum(reviewItems.status.enumValues).default("open"),
    agent: z.string().min(1).max(100).optional(),
    reason: z.string().min(1).max(100).optional(),
    priority: z.coerce.number().int().min(1).max(5).optional(),
    since: timestamp.optional(),
    until: timestamp.optional(),
    minAmountCents: z.coerce.number().int().optional(),
    maxAmountCents: z.coerce.number().int().optional(),
    reviewer: z.string().min(1).max(200).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(REVIEW_LIST_MAX).default(REVIEW_LIST_DEFAULT),
    cursor: z.string().max(400).optional(),
  })
  .refine(...sinceBeforeUntil)
  .refine((q) => q.minAmountCents === undefined || q.maxAmountCents === undefined || q.minAmountCents <= q.maxAmountCents, {
    message: "minAmountCents must not exceed maxAmountCents.",
    path: ["minAmountCents"],
  });
export type ReviewQuery = z.output<typeof ReviewQuerySchema>;

export interface ReviewPage {
  items: ReviewView[];
  nextCursor: string | null;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function filtersOf(tenantId: string, q: ReviewQuery, now: number): SQL[] {
  const where: SQL[] = [eq(reviewItems.tenantId, tenantId), eq(reviewItems.status, q.status)];
  if (q.agent) where.push(eq(reviewItems.agent, q.agent));
  // In the query, not after it: filtering a page would drop matches beyond the limit.
  if (q.reason) where.push(sql`exists (select 1 from json_each(${reviewItems.reasons}) where json_each.value = ${q.reason})`);
  if (q.priority !== undefined) where.push(eq(reviewItems.priority, q.priority));
  const dated = q.status === "open" ? sql`${reviewItems.createdAt}` : sql`${reviewItems.decidedAt}`;
  if (q.since) where.push(gte(dated, Date.parse(q.since)));
  if (q.until) where.push(lt(dated, Date.parse(q.until)));
  if (q.minAmountCents !== undefined) where.push(gte(reviewItems.amountCents, q.minAmountCents));
  if (q.maxAmountCents !== undefined) where.push(lte(reviewItems.amountCents, q.maxAmountCents));
  if (q.reviewer) {
    const holder = and(gt(reviewItems.claimExpiresAt, now), reviewerMatches(sql`${reviewItems.claimedBy}`, q.reviewer));
    where.push(q.status === "open" ? holder! : reviewerMatches(reviewItems.decidedBy, q.reviewer));
  }
  if (q.q) {
    const p = likePattern(q.q);
    where.push(
      or(
        sql`${reviewItems.id} LIKE ${p} ESCAPE '\\'`,
        sql`${reviewItems.runId} LIKE ${p} ESCAPE '\\'`,
        sql`exists (select 1 from json_each(${reviewItems.subject}) where CAST(json_each.value AS TEXT) LIKE ${p} ESCAPE '\\')`,
      )!,
    );
  }
  return where;
}

/** One page of review items. Throws ApiError 400 INVALID_CURSOR for a cursor this API did not give out. */
export async function listReviews(d1: D1Database, tenantId: string, q: ReviewQuery, now: number = Date.now()): Promise<ReviewPage> {
  const after = q.cursor === undefined ? null : decodeCursor(q.cursor);
  if (q.cursor !== undefined && !after) {
    throw new ApiError(400, "INVALID_CURSOR", "The cursor is not one this API issued; pass nextCursor from a previous page unchanged, or omit it for the first page.");
  }
  const open = q.status === "open";
  // Closed items always have decided_at (decided or cancelled); COALESCE keeps the key an integer for rows written before that held.
  const sortKey = open ? dueAtSql() : sql`COALESCE(${reviewItems.decidedAt}, ${reviewItems.createdAt})`;
  const where = filtersOf(tenantId, q, now);
  if (after) {
    const k = after.createdAt;
    where.push(open ? or(gt(sortKey, k), and(eq(sortKey, k), gt(reviewItems.id, after.id)))! : or(lt(sortKey, k), and(eq(sortKey, k), lt(reviewItems.id, after.id)))!);
  }
  // One row more than asked tells whether another page exists.
  const found = await database(d1)
    .select({ row: reviewItems, key: sql<number>`${sortKey}`.as("sort_key") })
    .from(reviewItems)
    .where(and(...where))
    .orderBy(open ? asc(sortKey) : desc(sortKey), open ? asc(reviewItems.id) : desc(reviewItems.id))
    .limit(q.limit + 1)
    .all();
  const page = found.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((f) => toReviewView(f.row, now)),
    nextCursor: found.length > q.limit && last ? encodeCursor({ createdAt: Number(last.key), id: last.row.id }) : null,
  };
}
