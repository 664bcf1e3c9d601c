/**
 * What an agent is: a definition, not runtime code. Each agent lives in
 * `src/agents/<name>/` and exports one `AgentDefinition`; the registry lists
 * them. The runtime never imports a specific agent.
 */
import type { z } from "zod";
import type { EmbeddedModel } from "../models/embedded/registry";
import type { CallOptions, ChatRequest, ModelResult } from "../models/types";
import type { ToolDefinition } from "../tools/define-tool";
import type { Clock } from "./clock";
import type { RunOptions } from "./run-store";
import type { ReviewDecisionRequest } from "../escalation/messages";
import type { AgentReviewPolicy } from "../escalation/review-policy";
import type { ActionFacts, ActionVerdict, ProposedAction } from "../guardrails/action-policy";
import type { AgentReviewView } from "./review-view";
import type { AgentDataCollection } from "./agent-data";

export const STEP_KINDS = ["model", "tool", "guard", "decision"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

export interface AgentLimits {
  /** Wall-clock limit of a run, enforced by the alarm (TIME_LIMIT). */
  timeLimitMs: number;
  /** Steps a run may execute (STEP_LIMIT). */
  maxSteps: number;
  maxToolCalls: number;
  maxModelCalls: number;
  /** Model spend cap of one run, integer micro-USD (BUDGET_EXCEEDED). */
  maxCostMicroUsdPerRun: number;
  /** Model spend cap per tenant per UTC day for this agent, integer micro-USD. */
  maxCostMicroUsdPerDay: number;
  /** New runs per second, per tenant and agent (RATE_LIMITED). */
  requestsPerSecond: number;
  /** Runs not yet resting, per tenant and agent (RATE_LIMITED). */
  maxConcurrentRuns: number;
  /** The p95 working time (wall time minus the wait for a person) a run should stay under; over it is an alert in metrics, never a breaker input. */
  latencyBudgetMs: number;
}

/** Safe defaults: every agent gets all guardrails; none can switch them off, only tune them. */
export const DEFAULT_LIMITS: AgentLimits = {
  timeLimitMs: 5 * 60_000,
  maxSteps: 2_000,
  maxToolCalls: 500,
  maxModelCalls: 500,
  maxCostMicroUsdPerRun: 50_000, // $0.05
  maxCostMicroUsdPerDay: 50_000_000, // $50
  requestsPerSecond: 100,
  maxConcurrentRuns: 200,
  latencyBudgetMs: 10_000,
};

export function limitsOf(agent: { limits?: Partial<AgentLimits> }): AgentLimits {
  return { ...DEFAULT_LIMITS, ...agent.limits };
}

/** How an agent earns autonomy (see src/deployment). */
export interface DeploymentPolicy {
  /** Share of tasks the agent handles in `limited` (by a hash of the task key). */
  limitedShare: number;
  /** Share of outputs reviewed anyway in `supervised` and `full`. */
  auditSample: number;
  /** Evidence needed to move one stage up. */
  promotion: { minCompared: number; minAgreement: number; maxCostlyDisagreements: number; requirePassingEvaluation: boolean; minEvaluationAccuracy: number };
  /** Share of completed runs re-decided by the strongest model tier (online evaluation). */
  onlineSample: number;
  /** Circuit breaker: agreement and error thresholds over a sliding window of judged runs. */
  breaker: { window: number; minJudged: number; minAgreement: number; maxErrorRate: number; halfOpenShare: number; probesToClose: number };
}

export function deploymentPolicyOf(agent: { deployment?: Partial<DeploymentPolicy> }): DeploymentPolicy {
  return { ...DEFAULT_DEPLOYMENT, ...agent.deployment };
}

export const DEFAULT_DEPLOYMENT: DeploymentPolicy = {
  limitedShare: 0.25,
  auditSample: 0.05,
  promotion: { minCompared: 200, minAgreement: 0.98, maxCostlyDisagreements: 0, requirePassingEvaluation: true, minEvaluationAccuracy: 0.95 },
  onlineSample: 0.1,
  breaker: { window: 50, minJudged: 10, minAgreement: 0.95, maxErrorRate: 0.1, halfOpenShare: 0.2, probesToClose: 5 },
};

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1_000, factor: 2, maxDelayMs: 60_000 };

/** Returned by a step to pause the run until a person decides. */
export interface ReviewRequest {
  /** `proposal`, when given, becomes the run's proposal: what the review item shows the person (e.g. a proposed tool call). */
  $review: { reasons: string[]; priority: number; subject: Record<string, string | number>; proposal?: unknown };
}

/**
 * Pauses the run for a person. `subject` holds a few display fields for the
 * review queue (e.g. employee, amount); priority 1 is the most urgent.
 */
