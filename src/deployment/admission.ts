/**
 * Admission: what happens to a new task before its run exists. Rate and
 * concurrency limits are checked (429 RATE_LIMITED), then the agent's stage
 * and circuit breaker decide whether its side effects must wait for a person:
 *
 * - breaker open, or half-open and not a probe: CIRCUIT_OPEN, people decide;
 * - shadow: the agent runs and proposes, a person decides (SHADOW);
 * - limited: a share of tasks (by a hash of the task key, so retries land the
 *   same way) is handled by the agent and reviewed before acting
 *   (LIMITED_REVIEW); the rest go to people as in shadow;
 * - supervised: acts alone unless the output carries an escalation code or a
 *   review flag (low confidence), or falls in the audit sample (AUDIT_SAMPLE);
 * - full: acts alone; escalation codes, the breaker and the audit sample stay on.
 */
import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { agentDeployments } from "../db/schema";
import { guardClient } from "../guardrails/guard-client";
import { DEFAULT_DEPLOYMENT, limitsOf, type AgentDefinition } from "../runtime/agent-definition";
import { ApiError } from "../runtime/errors";
import { sha256Hex } from "../runtime/ids";
import type { RunOptions } from "../runtime/run-store";
import { DEFAULT_STAGE, type Stage } from "./stages";

export interface DeploymentConfig {
  stage: Stage;
  modelTiers: string[] | null;
  auditSample: number;
}

const CACHE_MS = 2_000;
const cache = new Map<string, { config: DeploymentConfig; expires: number }>();

/** Forget cached settings (after a stage or config change in this isolate). */
export function invalidateDeployment(tenantId: string, agent: string): void {
  cache.delete(`${tenantId}:${agent}`);
}

export async function deploymentOf(db: D1Database, tenantId: string, agent: AgentDefinition<unknown>): Promise<DeploymentConfig> {
  const key = `${tenantId}:${agent.name}`;
  const hit = cache.get(key);
  if (hit && hit.expires > Date.now()) return hit.config;
  const row = await database(db)
    .select()
    .from(agentDeployments)
    .where(and(eq(agentDeployments.tenantId, tenantId), eq(agentDeployments.agent, agent.name)))
    .get();
  const policy = { ...DEFAULT_DEPLOYMENT, ...agent.deployment };
  const config: DeploymentConfig = {
    stage: row?.stage ?? DEFAULT_STAGE,
    modelTiers: row?.modelTiers ?? null,
    auditSample: row?.auditSampleBp != null ? row.auditSampleBp / 10_000 : policy.auditSample,
  };
  cache.set(key, { config, expires: Date.now() + CACHE_MS });
  return config;
}

/** A stable number in [0, 1) for a task: the same task always lands the same way. */
export async function shareOf(salt: string, taskKey: string): Promise<number> {
  return parseInt((await sha256Hex(`${salt}:${taskKey}`)).slice(0, 8), 16) / 2 ** 32;
}

export interface Admitted {
  options: RunOptions;
  /**
   * This admission took the run's concurrency slot. If the run object then
   * answers with no new work (a replay of a rested run, a conflict), the
   * caller must give the slot back (`releaseSlot`), or it leaks.
   */
  freshSlot: boolean;
}

export async function admit(env: Env, req: { tenantId: string; agent: AgentDefinition<unknown>; runId: string; taskKey: string; now: number }): Promise<Admitted> {
  const { tenantId, agent } = req;
  const limits = limitsOf(agent);
  const policy = { ...DEFAULT_DEPLOYMENT, ...agent.deployment };
  const [config, probeShare, limitedShare, auditShare] = await Promise.all([
    deploymentOf(env.DB, tenantId, agent),
    shareOf("probe", req.taskKey),
    shareOf("limited", req.taskKey),
    shareOf("audit", req.taskKey),
  ]);
  const admission = await guardClient(env, tenantId, agent.name).admit({
    runId: req.runId,
    tenantId,
    agent: agent.name,
    limits: { requestsPerSecond: limits.requestsPerSecond, maxConcurrentRuns: limits.maxConcurrentRuns },
    breaker: policy.breaker,
    share: probeShare,
    now: req.now,
  });
  if (!admission.ok) {
    const what = admission.reason === "RATE" ? `${admission.limit} new runs per second` : `${admission.limit} concurrent runs`;
    throw new ApiError(429, "RATE_LIMITED", `Agent "${agent.name}" accepts at most ${what} for this tenant; retry later.`, { limit: admission.limit, kind: admission.reason }, admission.retryAfterMs);
  }

  const options: RunOptions = { stage: config.stage };
  if (config.modelTiers) options.modelTiers = config.modelTiers;
  if (admission.breaker === "open" || (admission.breaker === "half_open" && !admission.probe)) {
    options.reviewGate = "CIRCUIT_OPEN";
  } else if (admission.probe) {
    options.probe = true;
  } else if (config.stage === "shadow") {
    options.reviewGate = "SHADOW";
  } else if (config.stage === "limited") {
    options.reviewGate = limitedShare < policy.limitedShare ? "LIMITED_REVIEW" : "SHADOW";
  } else if (auditShare < config.auditSample) {
    options.reviewGate = "AUDIT_SAMPLE";
  } else if (config.stage === "supervised") {
    options.reviewOnFlags = true;
  }
  return { options, freshSlot: admission.fresh };
}

/** Gives back a slot an admission took for a run that is not working (see Admitted.freshSlot). */
export function releaseSlot(env: Env, tenantId: string, agent: string, runId: string): Promise<void> {
  return guardClient(env, tenantId, agent).release(runId);
}
