/**
 * The review audit: every claim, release, takeover and decision with who and
 * when (`review_audit`), and the reads built on it and on decided items: a
 * reviewer's history (what they decided, when, how long it took, whether they
 * agreed with the agent) and the CSV export of decisions for a date range.
 *
 * "How long it took" is decided_at minus the start of the decider's own lease
 * (`claimed_at`), or minus the item's creation when they decided without one.
 */
import { and, asc, desc, eq, gt, gte, lt, or, sql, type SQL } from "drizzle-orm";
import { database } from "../db/client";
import { reviewAudit, reviewItems } from "../db/schema";
import { csvRow } from "./csv";

type AuditInsert = typeof reviewAudit.$inferInsert;
type ReviewRow = typeof reviewItems.$inferSelect;

export async function recordAudit(d1: D1Database, entry: Omit<AuditInsert, "id">): Promise<void> {
  await database(d1).insert(reviewAudit).values({ id: `aud_${crypto.randomUUID().replace(/-/g, "")}`, ...entry });
}

export interface DecisionRange {
  /** Matches decided_by exactly or as a part (case-insensitive), e.g. a key id. */
  reviewer?: string | undefined;
  /** Epoch ms, inclusive, on decided_at. */
  since?: number | undefined;
  /** Epoch ms, exclusive, on decided_at. */
  until?: number | undefined;
}

/** SQL for "principal column matches the reviewer asked for". */
export const reviewerMatches = (column: SQL | typeof reviewItems.decidedBy, reviewer: string): SQL =>
  sql`instr(lower(${column}), lower(${reviewer})) > 0`;

function decidedWhere(tenantId: string, range: DecisionRange, status: ReviewRow["status"] = "decided"): SQL {
  const where: (SQL | undefined)[] = [eq(reviewItems.tenantId, tenantId), eq(reviewItems.status, status)];
  if (range.reviewer) where.push(reviewerMatches(reviewItems.decidedBy, range.reviewer));
  if (range.since !== undefined) where.push(gte(reviewItems.decidedAt, range.since));
  if (range.until !== undefined) where.push(lt(reviewItems.decidedAt, range.until));
  return and(...where)!;
}

type Agreement = { decisionAgrees?: boolean; comparable?: boolean; amended?: boolean } | null;

/** "agree" / "disagree" with the agent's proposal, or null when they cannot be compared (e.g. a hand-over). */
export function agreementLabel(agreement: unknown): "agree" | "disagree" | null {
  const a = agreement as Agreement;
  if (!a || a.comparable === false || typeof a.decisionAgrees !== "boolean") return null;
  return a.decisionAgrees ? "agree" : "disagree";
}

const secondsToDecide = (r: Pick<ReviewRow, "decidedAt" | "claimedAt" | "createdAt">) =>
  r.decidedAt === null ? null : Math.max(0, Math.round((r.decidedAt - (r.claimedAt ?? r.createdAt)) / 1000));

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const AUDIT_MAX = 1_000;

/**
 * Decisions by reviewer, newest first (at most `limit`), with a summary per
 * reviewer over the whole range, and the reviewer's claim/takeover events.
 */
