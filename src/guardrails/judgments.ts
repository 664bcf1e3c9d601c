/**
 * Evidence for the circuit breaker, from every source: run health, online
 * evaluation (a sample of completed runs re-decided by the strongest model
 * tier), reviewer decisions compared with proposals, and the scheduled
 * evaluation. When a judgment opens the breaker, the agent is demoted one
 * stage (full -> supervised, supervised -> limited), recorded with the evidence.
 */
import { primaryTiers } from "../models/tiers";
import { deploymentPolicyOf, type AgentDefinition } from "../runtime/agent-definition";
import { runClient } from "../runtime/run-object";
import { newRunId } from "../runtime/ids";
import type { RunState } from "../runtime/run-store";
import { demoteOnBreakerOpen } from "../deployment/promotion";
import { shareOf } from "../deployment/admission";
import { guardClient } from "./agent-guard";
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

interface DecisionLike {
  decision?: unknown;
  approvedAmountCents?: unknown;
  codes?: unknown;
}

/** Two outcomes agree when their decision, amount and codes agree (where the agent's outcome has them). */
export function outcomesAgree(a: unknown, b: unknown): boolean {
  const x = (a ?? {}) as DecisionLike;
  const y = (b ?? {}) as DecisionLike;
  if (x.decision === undefined && y.decision === undefined) return JSON.stringify(a) === JSON.stringify(b);
  return x.decision === y.decision && x.approvedAmountCents === y.approvedAmountCents && JSON.stringify(x.codes ?? null) === JSON.stringify(y.codes ?? null);
}

/**
 * Online evaluation: re-decides a sampled run with the strongest model tier
 * as a dry run (it stops before any side effect) and judges agreement.
 */
export async function judgeOnline(env: Env, run: RunState, agent: AgentDefinition<unknown>): Promise<void> {
  const tiers = primaryTiers(env, agent);
  const strongest = tiers?.[tiers.length - 1];
  // The agent's own answer: a decision it acted on, or its proposal to a reviewer.
  if (!strongest || !["completed", "waiting_for_review"].includes(run.status) || run.proposal === null) return;
  if ((await shareOf("online", run.id)) >= deploymentPolicyOf(agent).onlineSample && !run.options.probe) return;
  const runId = newRunId();
  const result = await runClient(env, runId).submit({
    runId,
    tenantId: run.tenantId,
    agent: run.agent,
    input: run.input,
    requestHash: `online:${run.id}`,
    idempotencyKey: null,
    waitMs: 30_000,
    options: { modelTiers: [strongest], evaluation: `online:${run.id}`, dryRun: true },
  });
  if (result.kind !== "accepted" || result.run.status !== "completed") return;
  const agrees = outcomesAgree(run.proposal, result.run.proposal);
  await recordJudgment(env, run.tenantId, agent, { kind: "quality", ok: agrees, source: "online", runId: run.id, probe: run.options.probe, detail: agrees ? undefined : `strongest tier proposed ${JSON.stringify((result.run.proposal as DecisionLike)?.decision)}` });
}
