/**
 * What a tool-calling agent is (`defineToolAgent`), and the shapes its loop
 * journals: a turn's output (the model's accepted answer) and a call's output
 * (the result the model is shown). Both are step outputs in the run journal,
 * so the conversation is rebuilt from the journal alone.
 */
import type { z } from "zod";
import type { ToolCall, AssistantMessage, ChatRequest, ModelResult } from "../../models/types";
import type { ToolDefinition } from "../../tools/define-tool";
import type { ActionFacts } from "../../guardrails/action-policy";
import type { AgentDefinition } from "../agent-definition";
import type { ErrorRecord } from "../errors";

/** A tool as a loop offers it: the tool plus how a person is involved. */
export type LoopTool = ToolDefinition & {
  /** Pause for a person's approval before this call runs: always, or decided from the arguments and the facts so far. */
  needsApproval?: boolean | ((args: unknown, facts: ActionFacts<unknown>) => boolean);
  /** What a call the agent's action policy blocks does: `refuse` shows the model a refusal, `pause` (default) waits for a person. Runtime gates always pause. */
  onBlocked?: "refuse" | "pause";
  /**
   * An async check of the arguments after the action policy allows the call and before it runs (e.g. a reply's tone, by model).
   * Problems: the call does not run and the model is shown a refusal to rewrite; a second refusal of this tool pauses for a person.
   */
  outputGuard?: (args: unknown, facts: ActionFacts<unknown>, guard: OutputGuardHost) => Promise<GuardProblem[]>;
};

export interface GuardProblem { code: string; message: string }

/** What an output guard may use: the run's model calls (journaled, budgeted, replayed on resume) and its model tiers. */
export interface OutputGuardHost {
  callModel(request: ChatRequest): Promise<ModelResult>;
  /** The models of `task` for this run, cheapest first: a tenant's override, else MODEL_TIERS `<agent>.<task>`, else `defaults`. */
  tiers(task: string, defaults: readonly string[]): string[];
}

export interface LoopSettings {
  /** Invalid calls (unknown tool, bad JSON, schema) the model is told about before the run stops with INVALID_TOOL_CALLS. */
  maxInvalidToolCalls: number;
  /** The same call (name + canonical arguments) this many times stops the run with NO_PROGRESS. */
  noProgressRepeats: number;
  /**
   * A tier's final answer with `confidence` below this goes to the next tier (the last tier's is kept and flagged LOW_CONFIDENCE);
   * so do tool calls whose response choice reports a `confidence` below it (the last tier's calls are kept).
   */
  confidenceThreshold?: number;
  maxTokens: number;
  parallelToolCalls: boolean;
}

export const DEFAULT_LOOP: LoopSettings = { maxInvalidToolCalls: 3, noProgressRepeats: 3, maxTokens: 1_024, parallelToolCalls: true };

type Inherited = "name" | "version" | "description" | "input" | "scope" | "idempotencyKey" | "describeIdempotencyKey" | "limits" | "actionPolicy" | "reviewSubject" | "reviewView" | "deployment" | "evalSet" | "compareOutcomes" | "demoData" | "embeddedModels" | "outcome" | "dataCollections" | "reviewSla" | "reviewAmountCents" | "bulkDecisions";

export interface ToolAgentSpec<Input, Final> extends Pick<AgentDefinition<Input>, Inherited> {
  /** The system message. */
  instructions: string | ((input: Input) => string);
  /** The first user message; defaults to the task as JSON. */
  prompt?(input: Input): string;
  tools: LoopTool[];
  /** Model tiers, cheapest first; a run starts at the first and stays on a tier once a turn went up to it (task name `turn` in MODEL_TIERS). */
  models: string[];
  maxTurns: number;
  /** The schema of the final answer: it becomes the run's proposal and outcome. */
  finish: z.ZodType<Final>;
  /**
   * A final answer that itself asks for a person (e.g. the agent concluded "escalate"):
   * the reasons for the review item, or null. The run then waits with the answer as its
   * proposal, and the person's decision becomes the outcome; nobody's answer is lost.
   */
  finalReview?(final: Final): { reasons: string[]; priority?: number } | null;
  /**
   * The final answer as the tools' results establish it, before `finalReview` and before it is recorded:
   * an agent whose answer states what its side effects did (an amount paid, a label sent) replaces those
   * fields with the facts, so no model output can make the outcome claim what did not happen. Pure.
   */
  settle?(final: Final, facts: { input: Input; results: Readonly<Record<string, unknown>> }): Final;
  loop?: Partial<LoopSettings>;
}

export interface TurnAttempt {
  model: string;
  outcome: "accepted" | "escalated";
  reason: string | null;
}

/** A model turn's journaled output: the accepted answer of one tier. */
export interface TurnOutput {
  turn: number;
  model: string;
  /** `calls`: tools to run; `final`: a valid final answer; `finish_invalid`: no usable answer from any tier (one repair turn follows). */
  kind: "calls" | "final" | "finish_invalid";
  message: AssistantMessage;
  calls: ToolCall[];
  final?: unknown;
  problem?: string;
  lowConfidence?: boolean;
  attempts: TurnAttempt[];
}

/** What the model is shown for one call. */
export interface CallOutput {
  callId: string;
  tool: string;
  status: "ok" | "error" | "invalid" | "refused" | "rejected";
  result?: unknown;
  error?: ErrorRecord & { issues?: { path: string; message: string }[] };
  /** Arguments a reviewer set in place of the model's. */
  editedByReviewer?: boolean;
  /** Refused by the tool's output guard (counted: the second refusal of a tool pauses for a person). */
  guard?: true;
}

/** A call waiting for a person: why, and what exactly would run. */
export interface PendingCall {
  why: "approval" | "blocked" | "outcome_unknown";
  callId: string;
  tool: string;
  arguments: unknown;
  turn: number;
}
