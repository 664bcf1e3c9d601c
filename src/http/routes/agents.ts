/** The agent registry as seen by a tenant: versions, input schemas, models, limits, stage. */
import { agentModels } from "../../models/tiers";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { z as zod } from "zod";
import { listAgents } from "../../agents/registry";
import { DEFAULT_STAGE, STAGES, stagesForTenant } from "../../deployment/stages";
import { DEFAULT_LIMITS, type AgentDefinition } from "../../runtime/agent-definition";
import { ErrorBodySchema } from "../errors";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

const AgentSummary = z
  .object({
    name: z.string(),
    version: z.string(),
    description: z.string(),
    stage: z.enum(STAGES),
    input: z.object({ required: z.array(z.string()), properties: z.record(z.string(), z.string()) }),
    models: z.record(z.string(), z.array(z.string())),
    limits: z.object({ timeLimitMs: z.number(), maxSteps: z.number(), maxToolCalls: z.number(), maxModelCalls: z.number() }),
  })
  .openapi("AgentSummary");

const listRoute = createRoute({
  method: "get",
  path: "/agents",
  summary: "Registered agents with version, input schema summary, models and deployment stage",
  responses: {
    200: { description: "Agents", content: { "application/json": { schema: z.object({ agents: z.array(AgentSummary) }) } } },
    401: { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } },
  },
});

/** Top-level fields of the input schema and their types, from the zod schema itself. */
function inputSummary(agent: AgentDefinition<unknown>) {
  const json = zod.toJSONSchema(agent.input, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, { type?: string | string[] }>;
    required?: string[];
  };
  const properties = Object.fromEntries(
    Object.entries(json.properties ?? {}).map(([k, v]) => [k, Array.isArray(v.type) ? v.type.join("|") : (v.type ?? "any")]),
  );
  return { required: json.required ?? [], properties };
}

export const agentsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(listRoute, async (c) => {
  const stages = await stagesForTenant(c.env.DB, c.get("tenantId"));
  const agents = listAgents().map((agent) => ({
    name: agent.name,
    version: agent.version,
    description: agent.description,
    stage: stages.get(agent.name) ?? DEFAULT_STAGE,
    input: inputSummary(agent),
    models: agentModels(c.env, agent),
    limits: { ...DEFAULT_LIMITS, ...agent.limits },
  }));
  return c.json({ agents }, 200);
});
