/**
 * GET /v1/runs: the caller's tenant's runs from D1 history, newest first, in
 * pages (src/db/run-listing.ts). History arrives through each run's outbox,
 * so a run shows here moments after it is created; GET /v1/runs/{runId} is
 * the live view.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { decodeCursor, encodeCursor, listRuns, RUN_LIST_KINDS, type RunRow } from "../../db/run-listing";
import { ApiError } from "../../runtime/errors";
import { RUN_STATUSES } from "../../runtime/run-store";
import { RunViewSchema, type RunView } from "../../runtime/run-view";
import { ErrorBodySchema } from "../errors";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

export const RUN_LIST_MAX = 200;
const RUN_LIST_DEFAULT = 50;

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } }]));

const timestamp = z.iso.datetime({ offset: true });

const ListQuery = z
  .object({
    agent: z.string().min(1).max(100).optional(),
    status: z.enum(RUN_STATUSES).optional(),
    since: timestamp.optional().openapi({ description: "ISO timestamp: runs created at or after it." }),
    until: timestamp.optional().openapi({ description: "ISO timestamp: runs created before it." }),
    limit: z.coerce.number().int().min(1).max(RUN_LIST_MAX).default(RUN_LIST_DEFAULT),
    cursor: z.string().optional().openapi({ description: "nextCursor of the previous page." }),
    kind: z.enum(RUN_LIST_KINDS).default("task").openapi({ description: "task (default): clients' runs; evaluation: evaluation and online dry runs; all." }),
  })
  .refine((q) => !q.since || !q.until || Date.parse(q.since) < Date.parse(q.until), { message: "since must be before until.", path: ["since"] });

const RunSummarySchema = RunViewSchema.pick({ runId: true, agent: true, agentVersion: true, status: true, createdAt: true, updatedAt: true, stopReason: true, usage: true })
  .extend({
    kind: z.enum(["task", "evaluation"]),
    stage: z.string().nullable(),
    links: z.object({ self: z.string() }),
  })
  .openapi("RunSummary");

const listRoute = createRoute({
  method: "get",
  path: "/runs",
  summary: "The tenant's runs, newest first, in pages",
  request: { query: ListQuery },
  responses: {
    200: {
      description: "One page; nextCursor is null on the last",
      content: { "application/json": { schema: z.object({ items: z.array(RunSummarySchema), nextCursor: z.string().nullable() }) } },
    },
    ...errors(400, 401, 422),
  },
});

const iso = (ms: number) => new Date(ms).toISOString();

function toSummary(row: RunRow): z.infer<typeof RunSummarySchema> {
  return {
    runId: row.id,
    agent: row.agent,
    agentVersion: row.agentVersion,
    // Written from the run object's own status, one of RUN_STATUSES.
    status: row.status as RunView["status"],
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    stopReason: row.stopReason,
    usage: { steps: row.steps, modelCalls: row.modelCalls, toolCalls: row.toolCalls, costMicroUsd: row.costMicroUsd, wallMs: row.wallMs, reviewWaitMs: row.reviewWaitMs },
    kind: row.evaluation === null ? "task" : "evaluation",
    stage: row.stage,
    links: { self: `/v1/runs/${row.id}` },
  };
}

export const runListRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(listRoute, async (c) => {
  const query = c.req.valid("query");
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !after) {
    throw new ApiError(400, "INVALID_CURSOR", "The cursor is not one this API issued; pass nextCursor from a previous page unchanged, or omit it for the first page.");
  }
  const filters = {
    agent: query.agent,
    status: query.status,
    since: query.since === undefined ? undefined : Date.parse(query.since),
    until: query.until === undefined ? undefined : Date.parse(query.until),
    kind: query.kind,
  };
  const page = await listRuns(c.env.DB, c.get("tenantId"), filters, query.limit, after);
  return c.json({ items: page.rows.map(toSummary), nextCursor: page.next ? encodeCursor(page.next) : null }, 200);
});
