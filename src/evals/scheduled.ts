/**
 * The scheduled evaluation (Cron Trigger): every agent with an evaluation set
 * is measured against its current configuration, for every tenant that runs
 * it, and the result is a quality judgment for that tenant's circuit breaker.
 * Continuous, not only at launch.
 */
import { database } from "../db/client";
import { agentDeployments } from "../db/schema";
import { findAgent } from "../agents/registry";
import { recordJudgment } from "../guardrails/judgments";
import { deploymentPolicyOf } from "../runtime/agent-definition";
import { runEvaluationPass } from "./runner";

export async function runScheduledEvaluations(env: Env, now = Date.now(), options: { limit?: number; agent?: string } = {}): Promise<{ agent: string; tenantId: string; exactAccuracy: number | null }[]> {
  const deployments = await database(env.DB).select({ tenantId: agentDeployments.tenantId, agent: agentDeployments.agent }).from(agentDeployments).all();
  const results = [];
  for (const { tenantId, agent: name } of deployments) {
    const agent = findAgent(name);
    if (!agent?.evalSet || (options.agent && options.agent !== name)) continue;
    const summary = await runEvaluationPass(env, { agent: name, mode: "cascade", tenantId, trigger: "scheduled", limit: options.limit });
    const min = deploymentPolicyOf(agent).promotion.minEvaluationAccuracy;
    const ok = summary.exactAccuracy !== null && summary.exactAccuracy >= min;
    await recordJudgment(env, tenantId, agent, { kind: "quality", ok, source: "evaluation", detail: `exact accuracy ${summary.exactAccuracy} (min ${min})` }, now);
    results.push({ agent: name, tenantId, exactAccuracy: summary.exactAccuracy });
  }
  return results;
}
