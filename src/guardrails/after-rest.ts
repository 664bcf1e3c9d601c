/**
 * What the guardrails learn when a run rests: it leaves the concurrency set,
 * and its health (finished without error, within the agent's latency budget)
 * is a judgment for the circuit breaker. Evaluation runs are measured
 * elsewhere and do not count.
 */
import { deploymentPolicyOf, limitsOf, type AgentDefinition } from "../runtime/agent-definition";
import type { RunState } from "../runtime/run-store";
import { guardClient } from "./agent-guard";
import type { Judgment } from "./circuit-breaker";
import { afterJudgment, judgeOnline } from "./judgments";

export async function afterRest(env: Env, run: RunState, agent: AgentDefinition<unknown>): Promise<void> {
  const judged = !run.options.evaluation && !run.review;
  const failed = run.status === "failed";
  const slow = run.wallMs > limitsOf(agent).latencyBudgetMs;
  const judgment: Judgment | null = judged
    ? { kind: "health", ok: !failed && !slow, source: failed ? "run" : "latency", runId: run.id, probe: run.options.probe, detail: failed ? (run.stopReason ?? "failed") : slow ? `${run.wallMs} ms` : undefined }
    : null;
  const now = Date.now();
  const identity = { tenantId: run.tenantId, agent: run.agent };
  const result = await guardClient(env, run.tenantId, run.agent).finished(identity, run.id, judgment, deploymentPolicyOf(agent).breaker, now);
  if (result) await afterJudgment(env, run.tenantId, run.agent, result, now);
  if (judged) await judgeOnline(env, run, agent);
}