export function requestReview(
  reasons: string[],
  options: { priority?: number; subject?: Record<string, string | number>; proposal?: unknown } = {},
): ReviewRequest {
  const review: ReviewRequest["$review"] = { reasons: [...new Set(reasons)].sort(), priority: options.priority ?? 3, subject: options.subject ?? {} };
  if (options.proposal !== undefined) review.proposal = options.proposal;
  return { $review: review };
}

export function isReviewRequest(value: unknown): value is ReviewRequest {
  return typeof value === "object" && value !== null && "$review" in value;
}

export interface StepContext<Input> {
  runId: string;
  tenantId: string;
  agent: string;
  input: Input;
  /** Outputs of the steps completed before this one, by step name. */
  results: Readonly<Record<string, unknown>>;
  /** A person's decision, once a review has happened. */
  review: unknown;
  /** Per-run settings from the runtime (e.g. model tiers chosen by an evaluation). */
  options: RunOptions;
  stepIndex: number;
  attempt: number;
  clock: Clock;
  env: Env;
  /**
   * Calls a tool; side-effecting calls are journaled before and after and never repeated.
   * `key` replaces the engine's `runId:step:call` idempotency key (the tool loop names calls by turn and call id);
   * `approved` says a person approved exactly this call, so the runtime's review gates let it pass (the action policy still runs).
   */
  callTool<In extends z.ZodType, Out extends z.ZodType>(tool: ToolDefinition<In, Out>, args: z.input<In>, options?: ToolCallOptions): Promise<z.output<Out>>;
  /** Calls a model through the model layer; a replayed call returns the journaled answer without paying again. */
  callModel(request: ChatRequest, options?: CallOptions): Promise<ModelResult>;
  /**
   * The models of one of the agent's model tasks (a key of `models`), cheapest first, as this
   * run must use them: a tenant's override, else the environment's MODEL_TIERS, else the default.
   */
  modelTiers(task: string): string[];
  /** Raises a review flag (e.g. LOW_CONFIDENCE): in supervised stage, side effects then wait for a person. */
  flagForReview(code: string): void;
}

export interface ToolCallOptions {
  key?: string;
  approved?: boolean;
}

export interface StepDefinition<Input> {
  name: string;
  kind: StepKind;
  retry?: Partial<RetryPolicy>;
  run(ctx: StepContext<Input>): unknown;
  /** A short, secret-free summary of what this step starts from, for the journal. */
  describeInput?(input: Input, results: Readonly<Record<string, unknown>>): string;
  /** A short, secret-free summary of what this step produced, for the journal. */
  summarize?(output: unknown): string;
}

/**
 * A proposal next to a final decision (a person's, or the strongest tier's):
 * the one comparison behind review agreement, breaker judgments, promotion
 * evidence and evaluation scores.
 */
export interface OutcomeComparison {
  /** The proposal is an answer worth comparing (not, e.g., a hand-over to a person), and there is a final one. */
  comparable: boolean;
  /** Short labels of both decisions, for evidence (null: the value has none). */
  proposed: string | null;
  decided: string | null;
  decisionAgrees: boolean;
  /** The decision and the amount it commits to agree (agents without amounts leave it out: decision agreement stands in). */
  amountAgrees?: boolean;
  /** The outcomes agree in full (decision, amount, codes: whatever the agent's outcome holds). */
  agrees: boolean;
  /** The costly direction: the agent would have acted where the final decision refused. */
  costly: boolean;
  /** What differs, in the agent's own field names ("refundCents 2900, final 5800"), for evaluation reports. */
  differences?: string[];
}

/** An agent's evaluation set, bundled with the agent (its folder imports the JSON Lines as text). */
export interface AgentEvalSet {
  /** Where the file lives, relative to the repo root (for people and scripts). */
  path: string;
  /** The file's text (JSON Lines, one case per line). */
  text: string;
  /** The schema of an expected outcome (beyond the runtime's `decision`): a case that breaks it fails loudly with its line. */
  expected?: z.ZodType;
  /** The decision a case's `priorReports` must each come back with before the case runs (default `approve`). */
  priorDecision?: string;
  /**
   * What the agent answered when its run waits for a person with a proposal
   * that is not an outcome (e.g. a paused tool call), from the run's input and
   * step outputs; null keeps the proposal. Without it, the proposal is the answer.
   */
  pendingAnswer?(evidence: { input: unknown; outputs: Record<string, unknown> }): unknown;
  /**
   * What a case's own tenant needs from the calling tenant's data before its
   * runs (e.g. a directory the agent looks people up in), and its removal
   * once they rest. Without it, case tenants start empty.
   */
  tenant?: {
    prepare(d1: D1Database, from: string, to: string): Promise<void>;
    cleanup(d1: D1Database, tenantId: string): Promise<void>;
  };
}

/**
 * What a tenant is given to try the agent: rows for the agent's own tables.
 * The local seed (scripts/seed.sql) holds the same rows for tenant `demo`.
 */
