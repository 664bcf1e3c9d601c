/** The review queue as JSON, for tools and tests: list items (open, decided or cancelled), decide one. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { database } from "../../db/client";
import { reviewItems } from "../../db/schema";
import { ReviewDecisionRequestSchema } from "../../escalation/messages";
import { decideReview as decideReviewItem } from "../../escalation/decide-review";
import { toReviewView, ReviewViewSchema } from "../../escalation/review-items";
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
      status: z.enum(reviewItems.status.enumValues).default("open"),
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
    // In the query, not after it: filtering a page would drop matches beyond the limit.
    if (q.reason) filters.push(sql`exists (select 1 from json_each(${reviewItems.reasons}) where json_each.value = ${q.reason})`);
    const rows = await database(c.env.DB)
      .select()
      .from(reviewItems)
      .where(and(...filters))
      .orderBy(asc(reviewItems.priority), q.status === "open" ? asc(reviewItems.createdAt) : desc(reviewItems.decidedAt))
      .limit(q.limit)
      .all();
    const now = Date.now();
    const items = rows.map((r) => toReviewView(r, now));
    return c.json({ items }, 200);
  })
  .openapi(decideReview, async (c) => {
    const { reviewId } = c.req.valid("param");
    const decided = await decideReviewItem(c.env, { tenantId: c.get("tenantId"), principal: c.get("principal"), reviewId, decision: c.req.valid("json") });
    return c.json(decided, 200);
  });
