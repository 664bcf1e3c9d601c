/**
 * What a paused run hands over to a person: the escalation message, which is
 * also the review item's row (the run's outbox writes it to D1 with the run
 * row, then sends it on the queue). Built in one place so that pausing,
 * cancelling and the repair sweep describe the same item.
 */
import { findAgent } from "../agents/registry";
import { isReviewRequest, type AgentDefinition } from "../runtime/agent-definition";
import type { RunState, StepState } from "../runtime/run-store";
import { roundOf, type EscalationMessage } from "./messages";

type Subject = Record<string, string | number>;

export function escalationMessage(run: RunState, reasons: string[], priority: number, subject: Subject, at: number): EscalationMessage {
  // Why the run needed a person at all (stage, breaker) is a reason too.
  const gate = run.options.reviewGate;
  const all = [...new Set([...reasons, ...(gate ? [gate] : [])])].sort();
  return {
    runId: run.id,
    tenantId: run.tenantId,
    agent: run.agent,
    reasons: all.length > 0 ? all : ["REVIEW_REQUESTED"],
    priority,
    proposal: run.proposal,
    subject,
    escalatedAt: at,
    round: pauseRoundOf(run),
    amountCents: amountAtStake(run.agent, run.proposal),
  };
}

/** The agent's own reading of its proposal's amount; a hook that fails or answers nonsense stores none (the item still reaches a person). */
function amountAtStake(agent: string, proposal: unknown): number | null {
  try {
    const cents = findAgent(agent)?.reviewAmountCents?.(proposal) ?? null;
    return cents !== null && Number.isSafeInteger(cents) ? cents : null;
  } catch {
    return null;
  }
}

/** The round a run pauses in (or waits in): one past the last decided round. */
export function pauseRoundOf(run: Pick<RunState, "review">): number {
  return roundOf(run.review) + 1;
}

export interface PausedJournal {
  getStep(index: number): StepState | null;
  completedOutputs(): Record<string, unknown>;
}

/**
 * Rebuilds the escalation of a run that waits for a person from its journal:
 * the delivered outbox entry is gone, and the journal is the truth. Follows
 * RunExecutor's pause: a spent budget escalates with priority 1, anything else
 * is the review request recorded as the last completed step's output. A run
 * does not change while it waits, so `updatedAt` is when it paused.
 */
export function escalationFromJournal(run: RunState, journal: PausedJournal, agent: AgentDefinition<unknown>): EscalationMessage {
  const agentSubject = agent.reviewSubject?.(run.input, journal.completedOutputs()) ?? {};
  if (run.stopReason === "BUDGET_EXCEEDED") return escalationMessage(run, ["BUDGET_EXCEEDED"], 1, agentSubject, run.updatedAt);
  const last = run.nextStep > 0 ? journal.getStep(run.nextStep - 1) : null;
  if (last && isReviewRequest(last.output)) {
    const { reasons, priority, subject } = last.output.$review;
    return escalationMessage(run, reasons, priority, { ...agentSubject, ...subject }, run.updatedAt);
  }
  return escalationMessage(run, [], 3, agentSubject, run.updatedAt);
}