export interface AgentDemoData {
  /** Loads the data for a tenant; existing rows are kept (idempotent). */
  load(d1: D1Database, tenantId: string): Promise<void>;
}

export type ScopeVerdict = { inScope: true } | { inScope: false; message: string };

export interface AgentDefinition<Input = unknown> extends AgentReviewPolicy {
  name: string;
  version: string;
  description: string;
  /** The task's schema; types flow from it. */
  input: z.ZodType<Input>;
  /** Input guardrail run before a run exists: out of scope is refused (422 OUT_OF_SCOPE). */
  scope?(raw: unknown): ScopeVerdict;
  /** A natural idempotency key of the task (e.g. a report id), used when the caller sends none. */
  idempotencyKey?(input: Input): string | undefined;
  /** How error messages name that key's task, e.g. "report R-1" (the HTTP layer has no agent words). */
  describeIdempotencyKey?(input: Input): string;
  /**
   * The ordered steps for this input. Must be deterministic: a resumed run replans.
   * With `journalPlan`, the plan grows with the journal: it is re-evaluated after every
   * completed step from the outputs so far (a tool-calling loop), and must be a pure
   * function of them, so the resume rules apply unchanged to every step it adds.
   */
  plan(input: Input, results: Readonly<Record<string, unknown>>): StepDefinition<Input>[];
  journalPlan?: boolean;
  /**
   * The read-only results of a finished run, keyed so a dry run re-deciding it can be answered the same
   * (`RunOptions.replayReads`); the tool loop keys them by call (tool and canonical arguments).
   */
  replayReads?(results: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Which model each model step uses (cheapest first), shown by GET /v1/agents. */
  models?: Record<string, string[]>;
  limits?: Partial<AgentLimits>;
  /** Output guardrail: checks every side-effecting tool call before it runs. */
  actionPolicy?(action: ProposedAction, facts: ActionFacts<Input>): ActionVerdict;
  /**
   * A few display fields for the review queue (e.g. employee, amount), from the
   * input and the outputs of the steps completed so far: whatever pauses the
   * run (a step's request, a blocked side effect, a spent budget), the item
   * shows the same fields.
   */
  reviewSubject?(input: Input, results: Readonly<Record<string, unknown>>): Record<string, string | number>;
  /** How the dashboard shows this agent's review items; without it, a generic view in neutral words. */
  reviewView?: AgentReviewView;
  /**
   * What the dashboard's trace shows of each step's prompts and answers: "full" (the default) the
   * journal's own clipped detail (a turn's messages, a call's arguments and result), "none" only
   * timings, models, tools, tokens and cost.
   */
  traceContent?: "full" | "none";
  /** How the agent earns autonomy; defaults apply. */
  deployment?: Partial<DeploymentPolicy>;
  /** Trace sampling for this agent's runs (src/observability/): 0..1, default OTEL_TRACES_SAMPLER_ARG (1); 0 turns its traces off. */
  tracing?: { sampleRate: number };
  /** Checks a reviewer's decision against the proposal (e.g. amendments stay within policy): a reason to refuse, or null. */
  validateReview?(proposal: unknown, decision: ReviewDecisionRequest): string | null;
  /**
   * The same check made by the run itself, with everything the run gathered
   * (a tool agent validates edited arguments against the tool schema and the
   * action policy here): a reason to refuse (422, nothing runs), or null.
   */
  validateDecision?(decision: ReviewDecisionRequest, facts: ActionFacts<Input> & { proposal: unknown }): string | null;
  /** The schema of the agent's outcome (and proposal): what the run decides. */
  outcome?: z.ZodType;
  /** Compares a proposal with a final decision (see OutcomeComparison); without it, `defaultComparison` (src/runtime/outcomes.ts). */
  compareOutcomes?(proposal: unknown, final: unknown): OutcomeComparison;
  /**
   * The agent's part of a reviewer's decision: the schema of an amend's
   * `items` (checked by the HTTP route and the dashboard, 422 with its issue
   * paths). Without it, a decision carries no items.
   */
  reviewDecision?: { items: z.ZodType<unknown[]> };
  /** The evaluation set, bundled with the agent. */
  evalSet?: AgentEvalSet;
  /** What a tenant gets to try the agent (employees, etc.). */
  demoData?: AgentDemoData;
  /** The agent's own embedded models by model id (weights in its folder), run by the runtime's embedded host. */
  embeddedModels?: Readonly<Record<string, EmbeddedModel>>;
  /** The per-tenant data the agent reads, by collection name: loaded by operators (PUT /v1/agents/{agent}/data/{collection}). */
  dataCollections?: Readonly<Record<string, AgentDataCollection>>;
}

export function defineAgent<Input>(agent: AgentDefinition<Input>): AgentDefinition<Input> {
  return agent;
}
