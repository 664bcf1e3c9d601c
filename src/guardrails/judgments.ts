/**
 * Evidence for the circuit breaker, from every source: run health, online
 * evaluation (a sample of completed runs re-decided by the strongest model
 * tier), reviewer decisions compared with proposals, and the scheduled
 * evaluation. When a judgment opens the breaker, the agent is demoted one
 * stage (full -> supervised, supervised -> limited), recorded with the evidence.
 */
import { primaryTiers } from "../models/tiers";
import { deploymentPolicyOf, type AgentDefinition } from "../runtime/agent-definition";
import { compareOutcomes } from "../runtime/outcomes";
import { startRun } from "../runtime/start-run";
import type { RunState } from "../runtime/run-store";
import { demoteOnBreakerOpen } from "../deployment/promotion";
import { shareOf } from "../deployment/admission";
import { guardClient } from "./guard-client";
import type { BreakerState, BreakerView, Judgment } from "./circuit-breaker";

export async function recordJudgment(env: Env, tenantId: string, agent: AgentDefinition<unknown>, judgment: Judgment, now = Date.now()) {
  const policy = deploymentPolicyOf(agent).breaker;
  const result = await guardClient(env, tenantId, agent.name).judge({ tenantId, agent: agent.name }, judgment, policy, now);
  return afterJudgment(env, tenantId, agent.name, result, now);
}

/**
 * A breaker that opens on evidence (a judgment) demotes the agent one stage.
 * An operator's hand (`setBreaker`) never does: holding the breaker open is a
 * pause that closing undoes, while a demotion has to be earned back with
 * fresh evidence; the stage has its own audited control.
 */
export async function afterJudgment(env: Env, tenantId: string, agent: string, result: { before: BreakerState; after: BreakerView }, now: number) {
  if (result.before !== "open" && result.after.state === "open") await demoteOnBreakerOpen(env, tenantId, agent, result.after.evidence, now);
  return result.after;
}

/**
 * Online evaluation: re-decides a sampled run with the strongest model tier
 * as a dry run (it stops before any side effect) and judges agreement.
 */
export async function judgeOnline(env: Env, run: RunState, agent: AgentDefinition<unknown>, outputs?: () => Readonly<Record<string, unknown>>): Promise<void> {
  const tiers = primaryTiers(env, agent);
  const strongest = tiers?.[tiers.length - 1];
  // The agent's own answer: a decision it acted on, or its proposal to a reviewer.
  if (!strongest || !["completed", "waiting_for_review"].includes(run.status) || run.proposal === null) return;
  if ((await shareOf("online", run.id)) >= deploymentPolicyOf(agent).onlineSample && !run.options.probe) return;
  // A fresh run (no key): the sampled run's input was checked when it was admitted.
  const result = await startRun(env, {
    agent,
    tenantId: run.tenantId,
    input: run.input,
    requestHash: `online:${run.id}`,
    callerKey: null,
    newRun: true,
    waitMs: 30_000,
    options: {
      modelTiers: [strongest],
      evaluation: `online:${run.id}`,
      dryRun: true,
      ...(agent.replayReads && outputs ? { replayReads: agent.replayReads(outputs()) } : {}),
    },
  });
  if (result.kind !== "accepted" || result.run.status !== "completed") return;
  const c = compareOutcomes(agent, run.proposal, result.run.proposal);
  // The dry run stopped before it reached an answer with a decision (a tool loop's first side
  // effect comes before its final answer): it says nothing about quality, so it is no judgment.
  if (c.decided === null) return;
  await recordJudgment(env, run.tenantId, agent, { kind: "quality", ok: c.agrees, source: "online", runId: run.id, probe: run.options.probe, detail: c.agrees ? undefined : `strongest tier proposed ${JSON.stringify(c.decided ?? undefined)}` });
}
