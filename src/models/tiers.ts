/**
 * Which models serve each tier of each agent task, per environment.
 *
 * `MODEL_TIERS` (a wrangler var, so `[vars]`, `[env.production.vars]` or
 * `wrangler dev --var MODEL_TIERS:'{...}'`) is JSON:
 *
 *   {"<agent>": {"<task>": ["openai/gpt-4o-mini", "openai/gpt-4o"]}}
 *
 * agent name -> task name (the keys of the agent's `models`) -> models,
 * cheapest first. Precedence, strongest first: a tenant's override
 * (`agent_deployments.model_tiers`, arriving as `RunOptions.modelTiers`), then
 * this var, then the agent's own default. A malformed value is a
 * `ModelConfigError` naming the variable: a typo must not quietly put the
 * defaults (for instance the embedded model) back in charge.
 */
import { z } from "zod";
import { ModelConfigError, type ModelEnv } from "./provider-from-env";

export const ModelTiersConfigSchema = z.record(
  z.string().min(1),
  z.record(z.string().min(1), z.array(z.string().min(3)).min(1, "a task needs at least one model")),
);
export type ModelTiersConfig = z.infer<typeof ModelTiersConfigSchema>;

// Parsed once per distinct value (vars do not change within an isolate).
let cached: { raw: string; config: ModelTiersConfig } | undefined;

export function modelTiersFromEnv(env: Pick<ModelEnv, "MODEL_TIERS">): ModelTiersConfig {
  const raw = typeof env.MODEL_TIERS === "string" ? env.MODEL_TIERS.trim() : "";
  if (raw === "") return {};
  if (cached?.raw === raw) return cached.config;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ModelConfigError("MODEL_TIERS", 'MODEL_TIERS is not valid JSON; expected {"<agent>": {"<task>": ["<model>", ...]}}');
  }
  const parsed = ModelTiersConfigSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new ModelConfigError("MODEL_TIERS", `MODEL_TIERS has the wrong shape (${where}); expected {"<agent>": {"<task>": ["<model>", ...]}}`);
  }
  cached = { raw, config: parsed.data };
  return parsed.data;
}

/** The models this environment configures for an agent's task, or undefined when it configures none. */
export function configuredTiers(env: Pick<ModelEnv, "MODEL_TIERS">, agent: string, task: string): string[] | undefined {
  return modelTiersFromEnv(env)[agent]?.[task];
}

/** Every model task of an agent with the tiers this environment gives it (GET /v1/agents shows these). */
export function agentModels(env: Pick<ModelEnv, "MODEL_TIERS">, agent: { name: string; models?: Record<string, string[]> }): Record<string, string[]> {
  return Object.fromEntries(Object.entries(agent.models ?? {}).map(([task, defaults]) => [task, resolveTiers({ env, agent: agent.name, task, defaults })]));
}

/** The tiers of an agent's first model task in this environment (the one evaluations and the online judge compare). */
export function primaryTiers(env: Pick<ModelEnv, "MODEL_TIERS">, agent: { name: string; models?: Record<string, string[]> }): string[] {
  return Object.values(agentModels(env, agent)).find((tiers) => tiers.length > 0) ?? [];
}

/** Tenant override > environment (MODEL_TIERS) > the agent's default. */
export function resolveTiers(input: {
  env: Pick<ModelEnv, "MODEL_TIERS">;
  agent: string;
  task: string;
  tenantOverride?: readonly string[] | null;
  defaults: readonly string[];
}): string[] {
  if (input.tenantOverride && input.tenantOverride.length > 0) return [...input.tenantOverride];
  return [...(configuredTiers(input.env, input.agent, input.task) ?? input.defaults)];
}
