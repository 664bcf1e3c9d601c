/** Runs: create (per agent), read, journal, cancel. Each run is its own Durable Object. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { findAgent } from "../../agents/registry";
import { ApiError } from "../../runtime/errors";
import { RUN_ID_PATTERN } from "../../runtime/ids";
import { checkTask, startRun } from "../../runtime/start-run";
import { RunViewSchema, StepViewSchema, type RunView } from "../../runtime/run-view";
import { ErrorBodySchema, invalidInput } from "../errors";
import { submissionConflict, type KeySource } from "../idempotency";
import { jsonBody } from "../middleware/json-body";
import { preferredWaitSeconds } from "../prefer";
import { admit, releaseSlot } from "../../deployment/admission";
import { runClient } from "../../runtime/run-client";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } }]));

const Links = z.object({ self: z.string() });
const RunWithLinks = RunViewSchema.extend({ links: Links });
const Accepted = z.object({ runId: z.string(), status: RunViewSchema.shape.status, links: Links });

const createRun = createRoute({
  method: "post",
  path: "/agents/{agent}/runs",
  summary: "Start a run of an agent",
  middleware: [jsonBody] as const,
  request: {
    params: z.object({ agent: z.string() }),
    headers: z.object({
      "idempotency-key": z.string().optional().openapi({ description: "Retries with the same key return the same run." }),
      prefer: z.string().optional().openapi({ description: "wait=N (seconds, at most 30): answer when the run rests." }),
      traceparent: z.string().optional().openapi({ description: "W3C trace context: a sampled caller span becomes the parent of the run's trace (ignored when malformed)." }),
    }),
    body: { required: true, content: { "application/json": { schema: z.object({ input: z.unknown() }).openapi("RunRequest") } } },
  },
  responses: {
    200: { description: "The run reached a resting status within the wait", content: { "application/json": { schema: RunWithLinks } } },
    202: { description: "The run is accepted and proceeds", content: { "application/json": { schema: Accepted } } },
    ...errors(400, 401, 404, 409, 413, 415, 422, 429),
  },
});

const runParams = z.object({ runId: z.string() });

const getRun = createRoute({
  method: "get",
  path: "/runs/{runId}",
  summary: "A run's status, proposal, outcome and usage",
  request: { params: runParams },
  responses: { 200: { description: "The run", content: { "application/json": { schema: RunWithLinks } } }, ...errors(401, 404) },
});

const getSteps = createRoute({
  method: "get",
  path: "/runs/{runId}/steps",
  summary: "The run's step journal",
  request: { params: runParams },
  responses: {
    200: { description: "Steps in order", content: { "application/json": { schema: z.object({ runId: z.string(), steps: z.array(StepViewSchema) }) } } },
    ...errors(401, 404),
  },
});

const cancelRun = createRoute({
  method: "post",
  path: "/runs/{runId}/cancel",
  summary: "Stop a run before its next step",
  request: { params: runParams },
  responses: { 200: { description: "The run after the request", content: { "application/json": { schema: RunWithLinks } } }, ...errors(401, 404, 409) },
});

/** Refusals are counted for metrics, off the request's path. */
function countRefusal(c: Context<AppEnv>, agent: string, code: string) {
  const insert = c.env.DB.prepare("INSERT INTO guard_events (id, tenant_id, agent, code, at) VALUES (?, ?, ?, ?, ?)")
    .bind(crypto.randomUUID(), c.get("tenantId"), agent, code, Date.now())
    .run();
  c.executionCtx.waitUntil(insert.catch(() => undefined));
}

/** Another tenant's run answers exactly like a missing one. */
export const runNotFound = (runId: string) => new ApiError(404, "RUN_NOT_FOUND", `There is no run "${runId}" for this tenant.`);

function runStub(c: Context<AppEnv>, runId: string) {
  if (!RUN_ID_PATTERN.test(runId)) throw runNotFound(runId);
  return runClient(c.env, runId);
}

const withLinks = (run: RunView) => ({ ...run, links: { self: `/v1/runs/${run.runId}` } });

