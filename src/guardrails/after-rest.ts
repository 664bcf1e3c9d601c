/**
 * What the guardrails learn when a run rests: it leaves the concurrency set,
 * and its health (finished without error, within the agent's latency budget)
 * is a judgment for the circuit breaker. Evaluation runs are measured
 * elsewhere and do not count.
 */
import { limitsOf, type AgentDefinition } from "../runtime/agent-definition";
import type { RunState } from "../runtime/run-store";
import { guardClient } from "./agent-guard";
import { judgeOnline, recordJudgment } from "./judgments";

export async function afterRest(env: Env, run: RunState, agent: AgentDefinition<unknown>): Promise<void> {
  const guard = guardClient(env, run.tenantId, run.agent);
  await guard.release(run.id);
  if (run.options.evaluation || run.review) return;
  const failed = run.status === "failed";
  const slow = run.wallMs > limitsOf(agent).latencyBudgetMs;
  await recordJudgment(env, run.tenantId, agent, {
    kind: "health",
    ok: !failed && !slow,
    source: failed ? "run" : "latency",
    runId: run.id,
    probe: run.options.probe,
    detail: failed ? (run.stopReason ?? "failed") : slow ? `${run.wallMs} ms` : undefined,
  });
  await judgeOnline(env, run, agent);
}