export async function reviewerAudit(d1: D1Database, tenantId: string, range: DecisionRange, limit = 200) {
  const db = database(d1);
  const where = decidedWhere(tenantId, range);
  const started = sql`COALESCE(${reviewItems.claimedAt}, ${reviewItems.createdAt})`;
  const eventWhere: (SQL | undefined)[] = [eq(reviewAudit.tenantId, tenantId)];
  if (range.reviewer) eventWhere.push(reviewerMatches(sql`${reviewAudit.principal}`, range.reviewer));
  if (range.since !== undefined) eventWhere.push(gte(reviewAudit.at, range.since));
  if (range.until !== undefined) eventWhere.push(lt(reviewAudit.at, range.until));
  const [rows, summary, events] = await Promise.all([
    db.select().from(reviewItems).where(where).orderBy(desc(reviewItems.decidedAt), desc(reviewItems.id)).limit(Math.min(limit, AUDIT_MAX)).all(),
    db
      .select({
        reviewer: reviewItems.decidedBy,
        decided: sql<number>`COUNT(*)`,
        avgSeconds: sql<number | null>`AVG((${reviewItems.decidedAt} - ${started}) / 1000.0)`,
        compared: sql<number>`SUM(CASE WHEN json_extract(${reviewItems.agreement}, '$.comparable') = 1 THEN 1 ELSE 0 END)`,
        agreed: sql<number>`SUM(CASE WHEN json_extract(${reviewItems.agreement}, '$.comparable') = 1 AND json_extract(${reviewItems.agreement}, '$.decisionAgrees') = 1 THEN 1 ELSE 0 END)`,
      })
      .from(reviewItems)
      .where(where)
      .groupBy(reviewItems.decidedBy)
      .orderBy(asc(reviewItems.decidedBy))
      .all(),
    db.select().from(reviewAudit).where(and(...eventWhere)).orderBy(desc(reviewAudit.at), desc(reviewAudit.id)).limit(Math.min(limit, AUDIT_MAX)).all(),
  ]);
  return {
    reviewers: summary.map((s) => ({
      reviewer: s.reviewer ?? "",
      decided: Number(s.decided),
      averageSecondsToDecide: s.avgSeconds === null ? null : Math.round(Number(s.avgSeconds)),
      compared: Number(s.compared),
      agreementRate: Number(s.compared) > 0 ? Number(s.agreed) / Number(s.compared) : null,
    })),
    items: rows.map((r) => ({
      reviewId: r.id,
      runId: r.runId,
      agent: r.agent,
      priority: r.priority,
      reasons: r.reasons,
      amountCents: r.amountCents,
      decision: r.decision,
      comment: r.comment,
      decidedBy: r.decidedBy,
      decidedAt: iso(r.decidedAt),
      createdAt: iso(r.createdAt)!,
      claimedAt: iso(r.claimedAt),
      secondsToDecide: secondsToDecide(r),
      agreement: agreementLabel(r.agreement),
      amended: r.decision === "amend",
    })),
    events: events.map((e) => ({ reviewId: e.reviewId, action: e.action, principal: e.principal, at: iso(e.at)!, detail: e.detail ?? null })),
  };
}
export type ReviewerAudit = Awaited<ReturnType<typeof reviewerAudit>>;

export const CSV_COLUMNS = ["reviewId", "runId", "agent", "decision", "decidedBy", "decidedAt", "createdAt", "priority", "reasons", "amountCents", "agreement", "comment"] as const;
const CSV_PAGE = 500;

/**
 * Decisions (or cancellations) in a range as CSV, oldest first, every row
 * (read in keyset pages of CSV_PAGE so a long range never loads at once).
 */
export async function decisionsCsv(d1: D1Database, tenantId: string, range: DecisionRange & { status?: "decided" | "cancelled" }): Promise<string> {
  const db = database(d1);
  let out = csvRow(CSV_COLUMNS);
  let after: { at: number; id: string } | null = null;
  for (;;) {
    const where: SQL[] = [decidedWhere(tenantId, range, range.status ?? "decided")];
    if (after) where.push(or(gt(reviewItems.decidedAt, after.at), and(eq(reviewItems.decidedAt, after.at), gt(reviewItems.id, after.id)))!);
    const rows = await db.select().from(reviewItems).where(and(...where)).orderBy(asc(reviewItems.decidedAt), asc(reviewItems.id)).limit(CSV_PAGE).all();
    for (const r of rows) {
      out += csvRow([r.id, r.runId, r.agent, r.decision, r.decidedBy, iso(r.decidedAt), iso(r.createdAt), r.priority, r.reasons.join(";"), r.amountCents, agreementLabel(r.agreement), r.comment]);
    }
    const last = rows.at(-1);
    if (rows.length < CSV_PAGE || !last || last.decidedAt === null) return out;
    after = { at: last.decidedAt, id: last.id };
  }
}
