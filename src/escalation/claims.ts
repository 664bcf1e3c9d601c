/**
 * Claims: a reviewer who opens an item holds it for a lease, so two people do
 * not work on the same item. Guarantees:
 * - one winner: a claim is one conditional UPDATE (the item is open and free,
 *   its lease has expired, or the caller already holds it), so of two
 *   reviewers racing, exactly one gets the lease; the other gets 409
 *   REVIEW_CLAIMED with who holds it and until when;
 * - leases expire by themselves: a lease is only a time (`claim_expires_at`);
 *   past it the item is free, with nothing to sweep;
 * - any action renews: claiming again, by the holder, restarts the lease;
 * - a takeover (`takeover: true`) is an operator's only (403 otherwise) and is
 *   audited with the previous holder.
 * Deciding without a claim is allowed (scripts use the API), but never under
 * another principal's live lease (src/escalation/decide-review.ts).
 */
import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { database } from "../db/client";
import { reviewItems, type apiKeys } from "../db/schema";
import { systemClock, type Clock } from "../runtime/clock";
import { ApiError } from "../runtime/errors";
import { recordAudit } from "./audit";

export const CLAIM_LEASE_MS = 15 * 60_000;

type ReviewRow = typeof reviewItems.$inferSelect;
type Role = (typeof apiKeys.$inferSelect)["role"];

export interface ClaimCommand {
  tenantId: string;
  /** Who claims, for audit (never a key or token). */
  principal: string;
  role: Role;
  reviewId: string;
  /** Take the item from whoever holds it (operators only). */
  takeover?: boolean;
}

export interface ClaimView {
  reviewId: string;
  claimedBy: string | null;
  /** ISO instant the lease ends (null: nobody holds it). */
  claimExpiresAt: string | null;
}

/** The lease that holds right now, if any (a decided or cancelled item has none). */
export function liveClaim(row: Pick<ReviewRow, "status" | "claimedBy" | "claimExpiresAt">, now: number): { claimedBy: string; claimExpiresAt: number } | null {
  if (row.status !== "open" || !row.claimedBy || row.claimExpiresAt === null || row.claimExpiresAt <= now) return null;
  return { claimedBy: row.claimedBy, claimExpiresAt: row.claimExpiresAt };
}

export const claimedError = (claim: { claimedBy: string; claimExpiresAt: number }) =>
  new ApiError(
    409,
    "REVIEW_CLAIMED",
    `${claim.claimedBy} is working on this item until ${new Date(claim.claimExpiresAt).toISOString()}; wait for the lease to end, or ask an operator to take it over.`,
    { claimedBy: claim.claimedBy, claimExpiresAt: new Date(claim.claimExpiresAt).toISOString() },
  );

/** Throws 409 REVIEW_CLAIMED when someone other than `principal` holds a live lease. */
export function refuseIfClaimedByOther(row: ReviewRow, principal: string, now: number): void {
  const claim = liveClaim(row, now);
  if (claim && claim.claimedBy !== principal) throw claimedError(claim);
}

export const reviewNotFound = (reviewId: string) => new ApiError(404, "REVIEW_NOT_FOUND", `There is no review item "${reviewId}" for this tenant.`);

async function loadItem(d1: D1Database, tenantId: string, reviewId: string): Promise<ReviewRow> {
  const row = await database(d1).select().from(reviewItems).where(and(eq(reviewItems.id, reviewId), eq(reviewItems.tenantId, tenantId))).get();
  if (!row) throw reviewNotFound(reviewId);
  return row;
}

function refuseIfClosed(row: ReviewRow): void {
  if (row.status === "cancelled") throw new ApiError(409, "REVIEW_CANCELLED", "The run was cancelled before anyone decided; there is nothing to claim.");
  if (row.status !== "open") throw new ApiError(409, "REVIEW_ALREADY_DECIDED", "This item has already been decided.", { decidedBy: row.decidedBy });
}

const view = (reviewId: string, claimedBy: string | null, until: number | null): ClaimView => ({
  reviewId,
  claimedBy,
  claimExpiresAt: until === null ? null : new Date(until).toISOString(),
});

/**
 * Claims (or renews) the item for `principal` for CLAIM_LEASE_MS. Throws
 * ApiError: 404 REVIEW_NOT_FOUND, 409 REVIEW_CLAIMED / REVIEW_ALREADY_DECIDED /
 * REVIEW_CANCELLED, 403 TAKEOVER_FORBIDDEN (a takeover by a non-operator).
 */