export const runsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createRun, async (c) => {
    const agentName = c.req.valid("param").agent;
    const agent = findAgent(agentName);
    if (!agent) throw new ApiError(404, "AGENT_NOT_FOUND", `There is no agent named "${agentName}".`);
    const body = c.req.valid("json");
    if (!("input" in body) || body.input === undefined) {
      throw new ApiError(422, "INVALID_INPUT", "The body must be {\"input\": <task>}.", { issues: [{ path: ["input"], code: "invalid_type", message: "Required" }] });
    }
    const checked = checkTask(agent, body.input);
    if (!checked.ok && checked.code === "OUT_OF_SCOPE") {
      countRefusal(c, agent.name, "OUT_OF_SCOPE");
      throw new ApiError(422, "OUT_OF_SCOPE", checked.message);
    }
    if (!checked.ok) throw checked.error ? invalidInput(checked.error, ["input"]) : new ApiError(422, "INVALID_INPUT", "The body must be {\"input\": <task>}.");

    const tenantId = c.get("tenantId");
    const headerKey = c.req.valid("header")["idempotency-key"];
    if (headerKey !== undefined && !IDEMPOTENCY_KEY.test(headerKey)) {
      throw new ApiError(400, "INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to 255 visible ASCII characters.");
    }
    const waitSeconds = preferredWaitSeconds(c.req.valid("header").prefer);
    const result = await startRun(c.env, {
      agent,
      tenantId,
      input: checked.input,
      raw: body.input,
      callerKey: headerKey ?? null,
      waitMs: waitSeconds * 1000,
      traceparent: c.req.valid("header").traceparent ?? null,
      admit: async (runId, taskKey) => {
        try {
          const admitted = await admit(c.env, { tenantId, agent, runId, taskKey, now: Date.now() });
          return { options: admitted.options, release: admitted.freshSlot ? () => releaseSlot(c.env, tenantId, agent.name, runId) : undefined };
        } catch (error) {
          if (error instanceof ApiError && error.code === "RATE_LIMITED") countRefusal(c, agent.name, "RATE_LIMITED");
          throw error;
        }
      },
    });
    const runId = result.runId;
    if (result.kind === "conflict") {
      // An agent's natural key (e.g. a report id) is named in the agent's words.
      const naturalKey = result.natural ? agent.idempotencyKey?.(checked.input) : undefined;
      const keySource: KeySource =
        naturalKey !== undefined ? { kind: "natural", label: agent.describeIdempotencyKey?.(checked.input) ?? `the task with key "${naturalKey}"` } : { kind: "header" };
      throw submissionConflict(keySource, runId);
    }
    const headers: Record<string, string> = { Location: `/v1/runs/${runId}` };
    if (waitSeconds > 0) headers["Preference-Applied"] = `wait=${waitSeconds}`;
    if (!result.created) headers["Idempotent-Replayed"] = "true";
    if (waitSeconds > 0 && result.rested) return c.json(withLinks(result.run), 200, headers);
    return c.json({ runId, status: result.run.status, links: { self: `/v1/runs/${runId}` } }, 202, headers);
  })
  .openapi(getRun, async (c) => {
    const { runId } = c.req.valid("param");
    const run = await runStub(c, runId).view(c.get("tenantId"));
    if (!run) throw runNotFound(runId);
    return c.json(withLinks(run), 200);
  })
  .openapi(getSteps, async (c) => {
    const { runId } = c.req.valid("param");
    const steps = await runStub(c, runId).journal(c.get("tenantId"));
    if (!steps) throw runNotFound(runId);
    return c.json({ runId, steps }, 200);
  })
  .openapi(cancelRun, async (c) => {
    const { runId } = c.req.valid("param");
    const result = await runStub(c, runId).cancel(c.get("tenantId"));
    if (result.kind === "not_found") throw runNotFound(runId);
    if (result.kind === "already_finished") {
      throw new ApiError(409, "RUN_ALREADY_FINISHED", `The run is already ${result.run.status}; there is nothing to cancel.`, { status: result.run.status });
    }
    return c.json(withLinks(result.run), 200);
  });
