/**
 * Output (action) guardrails: every side-effecting tool call is checked
 * before it executes, with the run's facts. A blocked call never reaches the
 * tool; the run pauses for a person with the guard's code.
 */
import type { RunOptions } from "../runtime/run-store";
import { RuntimeError } from "../runtime/errors";

export interface ProposedAction {
  tool: string;
  args: unknown;
}

/** What the policy may look at: the task, what the run gathered, and a person's decision if any. */
export interface ActionFacts<Input> {
  input: Input;
  results: Readonly<Record<string, unknown>>;
  review: unknown;
  options: RunOptions;
}

export type ActionVerdict = { allow: true } | { allow: false; code: string; reason: string };

export const ALLOW: ActionVerdict = { allow: true };
export const block = (code: string, reason: string): ActionVerdict => ({ allow: false, code, reason });

/** Thrown by the engine when a guard blocks an action; the run pauses for review. */
export class ActionBlocked extends RuntimeError {
  /** `gate`: the runtime's (stage, breaker, flags, dry run), always for a person; `policy`: the agent's action policy. */
  constructor(code: string, message: string, readonly source: "gate" | "policy" = "policy") {
    super(code, message, { retryable: false });
    this.name = "ActionBlocked";
  }
}

/** Thrown when a model call would cross a budget cap; the run stops and escalates with what it has. */
export class BudgetExceeded extends RuntimeError {
  constructor(message: string, details?: unknown) {
    super("BUDGET_EXCEEDED", message, { retryable: false, details });
    this.name = "BudgetExceeded";
  }
}
