/**
 * The runtime's stop and review reasons as plain sentences, in words that fit
 * any agent. An agent's own codes (and its own words for these) come from its
 * `reviewView.reasons`, passed in by the page: this folder holds no agent's words.
 */
import type { ReasonText } from "../runtime/review-view";

export type Reason = ReasonText;
export type ReasonKind = Reason["kind"];
export type Reasons = Readonly<Record<string, Reason>>;

export const REASONS: Reasons = {
  // Requests refused before a run starts.
  OUT_OF_SCOPE: { kind: "runtime", label: "Out of scope", sentence: "The request was outside what this agent does, so it refused it." },
  INVALID_INPUT: { kind: "runtime", label: "Invalid input", sentence: "The input was malformed (a missing or invalid field), so the agent could not work on it." },
  // Why a run paused or stopped.
  REVIEW_REQUIRED: { kind: "runtime", label: "Waiting for review", sentence: "The agent stopped and is waiting for a person's decision; its side effects wait until then." },
  REVIEW_REQUESTED: { kind: "runtime", label: "Review requested", sentence: "The agent asked for a person's decision without naming a specific rule." },
  SHADOW: { kind: "runtime", label: "Shadow stage", sentence: "The agent is in its shadow stage: it proposes, and a person decides every task until it has earned more autonomy." },
  LIMITED_REVIEW: { kind: "runtime", label: "Limited stage", sentence: "The agent is in its limited stage and this task is outside the share it may decide alone." },
  AUDIT_SAMPLE: { kind: "runtime", label: "Audit sample", sentence: "This task was picked at random for a spot check of the agent's work." },
  CIRCUIT_OPEN: { kind: "runtime", label: "Breaker open", sentence: "The agent's circuit breaker is open (it recently disagreed with reviewers or failed too often), so every task goes to a person." },
  LOW_CONFIDENCE: { kind: "runtime", label: "Low confidence", sentence: "The model was not confident enough in its answer." },
  BUDGET_EXCEEDED: { kind: "runtime", label: "Budget exceeded", sentence: "The run reached its spending limit for model calls before it could finish; a person must decide." },
  CANCELLED: { kind: "runtime", label: "Cancelled", sentence: "Someone cancelled the run before it finished." },
  TIME_LIMIT: { kind: "runtime", label: "Time limit", sentence: "The run took longer than its time limit and was stopped." },
  STEP_LIMIT: { kind: "runtime", label: "Step limit", sentence: "The run used more steps than it is allowed and was stopped." },
  TOOL_CALL_LIMIT: { kind: "runtime", label: "Tool-call limit", sentence: "The run called tools more often than it is allowed and was stopped." },
  MODEL_CALL_LIMIT: { kind: "runtime", label: "Model-call limit", sentence: "The run called the model more often than it is allowed and was stopped." },
  RETRIES_EXHAUSTED: { kind: "runtime", label: "Retries exhausted", sentence: "A step kept failing after several retries, so the run stopped." },
  STEP_FAILED: { kind: "runtime", label: "Step failed", sentence: "A step failed with an error that retrying cannot fix, so the run stopped." },
  STEP_CRASHED: { kind: "runtime", label: "Step crashed", sentence: "A step crashed the run repeatedly, so the run stopped." },
  STEP_ERROR: { kind: "runtime", label: "Step error", sentence: "A step hit an unexpected error." },
  RATE_LIMITED: { kind: "runtime", label: "Rate limited", sentence: "Too many tasks arrived at once; this one was refused and can be sent again." },
  DRY_RUN: { kind: "runtime", label: "Dry run", sentence: "A dry run stops before its first side effect: what it proposed is its result." },
  // Tool-calling agents.
  TOOL_APPROVAL: { kind: "runtime", label: "Tool call needs approval", sentence: "The agent wants to make a tool call that needs a person's approval; approve, reject, or edit its arguments." },
  OUTCOME_UNKNOWN: { kind: "runtime", label: "Outcome unknown", sentence: "A call to an outside system was interrupted and nobody can tell whether it took effect; check the target, then approve if it did or reject if it did not." },
  FINISH_INVALID: { kind: "runtime", label: "No valid answer", sentence: "The model's final answer did not match the required form, even after one repair; a person decides." },
  AGENT_VERSION_CHANGED: { kind: "runtime", label: "Agent version changed", sentence: "The agent was redeployed and the version this run started on is gone (or no longer fits its journal); the run never continues on another plan, so a person decides." },
  TURN_LIMIT: { kind: "runtime", label: "Turn limit", sentence: "The model did not finish within the agent's limit of turns, so the run stopped." },
  NO_PROGRESS: { kind: "runtime", label: "No progress", sentence: "The model kept asking for the same tool call with the same arguments, so the run stopped." },
  INVALID_TOOL_CALLS: { kind: "runtime", label: "Invalid tool calls", sentence: "The model made too many invalid tool calls (unknown tools or bad arguments), so the run stopped." },
};

const UNKNOWN: Omit<Reason, "label"> = { kind: "runtime", sentence: "A rule with this code applied; it has no description yet." };

/** The agent's words for a code first, then the runtime's. */
export function reasonOf(code: string, agentReasons?: Reasons): Reason {
  return agentReasons?.[code] ?? REASONS[code] ?? { ...UNKNOWN, label: code };
}

/** Runtime reasons for the queue's filter (after the agents' own escalation codes). */
export const FILTERABLE_REASONS = ["BUDGET_EXCEEDED", "LOW_CONFIDENCE", "SHADOW", "LIMITED_REVIEW", "AUDIT_SAMPLE", "CIRCUIT_OPEN", "REVIEW_REQUESTED"];

/** An agent's codes a reviewer filters by: those that send work to a person. */
export function escalationCodesOf(agentReasons: Reasons): string[] {
  return Object.entries(agentReasons)
    .filter(([, r]) => r.kind === "escalate" || r.kind === "suspicious")
    .map(([code]) => code);
}
