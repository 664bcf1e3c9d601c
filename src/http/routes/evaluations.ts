/**
 * Evaluations (operator only): run an agent's bundled evaluation set through
 * the real runtime in chunks, summarize a pass, read passes back over time.
 *
 *   POST /v1/agents/{agent}/evaluations     process cases [offset, offset+limit) (creates the pass without evalRunId)
 *   POST /v1/evaluations/{evalRunId}/finish compute and store the summary
 *   GET  /v1/evaluations/{evalRunId}        the stored summary and status
 *   GET  /v1/agents/{agent}/evaluations     recent passes of the agent
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { evalAgent, evalRunFor, finishEvalRun, MAX_CHUNK, processChunk, startEvalRun } from "../../evals/runner";
import { EVAL_MODES, listEvalRuns, type EvalMode, type EvalRunRow } from "../../evals/store";
import { ApiError } from "../../runtime/errors";
import { ErrorBodySchema } from "../errors";
import { requireRole } from "../middleware/auth";
import { jsonBody } from "../middleware/json-body";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } }]));

/** Per route (not `use("*")`: this sub-app is mounted at "/" of /v1 and must not guard other routes). */
const operatorOnly = requireRole("operator");

const fraction = z.number().min(0).max(1).nullable();

const ChunkRequest = z
  .object({
    mode: z.enum(EVAL_MODES).optional().openapi({ description: "cascade (the agent's tiers, default), cheap (first tier only), strong (last tier only)" }),
    offset: z.number().int().min(0).optional().openapi({ description: "First case (0-based) of the set, default 0" }),
    limit: z.number().int().min(1).max(MAX_CHUNK).optional().openapi({ description: `Cases to process, at most ${MAX_CHUNK} (default 20)` }),
    evalRunId: z.string().optional().openapi({ description: "Continue this pass; absent = start a new one" }),
    trigger: z.enum(["manual", "cli"]).optional(),
    tag: z.string().min(1).max(100).optional().openapi({ description: "Only the cases carrying this tag (offset/limit/total count within them)" }),
    cases: z
      .string()
      .min(1)
      .max(2_000_000)
      .optional()
      .openapi({ description: "Cases to run instead of the bundled set: JSON Lines in the set's format, at most 100; the answer then has `results`, one per case (status, proposal, outcome)" }),
  })
  .strict()
  .openapi("EvaluationChunkRequest");

const ChunkResponse = z
  .object({
    evalRunId: z.string(),
    mode: z.enum(EVAL_MODES),
    offset: z.number().int(),
    processed: z.number().int(),
    total: z.number().int(),
    done: z.boolean(),
    exactCorrect: z.number().int().openapi({ description: "Of the cases processed in this request" }),
    errors: z.number().int(),
    results: z
      .array(
        z.object({
          id: z.string(),
          runId: z.string().nullable(),
          status: z.string().nullable(),
          proposal: z.unknown(),
          outcome: z.unknown(),
          exact: z.boolean(),
          differences: z.array(z.string()),
          error: z.string().nullable(),
        }),
      )
      .optional(),
  })
  .openapi("EvaluationChunk");

const CodeStats = z.object({ precision: fraction, recall: fraction, tp: z.number().int(), fp: z.number().int(), fn: z.number().int() });
const Short = z.object({
  decision: z.string().optional(),
  approvedAmountCents: z.number().nullable().optional(),
  codes: z.array(z.string()).optional(),
  error: z.string().optional(),
  status: z.number().nullable().optional(),
});
const ItemShape = z.object({ verdict: z.string(), approvedCents: z.number(), codes: z.array(z.string()), category: z.string() });

const Summary = z
  .object({
    evalRunId: z.string(),
    agent: z.string(),
    agentVersion: z.string(),
    mode: z.enum(EVAL_MODES),
    trigger: z.string(),
    tiers: z.array(z.string()),
    createdAt: z.string(),
    finishedAt: z.string(),
    cases: z.number().int(),
    errors: z.number().int(),
    exactAccuracy: fraction,
    decisionAccuracy: fraction,
    itemAccuracy: fraction.openapi({ description: "Exact, and every item's verdict, approvedCents, codes and category right" }),
    items: z.object({ total: z.number().int(), correct: z.number().int(), accuracy: fraction, categoryCorrect: z.number().int(), categoryAccuracy: fraction }),
    byTag: z.record(z.string(), z.object({ cases: z.number().int(), exactAccuracy: fraction })),
    byCode: z.record(z.string(), CodeStats),
    costMicroUsd: z.number().int(),
    costPerCaseMicroUsd: z.number().nullable(),
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
    modelCalls: z.number().int(),
    cascadeDecisions: z.number().int(),
    escalatedDecisions: z.number().int(),
    escalationRate: fraction,
    failing: z.number().int(),
    failingItemsOnly: z.number().int(),
    failures: z.array(
      z.object({
        id: z.string(),
        tags: z.array(z.string()),
        runId: z.string().nullable(),
        exact: z.boolean(),
        expected: Short,
        actual: Short.nullable(),
        items: z.array(z.object({ index: z.number().int(), expected: ItemShape, actual: ItemShape.nullable() })),
        itemMismatches: z.number().int(),
        differences: z.array(z.string()).openapi({ description: "The agent's own account of what differs (its compareOutcomes)" }),
        error: z.string().nullable(),
      }),
    ),
  })
  .openapi("EvaluationSummary");

