/** One agent up close (limits, usage, breaker, stage, evidence), stage changes, breaker actions, and metrics. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, desc, eq } from "drizzle-orm";
import type { Context } from "hono";
import { findAgent, listAgents } from "../../agents/registry";
import { database } from "../../db/client";
import { stageChanges } from "../../db/schema";
import { evidenceFor, missingEvidence, nextStage, requestStageChange, STAGE_REASON_MAX } from "../../deployment/promotion";
import { STAGES, stageOf } from "../../deployment/stages";
import { guardClient } from "../../guardrails/guard-client";
import { BREAKER_STATES } from "../../guardrails/circuit-breaker";
import { agentMetrics } from "../../guardrails/metrics";
import { deploymentPolicyOf, limitsOf, type AgentDefinition } from "../../runtime/agent-definition";
import { ApiError } from "../../runtime/errors";
import { ErrorBodySchema } from "../errors";
import { requireRole } from "../middleware/auth";
import { jsonBody } from "../middleware/json-body";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } }]));
const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const agentParam = z.object({ agent: z.string() });

function agentOr404(name: string): AgentDefinition<unknown> {
  const agent = findAgent(name);
  if (!agent) throw new ApiError(404, "AGENT_NOT_FOUND", `There is no agent named "${name}".`);
  return agent;
}

const getAgent = createRoute({
  method: "get",
  path: "/agents/{agent}",
  summary: "An agent's limits, usage against them, breaker state with its last evidence, stage and evidence",
  request: { params: agentParam },
  responses: { 200: json(z.object({}).passthrough(), "The agent"), ...errors(401, 404) },
});

const changeStageRoute = createRoute({
  method: "post",
  path: "/agents/{agent}/stage",
  summary: "Move the agent one stage up (on evidence) or down (operator)",
  middleware: [requireRole("operator"), jsonBody] as const,
  request: {
    params: agentParam,
    body: { required: true, content: { "application/json": { schema: z.object({ to: z.enum(STAGES).optional(), reason: z.string().trim().min(1).max(STAGE_REASON_MAX) }) } } },
  },
  responses: { 200: json(z.object({}).passthrough(), "The change"), ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
});

const breakerRoute = createRoute({
  method: "post",
  path: "/agents/{agent}/breaker",
  summary: "Close, open or half-open the circuit breaker by hand (operator, audited)",
  middleware: [requireRole("operator"), jsonBody] as const,
  request: {
    params: agentParam,
    body: { required: true, content: { "application/json": { schema: z.object({ state: z.enum(BREAKER_STATES), reason: z.string().trim().min(1).max(500) }) } } },
  },
  responses: { 200: json(z.object({}).passthrough(), "The breaker"), ...errors(400, 401, 403, 404, 413, 415, 422) },
});

const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  summary: "Per-agent metrics for the tenant: runs, refusals, stops by reason, escalations, cost, latency, evaluation scores",
  responses: { 200: json(z.object({}).passthrough(), "Metrics"), ...errors(401) },
});

async function agentDetail(c: Context<AppEnv>, agent: AgentDefinition<unknown>) {
  const tenantId = c.get("tenantId");
  const now = Date.now();
  const limits = limitsOf(agent);
  const [stage, guard, metrics, changes] = await Promise.all([
    stageOf(c.env.DB, tenantId, agent.name),
    guardClient(c.env, tenantId, agent.name).status(now),
    agentMetrics(c.env.DB, tenantId, agent.name, limits.latencyBudgetMs),
    database(c.env.DB)
      .select()
      .from(stageChanges)
      .where(and(eq(stageChanges.tenantId, tenantId), eq(stageChanges.agent, agent.name)))
      .orderBy(desc(stageChanges.at))
      .limit(20)
      .all(),
  ]);
  const evidence = await evidenceFor(c.env.DB, tenantId, agent, stage);
  // Today's spend by who asked, from history: its budgeted part is what the guard's budget counted.
  const today = metrics.cost.perDay.find((d) => d.day === guard.budget.day);
  return {
    name: agent.name,
    version: agent.version,
    description: agent.description,
    stage,
    models: agent.models ?? {},
    limits,
    usage: {
      activeRuns: guard.activeRuns,
      budgetToday: {
        day: guard.budget.day,
        spentMicroUsd: guard.budget.spent,
        reservedMicroUsd: guard.budget.reserved,
        capMicroUsd: limits.maxCostMicroUsdPerDay,
        split: { taskRunsMicroUsd: today?.taskRunsMicroUsd ?? 0, onlineEvaluationMicroUsd: today?.onlineEvaluationMicroUsd ?? 0 },
      },
    },
    breaker: { state: guard.breaker.state, since: guard.breaker.since ? new Date(guard.breaker.since).toISOString() : null, evidence: guard.breaker.evidence },
    latency: metrics.latency,
    reviewWait: metrics.reviewWait,
    evidence: { ...evidence, missingForPromotion: nextStage(stage) ? missingEvidence(agent, evidence) : [] },
    deployment: deploymentPolicyOf(agent),
    stageChanges: changes.map((s) => ({ ...s, at: new Date(s.at).toISOString() })),
    metrics,
  };
}

export const agentAdminRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(getAgent, async (c) => c.json(await agentDetail(c, agentOr404(c.req.valid("param").agent)), 200))
  .openapi(changeStageRoute, async (c) => {
    const agent = agentOr404(c.req.valid("param").agent);
    const { to, reason } = c.req.valid("json");
    const change = await requestStageChange(c.env, { tenantId: c.get("tenantId"), agent, to, reason, actor: c.get("principal") });
    return c.json({ ...change, at: new Date(change.at).toISOString() }, 200);
  })
  .openapi(breakerRoute, async (c) => {
    const agent = agentOr404(c.req.valid("param").agent);
    const { state, reason } = c.req.valid("json");
    const tenantId = c.get("tenantId");
    const view = await guardClient(c.env, tenantId, agent.name).setBreaker(
      { tenantId, agent: agent.name },
      state,
      reason,
      c.get("principal"),
      deploymentPolicyOf(agent).breaker,
      Date.now(),
    );
    // A breaker set by hand never moves the stage (only an opening on evidence demotes): the answer shows it.
    const stage = await stageOf(c.env.DB, tenantId, agent.name);
    return c.json({ agent: agent.name, breaker: view, stage }, 200);
  })
  .openapi(metricsRoute, async (c) => {
    const tenantId = c.get("tenantId");
    const agents = await Promise.all(
      listAgents().map(async (agent) => ({ agent: agent.name, ...(await agentMetrics(c.env.DB, tenantId, agent.name, limitsOf(agent).latencyBudgetMs)) })),
    );
    return c.json({ tenant: tenantId, generatedAt: new Date().toISOString(), agents }, 200);
  });
