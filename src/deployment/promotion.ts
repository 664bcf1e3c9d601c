/**
 * Autonomy is earned stage by stage, on evidence, and lost automatically.
 * Evidence for a stage = the stored pairs (agent proposal, final outcome after
 * a person decided) of runs admitted in that stage, plus the latest
 * evaluation. Every change is written to D1 with who, when, from, to, and the
 * evidence snapshot.
 */
import { and, desc, eq } from "drizzle-orm";
import { database } from "../db/client";
import { agentDeployments, evalRuns, stageChanges } from "../db/schema";
import type { BreakerEvidence } from "../guardrails/circuit-breaker";
import { deploymentPolicyOf, type AgentDefinition } from "../runtime/agent-definition";
import { ApiError } from "../runtime/errors";
import { compareOutcomes } from "../runtime/outcomes";
import { deliveriesFor, stageChangedEvent } from "../webhooks/events";
import { enqueueDeliveries, type DeliveryQueue } from "../webhooks/queue";
import { invalidateDeployment } from "./admission";
import { STAGES, stageOf, type Stage } from "./stages";

export interface StageEvidence {
  stage: Stage;
  compared: number;
  decisionAgreement: number | null;
  amountAgreement: number | null;
  /** The agent approved what a person rejected: the costly direction. */
  costlyDisagreements: number;
  latestEvaluation: { id: string; exactAccuracy: number | null; createdAt: number } | null;
}

interface Row {
  proposal: string | null;
  outcome: string | null;
}

export async function evidenceFor(d1: D1Database, tenantId: string, agent: Pick<AgentDefinition<unknown>, "name" | "compareOutcomes">, stage: Stage): Promise<StageEvidence> {
  const rows = await d1
    .prepare(
      `SELECT r.proposal AS proposal, r.outcome AS outcome FROM review_items ri JOIN runs r ON r.id = ri.run_id
       WHERE ri.tenant_id = ? AND ri.agent = ? AND ri.status = 'decided' AND r.stage = ? AND r.status = 'completed'`,
    )
    .bind(tenantId, agent.name, stage)
    .all<Row>();
  let compared = 0;
  let decisions = 0;
  let amounts = 0;
  let costly = 0;
  // Runs a person decided, whose proposal the agent's own comparison finds comparable (e.g. not a hand-over).
  for (const row of rows.results) {
    const c = compareOutcomes(agent, row.proposal ? JSON.parse(row.proposal) : null, row.outcome ? JSON.parse(row.outcome) : null);
    if (!c.comparable) continue;
    compared++;
    if (c.decisionAgrees) decisions++;
    if (c.amountAgrees ?? c.decisionAgrees) amounts++;
    if (c.costly) costly++;
  }
  const latest = await database(d1)
    .select({ id: evalRuns.id, exactAccuracy: evalRuns.exactAccuracy, createdAt: evalRuns.createdAt })
    .from(evalRuns)
    .where(and(eq(evalRuns.tenantId, tenantId), eq(evalRuns.agent, agent.name), eq(evalRuns.status, "completed"), eq(evalRuns.mode, "cascade")))
    .orderBy(desc(evalRuns.createdAt))
    .limit(1)
    .get();
  return {
    stage,
    compared,
    decisionAgreement: compared ? decisions / compared : null,
    amountAgreement: compared ? amounts / compared : null,
    costlyDisagreements: costly,
    latestEvaluation: latest ? { id: latest.id, exactAccuracy: latest.exactAccuracy === null ? null : latest.exactAccuracy / 10_000, createdAt: latest.createdAt } : null,
  };
}

/** What is missing for a promotion out of `evidence.stage`; empty = enough. */
export function missingEvidence(agent: AgentDefinition<unknown>, evidence: StageEvidence): string[] {
  const p = deploymentPolicyOf(agent).promotion;
  const missing: string[] = [];
  if (evidence.compared < p.minCompared) missing.push(`at least ${p.minCompared} compared decisions in ${evidence.stage} (have ${evidence.compared})`);
  if ((evidence.decisionAgreement ?? 0) < p.minAgreement) {
    missing.push(`decision agreement >= ${p.minAgreement * 100}% (have ${pct(evidence.decisionAgreement)})`);
  }
  if ((evidence.amountAgreement ?? 0) < p.minAgreement) {
    missing.push(`exact-amount agreement >= ${p.minAgreement * 100}% (have ${pct(evidence.amountAgreement)})`);
  }
  if (evidence.costlyDisagreements > p.maxCostlyDisagreements) {
    missing.push(`no approvals a person rejected (have ${evidence.costlyDisagreements})`);
  }
  if (p.requirePassingEvaluation) {
    const acc = evidence.latestEvaluation?.exactAccuracy ?? null;
    if (acc === null || acc < p.minEvaluationAccuracy) {
      missing.push(`a passing evaluation (exact accuracy >= ${p.minEvaluationAccuracy * 100}%; latest ${acc === null ? "none" : pct(acc)})`);
    }
  }
  return missing;
}

const pct = (v: number | null) => (v === null ? "none" : `${(v * 100).toFixed(1)}%`);

