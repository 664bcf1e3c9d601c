/**
 * Deciding a review item: the one code path behind `POST /v1/reviews/{id}/decision`
 * (JSON) and the dashboard's decision form. The run's Durable Object decides
 * first (it is the authority and refuses a second decision); D1 is updated
 * after it, and repaired if it missed an earlier decision.
 *
 * Claims (src/escalation/claims.ts): a decision is refused while another
 * principal holds a live lease on the item; deciding without any claim is
 * allowed (scripts use the API). A decision ends the lease and is audited.
 */
import { and, eq } from "drizzle-orm";
import { findAgent } from "../agents/registry";
import { database } from "../db/client";
import { reviewItems } from "../db/schema";
import type { AgentDefinition } from "../runtime/agent-definition";
import { systemClock, type Clock } from "../runtime/clock";
import { ApiError } from "../runtime/errors";
import { runClient } from "../runtime/run-client";
import type { RunView } from "../runtime/run-view";
import { logReviewDecided } from "../observability/logs";
import { recordAudit } from "./audit";
import { endClaimOnDecision, refuseIfClaimedByOther, reviewNotFound } from "./claims";
import type { ReviewDecisionRequest } from "./messages";
import { recordReviewCancelled, recordReviewDecision, toReviewView, type ReviewView } from "./review-items";

export interface DecideReviewCommand {
  tenantId: string;
  /** Who decides, for audit (never a key or token). */
  principal: string;
  reviewId: string;
  decision: ReviewDecisionRequest;
  /** How long to wait for the resumed run to rest before answering. */
  waitMs?: number;
  /** Decision time and lease checks (tests pin it). */
  clock?: Clock;
}

/**
 * Applies a person's decision. Throws ApiError: 404 REVIEW_NOT_FOUND (also for
 * another tenant's item) / RUN_NOT_FOUND, 409 REVIEW_ALREADY_DECIDED /
 * REVIEW_CANCELLED / RUN_NOT_WAITING / REVIEW_CLAIMED (another principal's live lease), 422 INVALID_INPUT (items the agent's
 * `reviewDecision` schema refuses) / INVALID_REVIEW (the agent's validateReview refused it).
 */
export async function decideReview(env: Pick<Env, "DB" | "RUNS">, cmd: DecideReviewCommand): Promise<{ review: ReviewView; run: RunView }> {
  const { tenantId, reviewId, decision } = cmd;
  const db = database(env.DB);
  const item = await db.select().from(reviewItems).where(and(eq(reviewItems.id, reviewId), eq(reviewItems.tenantId, tenantId))).get();
  if (!item) throw reviewNotFound(reviewId);
  if (item.status === "cancelled") throw reviewCancelled();
  if (item.status !== "open") throw new ApiError(409, "REVIEW_ALREADY_DECIDED", "This item has already been decided.", { decidedBy: item.decidedBy });
  const clock = cmd.clock ?? systemClock;
  refuseIfClaimedByOther(item, cmd.principal, clock.now());
  const agent = findAgent(item.agent);
  const itemsRefusal = agent ? checkItems(agent, decision) : null;
  if (itemsRefusal) throw itemsRefusal;
  const refusal = agent?.validateReview?.(item.proposal, decision);
  if (refusal) throw new ApiError(422, "INVALID_REVIEW", refusal);

  const review = { ...decision, reviewer: cmd.principal, decidedAt: clock.now() };
  // The run's object decides first: it is the authority and refuses a second decision.
  const result = await runClient(env, item.runId).resolveReview(tenantId, review, cmd.waitMs ?? 10_000, item.round);
  if (result.kind === "not_found") throw new ApiError(404, "RUN_NOT_FOUND", "The run behind this review item no longer exists.");
  if (result.kind === "invalid") throw new ApiError(422, "INVALID_REVIEW", result.message);
  if (result.kind === "already_decided") {
    await recordReviewDecision(env.DB, item, null, agent); // repair D1 if it missed the first decision
    throw new ApiError(409, "REVIEW_ALREADY_DECIDED", "This item has already been decided.");
  }
  if (result.kind === "not_waiting" && result.run.status === "cancelled") {
    // The run's outbox closes the item too; closing it here means the next page already shows it.
    await recordReviewCancelled(env.DB, item, Date.parse(result.run.updatedAt));
    throw reviewCancelled();
  }
  if (result.kind === "not_waiting") throw new ApiError(409, "RUN_NOT_WAITING", `The run is ${result.run.status}, not waiting for review.`);
  await recordReviewDecision(env.DB, item, review, agent);
  logReviewDecided(item, review, result.run.status, review.decidedAt, result.traceparent);
  await endClaimOnDecision(env.DB, item.id, cmd.principal);
  await recordAudit(env.DB, { tenantId, reviewId, action: "decide", principal: cmd.principal, at: review.decidedAt, detail: { decision: decision.decision } });
  const updated = (await db.select().from(reviewItems).where(eq(reviewItems.id, item.id)).get()) ?? item;
  return { review: toReviewView(updated, clock.now()), run: result.run };
}

/** The agent's own schema for an amend's items (e.g. a verdict and an amount per item): 422 INVALID_INPUT with issue paths. */
function checkItems(agent: AgentDefinition<unknown>, decision: ReviewDecisionRequest): ApiError | null {
  if (!decision.items?.length || !agent.reviewDecision) return null;
  const parsed = agent.reviewDecision.items.safeParse(decision.items);
  if (parsed.success) return null;
  const issues = parsed.error.issues.map((i) => ({ path: ["items", ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))], code: i.code, message: i.message }));
  return new ApiError(422, "INVALID_INPUT", "The amended items do not match what this agent accepts; see details.issues for each problem and its path.", { issues });
}

const reviewCancelled = () => new ApiError(409, "REVIEW_CANCELLED", "The run was cancelled before anyone decided; there is nothing left to decide.");
