/** The review queue as JSON, for tools and tests: list open items, decide one. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, asc, desc, eq, type SQL } from "drizzle-orm";
import { findAgent } from "../../agents/registry";
import { database } from "../../db/client";
import { reviewItems } from "../../db/schema";
import { ReviewDecisionRequestSchema } from "../../escalation/messages";
import { recordReviewDecision, toReviewView, ReviewViewSchema } from "../../escalation/review-items";
import { ApiError } from "../../runtime/errors";
import { runClient } from "../../runtime/run-object";
import { RunViewSchema } from "../../runtime/run-view";
import { ErrorBodySchema } from "../errors";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/auth";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } }]));

const listReviews = createRoute({
  method: "get",
  path: "/reviews",
  summary: "Review items, most urgent and oldest first",
  middleware: [requireRole("reviewer", "operator")] as const,
  request: {
    query: z.object({
      status: z.enum(["open", "decided"]).default("open"),
      agent: z.string().optional(),
      reason: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: { 200: { description: "Items", content: { "application/json": { schema: z.object({ items: z.array(ReviewViewSchema) }) } } }, ...errors(401, 403, 422) },
});

const decideReview = createRoute({
  method: "post",
  path: "/reviews/{reviewId}/decision",
  summary: "Decide a review item: approve, reject, or amend within policy",
  middleware: [requireRole("reviewer", "operator"), jsonBody] as const,
  request: {
    params: z.object({ reviewId: z.string() }),
    body: { required: true, content: { "application/json": { schema: ReviewDecisionRequestSchema } } },
  },
  responses: {
    200: { description: "The run after the decision", content: { "application/json": { schema: z.object({ review: ReviewViewSchema, run: RunViewSchema }) } } },
    ...errors(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

export const reviewsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listReviews, async (c) => {
    const q = c.req.valid("query");
    const filters: SQL[] = [eq(reviewItems.tenantId, c.get("tenantId")), eq(reviewItems.status, q.status)];
    if (q.agent) filters.push(eq(reviewItems.agent, q.agent));
    const rows = await database(c.env.DB)
      .select()
      .from(reviewItems)
      .where(and(...filters))
      .orderBy(asc(reviewItems.priority), q.status === "open" ? asc(reviewItems.createdAt) : desc(reviewItems.decidedAt))
      .limit(q.limit)
      .all();
    const now = Date.now();
    const items = rows.filter((r) => !q.reason || r.reasons.includes(q.reason)).map((r) => toReviewView(r, now));
    return c.json({ items }, 200);
  })
  .openapi(decideReview, async (c) => {
    const { reviewId } = c.req.valid("param");
    const body = c.req.valid("json");
    const tenantId = c.get("tenantId");
    const db = database(c.env.DB);
    const item = await db.select().from(reviewItems).where(and(eq(reviewItems.id, reviewId), eq(reviewItems.tenantId, tenantId))).get();
    if (!item) throw new ApiError(404, "REVIEW_NOT_FOUND", `There is no review item "${reviewId}" for this tenant.`);
    if (item.status !== "open") throw new ApiError(409, "REVIEW_ALREADY_DECIDED", "This item has already been decided.", { decidedBy: item.decidedBy });
    const refusal = findAgent(item.agent)?.validateReview?.(item.proposal, body);
    if (refusal) throw new ApiError(422, "INVALID_REVIEW", refusal);

    const review = { ...body, reviewer: c.get("principal"), decidedAt: Date.now() };
    // The run's object decides first: it is the authority and refuses a second decision.
    const result = await runClient(c.env, item.runId).resolveReview(tenantId, review, 10_000);
    if (result.kind === "not_found") throw new ApiError(404, "RUN_NOT_FOUND", "The run behind this review item no longer exists.");
    if (result.kind === "already_decided") {
      await recordReviewDecision(c.env.DB, item, null); // repair D1 if it missed the first decision
      throw new ApiError(409, "REVIEW_ALREADY_DECIDED", "This item has already been decided.");
    }
    if (result.kind === "not_waiting") throw new ApiError(409, "RUN_NOT_WAITING", `The run is ${result.run.status}, not waiting for review.`);
    const updated = await recordReviewDecision(c.env.DB, item, review);
    return c.json({ review: toReviewView(updated, Date.now()), run: result.run }, 200);
  });