export function nextStage(stage: Stage): Stage | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

/** Writes a stage change, its audit row and its webhook deliveries in one D1 transaction, then queues the deliveries. */
export async function changeStage(
  d1: D1Database,
  change: { tenantId: string; agent: string; from: Stage; to: Stage; actor: string; reason: string; evidence: unknown; at: number },
  webhooks?: DeliveryQueue,
): Promise<void> {
  const db = database(d1);
  const id = crypto.randomUUID();
  const [, , deliveries] = await db.batch([
    db
      .insert(agentDeployments)
      .values({ tenantId: change.tenantId, agent: change.agent, stage: change.to, updatedAt: change.at })
      .onConflictDoUpdate({ target: [agentDeployments.tenantId, agentDeployments.agent], set: { stage: change.to, updatedAt: change.at } }),
    db.insert(stageChanges).values({
      id,
      tenantId: change.tenantId,
      agent: change.agent,
      fromStage: change.from,
      toStage: change.to,
      actor: change.actor,
      reason: change.reason,
      evidence: change.evidence ?? {},
      at: change.at,
    }),
    deliveriesFor(db, stageChangedEvent({ id, ...change }), Date.now()),
  ]);
  invalidateDeployment(change.tenantId, change.agent);
  await enqueueDeliveries(webhooks, deliveries.map((d) => d.id));
}

export interface StageChangeRequest {
  tenantId: string;
  agent: AgentDefinition<unknown>;
  /** The stage to move to; absent = one stage up. */
  to?: Stage | undefined;
  reason: string;
  /** Who asks (an operator's principal): recorded in stage_changes. */
  actor: string;
}

export interface StageChange {
  agent: string;
  from: Stage;
  to: Stage;
  actor: string;
  reason: string;
  evidence: StageEvidence;
  at: number;
}

export const STAGE_REASON_MAX = 500;

/**
 * The one place a person's stage change is decided (the JSON API and the
 * dashboard both call it): up one stage only, and only on enough evidence in
 * the current stage; down to any lower stage at any time. Throws ApiError
 * 409 ALREADY_AT_TOP, SAME_STAGE, STAGE_SKIP_REFUSED, or INSUFFICIENT_EVIDENCE
 * (details.missing: what is missing, details.evidence), and 422 INVALID_INPUT
 * for a blank or too long reason. On success the change and its audit row are
 * written (changeStage).
 */
export async function requestStageChange(env: Pick<Env, "DB"> & Partial<Pick<Env, "WEBHOOKS">>, req: StageChangeRequest): Promise<StageChange> {
  const { tenantId, agent, actor } = req;
  const reason = req.reason.trim();
  if (!reason || reason.length > STAGE_REASON_MAX) {
    throw new ApiError(422, "INVALID_INPUT", reason ? `The reason is too long (${STAGE_REASON_MAX} characters at most).` : "A reason is required: it is kept with the change.");
  }
  const from = await stageOf(env.DB, tenantId, agent.name);
  const up = nextStage(from);
  const to = req.to ?? up;
  if (!to) throw new ApiError(409, "ALREADY_AT_TOP", `"${agent.name}" is already at full autonomy.`);
  if (to === from) throw new ApiError(409, "SAME_STAGE", `"${agent.name}" is already in ${from}.`);
  const evidence = await evidenceFor(env.DB, tenantId, agent, from);
  if (STAGES.indexOf(to) > STAGES.indexOf(from)) {
    if (to !== up) throw new ApiError(409, "STAGE_SKIP_REFUSED", `Stages are earned one at a time: from ${from} the next is ${up}.`, { from, next: up });
    const missing = missingEvidence(agent, evidence);
    if (missing.length > 0) {
      throw new ApiError(409, "INSUFFICIENT_EVIDENCE", `The evidence in ${from} is not enough to move to ${to}: ${missing.join("; ")}.`, { missing, evidence });
    }
  }
  const at = Date.now();
  await changeStage(env.DB, { tenantId, agent: agent.name, from, to, actor, reason, evidence, at }, env.WEBHOOKS);
  return { agent: agent.name, from, to, actor, reason, evidence, at };
}

/** One stage down, or null in the lowest stage. */
export function previousStage(stage: Stage): Stage | null {
  return STAGES[STAGES.indexOf(stage) - 1] ?? null;
}

const DEMOTION: Partial<Record<Stage, Stage>> = { full: "supervised", supervised: "limited" };

/** An open breaker demotes the agent one stage; promotion back needs fresh evidence in the lower stage. */
export async function demoteOnBreakerOpen(env: Env, tenantId: string, agent: string, evidence: BreakerEvidence | null, now: number): Promise<void> {
  const from = await stageOf(env.DB, tenantId, agent);
  const to = DEMOTION[from];
  if (!to) return;
  await changeStage(env.DB, { tenantId, agent, from, to, actor: "circuit-breaker", reason: `breaker opened: ${evidence?.reason ?? "quality drop"}`, evidence: evidence ?? {}, at: now }, env.WEBHOOKS);
}