const EvalRunView = z
  .object({
    evalRunId: z.string(),
    agent: z.string(),
    agentVersion: z.string(),
    mode: z.string(),
    trigger: z.string(),
    status: z.enum(["running", "completed", "failed"]),
    cases: z.number().int(),
    exactAccuracy: fraction,
    decisionAccuracy: fraction,
    costMicroUsd: z.number().int(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("EvaluationRun");

const agentParams = z.object({ agent: z.string() });
const evalParams = z.object({ evalRunId: z.string() });

const runChunk = createRoute({
  method: "post",
  path: "/agents/{agent}/evaluations",
  summary: "Run a chunk of the agent's evaluation set (operator)",
  description: "Each case becomes a real run of the agent under an isolated evaluation tenant. Without evalRunId a new pass is created.",
  middleware: [operatorOnly, jsonBody] as const,
  request: { params: agentParams, body: { required: true, content: { "application/json": { schema: ChunkRequest } } } },
  responses: {
    200: { description: "The chunk was processed and its results stored", content: { "application/json": { schema: ChunkResponse } } },
    ...errors(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

const finishRun = createRoute({
  method: "post",
  path: "/evaluations/{evalRunId}/finish",
  summary: "Compute and store the summary of an evaluation pass (operator)",
  middleware: [operatorOnly] as const,
  request: { params: evalParams },
  responses: { 200: { description: "The summary", content: { "application/json": { schema: Summary.extend({ status: z.literal("completed") }) } } }, ...errors(401, 403, 404) },
});

const getRun = createRoute({
  method: "get",
  path: "/evaluations/{evalRunId}",
  summary: "An evaluation pass: status and stored summary (operator)",
  middleware: [operatorOnly] as const,
  request: { params: evalParams },
  responses: {
    200: {
      description: "The pass",
      content: { "application/json": { schema: EvalRunView.extend({ summary: Summary.nullable(), error: z.string().nullable().openapi({ description: "Why a failed pass stopped" }) }) } },
    },
    ...errors(401, 403, 404),
  },
});

const listRuns = createRoute({
  method: "get",
  path: "/agents/{agent}/evaluations",
  summary: "Recent evaluation passes of an agent, newest first (operator)",
  middleware: [operatorOnly] as const,
  request: { params: agentParams, query: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }) },
  responses: {
    200: { description: "Passes", content: { "application/json": { schema: z.object({ agent: z.string(), evaluations: z.array(EvalRunView) }) } } },
    ...errors(401, 403, 404, 422),
  },
});

const fromBp = (bp: number | null) => (bp === null ? null : bp / 10_000);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function view(row: EvalRunRow) {
  return {
    evalRunId: row.id,
    agent: row.agent,
    agentVersion: row.agentVersion,
    mode: row.mode,
    trigger: row.trigger,
    status: row.status,
    cases: row.cases,
    exactAccuracy: fromBp(row.exactAccuracy),
    decisionAccuracy: fromBp(row.decisionAccuracy),
    costMicroUsd: row.costMicroUsd,
    createdAt: iso(row.createdAt)!,
    finishedAt: iso(row.finishedAt),
  };
}

export const evaluationsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(runChunk, async (c) => {
    const agentName = c.req.valid("param").agent;
    evalAgent(agentName); // 404 for an unknown agent or one without a set
    const body = c.req.valid("json");
    const tenantId = c.get("tenantId");
    let evalRun: EvalRunRow;
    if (body.evalRunId !== undefined) {
      evalRun = await evalRunFor(c.env, body.evalRunId, tenantId, agentName);
      if (evalRun.status !== "running") {
        throw new ApiError(409, "EVAL_RUN_FINISHED", `The evaluation run is already ${evalRun.status}; start a new one.`, { status: evalRun.status });
      }
      if (body.mode !== undefined && body.mode !== evalRun.mode) {
        throw new ApiError(409, "EVAL_RUN_MODE_MISMATCH", `The evaluation run uses mode "${evalRun.mode}", not "${body.mode}".`, { mode: evalRun.mode });
      }
    } else {
      evalRun = await startEvalRun(c.env, { agent: agentName, mode: body.mode ?? "cascade", tenantId, trigger: body.trigger ?? "manual" });
    }
    const result = await processChunk(c.env, evalRun, { offset: body.offset ?? 0, limit: body.limit ?? 20, tag: body.tag, inline: body.cases });
    return c.json({ ...result, mode: result.mode as EvalMode }, 200);
  })
  .openapi(finishRun, async (c) => {
    const evalRun = await evalRunFor(c.env, c.req.valid("param").evalRunId, c.get("tenantId"));
    evalAgent(evalRun.agent);
    const summary = await finishEvalRun(c.env, evalRun);
    return c.json({ ...summary, status: "completed" as const }, 200);
  })
  .openapi(getRun, async (c) => {
    const evalRun = await evalRunFor(c.env, c.req.valid("param").evalRunId, c.get("tenantId"));
    const stored = evalRun.summary as (z.infer<typeof Summary> & { error?: string }) | null;
    const summary = evalRun.status === "completed" ? stored : null;
    const error = evalRun.status === "failed" ? (stored?.error ?? null) : null;
    return c.json({ ...view(evalRun), summary, error }, 200);
  })
  .openapi(listRuns, async (c) => {
    const agentName = c.req.valid("param").agent;
    evalAgent(agentName);
    const rows = await listEvalRuns(c.env.DB, c.get("tenantId"), agentName, c.req.valid("query").limit ?? 50);
    return c.json({ agent: agentName, evaluations: rows.map(view) }, 200);
  });