export async function claimReview(d1: D1Database, cmd: ClaimCommand, clock: Clock = systemClock): Promise<ClaimView> {
  if (cmd.takeover && cmd.role !== "operator") {
    throw new ApiError(403, "TAKEOVER_FORBIDDEN", "Only an operator may take over an item another reviewer holds.");
  }
  const before = await loadItem(d1, cmd.tenantId, cmd.reviewId);
  refuseIfClosed(before);
  const now = clock.now();
  const until = now + CLAIM_LEASE_MS;
  const held = liveClaim(before, now);
  const free = or(isNull(reviewItems.claimedBy), lte(reviewItems.claimExpiresAt, now), eq(reviewItems.claimedBy, cmd.principal));
  const updated = await database(d1)
    .update(reviewItems)
    .set({
      claimedBy: cmd.principal,
      claimExpiresAt: until,
      // A renewal keeps when the holder started: the audit's "time to decide" counts from there.
      claimedAt: sql`CASE WHEN ${reviewItems.claimedBy} = ${cmd.principal} AND ${reviewItems.claimExpiresAt} > ${now} THEN ${reviewItems.claimedAt} ELSE ${now} END`,
    })
    .where(and(eq(reviewItems.id, cmd.reviewId), eq(reviewItems.tenantId, cmd.tenantId), eq(reviewItems.status, "open"), cmd.takeover ? undefined : free))
    .returning({ id: reviewItems.id });
  if (updated.length === 0) {
    // Lost a race (or the item closed meanwhile): say who has it now.
    const after = await loadItem(d1, cmd.tenantId, cmd.reviewId);
    refuseIfClosed(after);
    const claim = liveClaim(after, now);
    if (claim) throw claimedError(claim);
    throw new ApiError(409, "REVIEW_CLAIMED", "Another reviewer claimed this item at the same moment; try again.");
  }
  const takenFrom = held && held.claimedBy !== cmd.principal ? held.claimedBy : null;
  if (takenFrom) await recordAudit(d1, { tenantId: cmd.tenantId, reviewId: cmd.reviewId, action: "takeover", principal: cmd.principal, at: now, detail: { from: takenFrom } });
  else if (!held) await recordAudit(d1, { tenantId: cmd.tenantId, reviewId: cmd.reviewId, action: "claim", principal: cmd.principal, at: now, detail: { until } });
  return view(cmd.reviewId, cmd.principal, until);
}

/**
 * Gives the item back. Releasing an item nobody holds (or whose lease ended)
 * is a no-op; releasing another principal's live lease is 409 REVIEW_CLAIMED.
 */
export async function releaseClaim(d1: D1Database, cmd: Omit<ClaimCommand, "takeover" | "role">, clock: Clock = systemClock): Promise<ClaimView> {
  const before = await loadItem(d1, cmd.tenantId, cmd.reviewId);
  const now = clock.now();
  const claim = liveClaim(before, now);
  if (!claim) return view(cmd.reviewId, null, null);
  if (claim.claimedBy !== cmd.principal) throw claimedError(claim);
  const released = await database(d1)
    .update(reviewItems)
    .set({ claimedBy: null, claimExpiresAt: null })
    .where(and(eq(reviewItems.id, cmd.reviewId), eq(reviewItems.claimedBy, cmd.principal), gt(reviewItems.claimExpiresAt, now)))
    .returning({ id: reviewItems.id });
  if (released.length > 0) await recordAudit(d1, { tenantId: cmd.tenantId, reviewId: cmd.reviewId, action: "release", principal: cmd.principal, at: now, detail: null });
  return view(cmd.reviewId, null, null);
}

/**
 * A decision ends the lease. `claimed_at` stays when the decider held it (how
 * long they worked on it) and is cleared otherwise (someone else's old lease
 * says nothing about the decider).
 */
export async function endClaimOnDecision(d1: D1Database, reviewId: string, decider: string): Promise<void> {
  await database(d1)
    .update(reviewItems)
    .set({ claimedBy: null, claimExpiresAt: null, claimedAt: sql`CASE WHEN ${reviewItems.claimedBy} = ${decider} THEN ${reviewItems.claimedAt} ELSE NULL END` })
    .where(eq(reviewItems.id, reviewId));
}
