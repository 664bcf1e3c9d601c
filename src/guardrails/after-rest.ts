/**
 * What the guardrails learn when a run rests: it leaves the concurrency set,
 * and its health is a judgment for the circuit breaker.
 *
 * The breaker is for the agent's quality, so only what the agent itself did
 * is judged (see `healthOf`). Latency is not a breaker input: time under load
 * is spent queueing, and a run that waited for a person or was cancelled by
 * its client says nothing about the agent; latency against the agent's budget
 * is a metric and an alert (`GET /v1/metrics`), never a demotion.
 */
import { deploymentPolicyOf, type AgentDefinition } from "../runtime/agent-definition";
import type { RunState } from "../runtime/run-store";
import { guardClient, type RestSettlement } from "./guard-client";
import type { Judgment } from "./circuit-breaker";
import { afterJudgment, judgeOnline } from "./judgments";

/**
 * Stop reasons of a run that ended without the agent's work being judged:
 * it ran out of time (latency, e.g. under load: a metric), or hit the spend
 * budget (a limit, not a quality).
 */
const NOT_JUDGED_STOPS: ReadonlySet<string> = new Set(["TIME_LIMIT", "BUDGET_EXCEEDED", "CANCELLED"]);

/**
 * The run's health judgment, or null when it proves nothing about the agent.
 * Judged: runs of client tasks the agent finished alone. An agent error is a
 * failed run that stopped on its own work: a step that failed (STEP_FAILED),
 * retries exhausted (RETRIES_EXHAUSTED), or a per-run limit on steps, tool or
 * model calls (STEP_LIMIT, TOOL_CALL_LIMIT, MODEL_CALL_LIMIT). Completed runs
 * and runs that paused with a proposal for a person are healthy. Never judged:
 * evaluation runs (measured elsewhere), runs a person decided (the decision is
 * a quality judgment of its own), cancelled runs, and TIME_LIMIT / BUDGET_EXCEEDED.
 */
export function healthOf(run: RunState): Judgment | null {
  if (run.options.evaluation || run.review) return null;
  if (run.status !== "completed" && run.status !== "failed" && run.status !== "waiting_for_review") return null;
  if (run.stopReason && NOT_JUDGED_STOPS.has(run.stopReason)) return null;
  const failed = run.status === "failed";
  return { kind: "health", ok: !failed, source: "run", runId: run.id, probe: run.options.probe, detail: failed ? (run.stopReason ?? "failed") : undefined };
}

export async function afterRest(env: Env, run: RunState, agent: AgentDefinition<unknown>, outputs?: () => Readonly<Record<string, unknown>>, settlement?: RestSettlement): Promise<void> {
  const judgment = healthOf(run);
  const now = Date.now();
  const identity = { tenantId: run.tenantId, agent: run.agent };
  const result = await guardClient(env, run.tenantId, run.agent).finished(identity, run.id, judgment, deploymentPolicyOf(agent).breaker, now, settlement?.items);
  settlement?.settled();
  if (result) await afterJudgment(env, run.tenantId, run.agent, result, now);
  // Online evaluation re-decides what the agent did alone (not a person's decision, not an evaluation run).
  if (!run.options.evaluation && !run.review) await judgeOnline(env, run, agent, outputs);
}
