/**
 * The review queue as JSON, for tools, scripts and tests: list items (open,
 * decided or cancelled) in pages with filters, claim and release them, decide
 * one or several, and read the audit (per reviewer, or as CSV). The rules
 * live in src/escalation/; this file maps them to HTTP.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { reviewerAudit, decisionsCsv, AUDIT_MAX } from "../../escalation/audit";
import { BulkDecisionRequestSchema, BulkItemResultSchema, bulkDecide } from "../../escalation/bulk";
import { claimReview, releaseClaim } from "../../escalation/claims";
import { decideReview as decideReviewItem } from "../../escalation/decide-review";
import { ReviewDecisionRequestSchema } from "../../escalation/messages";
import { ReviewViewSchema } from "../../escalation/review-items";
import { listReviews, ReviewQuerySchema, sinceBeforeUntil } from "../../escalation/review-query";
import { RunViewSchema } from "../../runtime/run-view";
import { ErrorBodySchema } from "../errors";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/auth";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } }]));
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

const timestamp = z.iso.datetime({ offset: true });
const ReviewIdParam = z.object({ reviewId: z.string() });
const ClaimViewSchema = z.object({ reviewId: z.string(), claimedBy: z.string().nullable(), claimExpiresAt: z.iso.datetime().nullable() }).openapi("ReviewClaim");
const DecisionRangeQuery = z
  .object({
    reviewer: z.string().min(1).max(200).optional().openapi({ description: "Who decided: the whole principal or a part of it (e.g. a key id)." }),
    since: timestamp.optional().openapi({ description: "ISO timestamp: decided at or after it." }),
    until: timestamp.optional().openapi({ description: "ISO timestamp: decided before it." }),
  })
  .refine(...sinceBeforeUntil);
const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

const listRoute = createRoute({
  method: "get",
  path: "/reviews",
  summary: "Review items in pages: open ones by deadline (dueAt), closed ones newest first; filters by agent, reason, priority, dates, amount, reviewer and text",
  middleware: [requireRole("reviewer", "operator")] as const,
  request: { query: ReviewQuerySchema },
  responses: {
    200: json(z.object({ items: z.array(ReviewViewSchema), nextCursor: z.string().nullable() }), "One page; nextCursor is null on the last"),
    ...errors(400, 401, 403, 422),
  },
});

const decideRoute = createRoute({
  method: "post",
  path: "/reviews/{reviewId}/decision",
  summary: "Decide a review item: approve, reject, or amend within policy",
  middleware: [requireRole("reviewer", "operator"), jsonBody] as const,
  request: {
    params: ReviewIdParam,
    body: { required: true, content: { "application/json": { schema: ReviewDecisionRequestSchema } } },
  },
  responses: {
    200: json(z.object({ review: ReviewViewSchema, run: RunViewSchema }), "The run after the decision"),
    ...errors(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

const claimRoute = createRoute({
  method: "post",
  path: "/reviews/{reviewId}/claim",
  summary: "Claim (or renew) a review item for 15 minutes; an operator may take it over from another reviewer",
  middleware: [requireRole("reviewer", "operator")] as const,
  request: {
    params: ReviewIdParam,
    body: { required: false, content: { "application/json": { schema: z.object({ takeover: z.boolean().default(false) }) } } },
  },
  responses: { 200: json(ClaimViewSchema, "The lease"), ...errors(400, 401, 403, 404, 409, 422) },
});

const releaseRoute = createRoute({
  method: "delete",
  path: "/reviews/{reviewId}/claim",
  summary: "Release your claim on a review item",
  middleware: [requireRole("reviewer", "operator")] as const,
  request: { params: ReviewIdParam },
  responses: { 200: json(ClaimViewSchema, "The item, unclaimed"), ...errors(401, 403, 404, 409) },
});

const bulkRoute = createRoute({
  method: "post",
  path: "/reviews/bulk-decision",
  summary: "Approve or reject several items of one agent and reason set with one comment; each is decided on its own run",
  middleware: [requireRole("reviewer", "operator"), jsonBody] as const,
  request: { body: { required: true, content: { "application/json": { schema: BulkDecisionRequestSchema } } } },
  responses: { 200: json(z.object({ results: z.array(BulkItemResultSchema) }), "A result per item, in the order asked"), ...errors(400, 401, 403, 413, 415, 422) },
});

const auditRoute = createRoute({
  method: "get",
  path: "/reviews/audit",
  summary: "Reviewers' decisions: when, how long each took, agreement with the agent; claims and takeovers",
  middleware: [requireRole("reviewer", "operator")] as const,
  request: { query: DecisionRangeQuery.safeExtend({ limit: z.coerce.number().int().min(1).max(AUDIT_MAX).default(200) }) },
  responses: { 200: json(z.object({}).passthrough(), "Per-reviewer summary, decisions newest first, and audit events"), ...errors(401, 403, 422) },
});

const exportRoute = createRoute({
  method: "get",
  path: "/reviews/export.csv",
  summary: "Decisions in a date range as CSV (RFC 4180, formula-safe)",
  middleware: [requireRole("reviewer", "operator")] as const,
  request: { query: DecisionRangeQuery.safeExtend({ status: z.enum(["decided", "cancelled"]).default("decided") }) },
  responses: { 200: { description: "text/csv with a header row", content: { "text/csv": { schema: z.string() } } }, ...errors(401, 403, 422) },
});

export const reviewsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => c.json(await listReviews(c.env.DB, c.get("tenantId"), c.req.valid("query")), 200))
  .openapi(decideRoute, async (c) => {
    const { reviewId } = c.req.valid("param");
    const decided = await decideReviewItem(c.env, { tenantId: c.get("tenantId"), principal: c.get("principal"), reviewId, decision: c.req.valid("json") });
    return c.json(decided, 200);
  })
  .openapi(claimRoute, async (c) => {
    const { reviewId } = c.req.valid("param");
    const { takeover } = c.req.valid("json");
    const claim = await claimReview(c.env.DB, { tenantId: c.get("tenantId"), principal: c.get("principal"), role: c.get("role"), reviewId, takeover: takeover ?? false });
    return c.json(claim, 200);
  })
  .openapi(releaseRoute, async (c) => {
    const { reviewId } = c.req.valid("param");
    return c.json(await releaseClaim(c.env.DB, { tenantId: c.get("tenantId"), principal: c.get("principal"), reviewId }), 200);
  })
  .openapi(bulkRoute, async (c) => {
    const body = c.req.valid("json");
    return c.json(await bulkDecide(c.env, { ...body, tenantId: c.get("tenantId"), principal: c.get("principal") }), 200);
  })
  .openapi(auditRoute, async (c) => {
    const q = c.req.valid("query");
    return c.json(await reviewerAudit(c.env.DB, c.get("tenantId"), { reviewer: q.reviewer, since: ms(q.since), until: ms(q.until) }, q.limit), 200);
  })
  .openapi(exportRoute, async (c) => {
    const q = c.req.valid("query");
    const csv = await decisionsCsv(c.env.DB, c.get("tenantId"), { reviewer: q.reviewer, since: ms(q.since), until: ms(q.until), status: q.status });
    const day = new Date().toISOString().slice(0, 10);
    return c.body(csv, 200, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="review-decisions-${day}.csv"` });
  });
