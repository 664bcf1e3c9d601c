/**
 * Advances one run step by step. Consecutive steps run inline in one
 * invocation, each committed to the journal before the next begins (a new
 * implicit transaction per await); the single alarm is only the safety net
 * that resumes after a crash, a retry delay, or a deadline.
 *
 * Resume rules, all read from the journal:
 * - a completed step is never re-run; its output is replayed from storage;
 * - a step journaled as `running` crashed mid-way: it runs again as a new
 *   attempt, but its model calls replay from `model_calls` (not paid twice) and
 *   its side-effecting tool calls reconcile through their idempotency keys
 *   (never executed twice);
 * - a crash loop is bounded because every attempt is counted before it starts.
 */
import { z } from "zod";
import { messageText, type ChatRequest, type CallOptions, type ModelProvider, type ModelResult } from "../models/types";
import type { ToolDefinition } from "../tools/define-tool";
import { ToolError } from "../tools/define-tool";
import { ActionBlocked, ALLOW, block, BudgetExceeded, type ActionVerdict } from "../guardrails/action-policy";
import { worstCaseCostMicroUsd } from "../models/prices";
import { resolveTiers } from "../models/tiers";
import {
  DEFAULT_RETRY,
  isReviewRequest,
  limitsOf,
  type ToolCallOptions,
  requestReview,
  type AgentDefinition,
  type AgentLimits,
  type RetryPolicy,
  type StepContext,
  type StepDefinition,
} from "./agent-definition";
import type { Clock } from "./clock";
import { NonRetryableError, toErrorRecord, type ErrorRecord } from "./errors";
import { OUTBOX_KIND, type RunHistoryRow } from "../db/history-sink";
import type { Outbox } from "./outbox";
import { stepHistoryKey } from "./journal-triggers";
import { ESCALATION_KIND } from "./delivery";
import { escalationMessage } from "../escalation/hand-over";
import { RESTING_STATUSES, type RunState, type RunStatus, type RunStore, type StepState } from "./run-store";
import { toRunView } from "./run-view";
import { TOOL_LOOP_STOP_CODES } from "./tool-loop/stop-codes";
import { reconcileInterrupted, settleFailure } from "./tool-loop/outcome";
import { RunTracer } from "../observability/run-tracer";
import { tracingEnabled } from "../observability/otlp-config";
import { logEscalationQueued, logGuardBlocked, logRunRested } from "../observability/logs";

/** Stop reason (and review code) of a run whose agent version is gone or no longer fits its journal. */
export const AGENT_VERSION_CHANGED = "AGENT_VERSION_CHANGED";

/** Points where tests may crash the object on purpose. */
export type Checkpoint = "before-step" | "after-step" | "after-tool-intent" | "after-tool-effect" | "after-model-call";

/** Stop reasons that are themselves the error code of a limit. */
const LIMIT_CODES = new Set(["STEP_LIMIT", "TIME_LIMIT", "TOOL_CALL_LIMIT", "MODEL_CALL_LIMIT", "BUDGET_EXCEEDED", ...TOOL_LOOP_STOP_CODES]);

/** What the executor needs from its Durable Object: nothing more. */
export interface ExecutorHost {
  readonly store: RunStore;
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly bindings: Env;
  agent(name: string): AgentDefinition<unknown>;
  /** Exactly the version a run started on, or undefined when that version is no longer registered. */
  agentAt(name: string, version: string): AgentDefinition<unknown> | undefined;
  models(): ModelProvider;
  costOf(model: string, usage: { prompt_tokens: number; completion_tokens: number }): number;
  checkpoint(point: Checkpoint, stepIndex: number): void;
  /** Resolves once every write so far is durable. */
  commit(): Promise<void>;
  /**
   * Covers a model call's worst-case cost against the shared daily budget and returns the
   * reservation it draws on; throws BudgetExceeded. A round trip to the guard is needed only
   * when the run's lease cannot cover it (a new lease is at most `ceilingMicroUsd`, what the run
   * may still spend); that round trip settles what the guard has no cost for yet.
   */
  reserveBudget(run: RunState, amountMicroUsd: number, dailyCap: number, ceilingMicroUsd: number): Promise<string>;
  /** The call drawn on `reservationId` ended (journaled, or failed with nothing journaled); `unused` goes back to the lease. */
  endBudgetCall(reservationId: string, unusedMicroUsd: number): void;
  /** Called when the run reaches a resting status. */
  rested(run: RunState): void;
}

export class RunExecutor {
  /**
   * Per-instance caches of what the journal already says (the plan and the
   * completed outputs), so a step's cost does not grow with the steps before
   * it. Rebuilt from storage after a restart, so they are never the truth.
   */
  private plan: StepDefinition<unknown>[] | null = null;
  private results: Record<string, unknown> | null = null;
  private fitChecked = false;
  /** The index this instance knows has no journal row (it just completed the step before); -1 when unknown. */
  private unstartedIndex = -1;
  /** The step whose running attempt began with no journal row, so none of its calls is journaled either; -1 when none. */
  private freshStep = -1;
  /** The run's tracer; null when it is not traced (decided once, from the run's options). */
  private tracer: RunTracer | null | undefined;

  constructor(private readonly host: ExecutorHost) {}

  /** This instance has just created the run: its journal is empty, so there is nothing to read back. */
  runCreated(): void {
    this.results = {};
    this.unstartedIndex = 0;
    this.fitChecked = true;
  }

  private tracing(): RunTracer | null {
    if (this.tracer !== undefined) return this.tracer;
    const run = this.host.store.getRun();
    if (!run) return null;
    this.tracer = RunTracer.of(this.host.outbox, run, tracingEnabled(this.host.bindings));
    return this.tracer;
  }

  private completedOutputs(): Record<string, unknown> {
    this.results ??= this.host.store.completedOutputs();
    return this.results;
  }

  /** Runs steps until the run rests or must wait (retry delay). */
  async advance(): Promise<void> {
    const { store, clock } = this.host;
    for (;;) {
      const run = store.getRun();
      if (!run || RESTING_STATUSES.has(run.status)) return;
      if (run.review && run.stopReason === AGENT_VERSION_CHANGED) {
        // The person decided a run its own version could no longer continue: their decision is the outcome.
        return this.finish("completed", { outcome: { humanDecision: run.review, agentProposal: run.proposal } });
      }
      // Runs outlive deploys: a run continues only on the definition it started on, and only while its journal fits it.
      const agent = this.host.agentAt(run.agent, run.agentVersion);
      const misfit = agent ? this.journalMisfit(run, agent) : `version ${run.agentVersion} of "${run.agent}" is no longer registered`;
      if (misfit || !agent) return this.versionChanged(misfit ?? "no definition");
      const limits: AgentLimits = limitsOf(agent);
      const now = clock.now();

      if (run.cancelRequested) return this.finish("cancelled", { stopReason: "CANCELLED" });
      if (now >= run.deadlineAt) {
        return this.finish("failed", {
          stopReason: "TIME_LIMIT",
          error: { code: "TIME_LIMIT", message: `The run exceeded its time limit of ${limits.timeLimitMs} ms.`, retryable: false },
        });
      }

      if (run.review && run.stopReason === "BUDGET_EXCEEDED") {
        // The agent could not finish; the person's decision is the outcome. No agent side effects follow.
        return this.finish("completed", { outcome: { humanDecision: run.review, agentProposal: run.proposal } });
      }

      // A journal-derived plan (a tool loop) grows with its completed outputs: re-read after every step.
      const plan = agent.journalPlan ? agent.plan(run.input, this.completedOutputs()) : (this.plan ??= agent.plan(run.input, {}));
      if (run.nextStep >= plan.length) {
        // Every step is completed here, so the last one's output is among the outputs this instance keeps.
        const lastName = plan.at(-1)?.name;
        const last = lastName === undefined ? null : this.completedOutputs()[lastName];
        return this.finish("completed", { outcome: last ?? null });
      }
      if (run.steps >= limits.maxSteps) {
        return this.finish("failed", {
          stopReason: "STEP_LIMIT",
          error: { code: "STEP_LIMIT", message: `The run reached its limit of ${limits.maxSteps} steps.`, retryable: false },
        });
      }

      const index = run.nextStep;
      const step = plan[index]!;
      const policy: RetryPolicy = { ...DEFAULT_RETRY, ...step.retry };
      // A step this instance has just moved past the one before has no journal row yet: no read.
      const previous = index === this.unstartedIndex ? null : store.getStep(index);
      if (previous?.status === "retrying" && previous.retryAt !== null && previous.retryAt > now) return; // the alarm wakes us
      const attempt = (previous?.attempt ?? 0) + 1;
      if (attempt > policy.maxAttempts) {
        // Only reachable when earlier attempts crashed the object before recording a failure.
        const error = previous?.error ?? { code: "STEP_CRASHED", message: `Step "${step.name}" crashed ${policy.maxAttempts} times.`, retryable: false };
        store.failStep(index, error, now);
        this.journalStep(index);
        return this.finish("failed", { stopReason: "RETRIES_EXHAUSTED", error });
      }

      const inputSummary = step.describeInput ? clip(step.describeInput(run.input, this.completedOutputs())) : null;
      store.startStep({ index, name: step.name, kind: step.kind, attempt, inputSummary }, now);
      this.freshStep = previous === null ? index : -1;
      this.unstartedIndex = -1; // journaled now: a retry of this step reads its attempt back
      this.tracing()?.stepBegan(index, attempt);
      // One commit per step: it makes the previous step's result and this attempt's
      // start durable together, so even a step that kills the isolate is counted
      // and a crash loop ends after maxAttempts.
      await this.host.commit();
      this.host.checkpoint("before-step", index);

      let output: unknown;
      try {
        output = await step.run(this.context(run, step, index, attempt, limits));
      } catch (thrown) {
        if (thrown instanceof ActionBlocked && run.options.dryRun) {
          // A dry run stops at its first side effect: what it proposed is its result.
          store.completeStep(index, { dryRun: true }, "dry run: stopped before acting", clock.now(), false);
          this.journalStep(index);
          return this.finish("completed", { stopReason: "DRY_RUN", outcome: store.getRun()!.proposal });
        } else if (thrown instanceof ActionBlocked) {
          // A guard refused a side effect: the step ends here and a person decides.
          output = requestReview([thrown.code], { priority: 2, subject: agent.reviewSubject?.(run.input, this.completedOutputs()) ?? {} });
        } else if (thrown instanceof BudgetExceeded) {
          // The run stops where it is and escalates with what it has gathered.
          const error = toErrorRecord(thrown);
          store.failStep(index, error, clock.now());
          this.journalStep(index);
          return this.pause(["BUDGET_EXCEEDED"], 1, agent.reviewSubject?.(run.input, this.completedOutputs()) ?? {}, "BUDGET_EXCEEDED", error);
        } else {
          return this.fail(thrown, index, attempt, policy);
        }
      }

      const doneAt = clock.now();
      const summary = summarize(step, output);
      store.completeStep(index, output ?? null, summary, doneAt, step.kind === "decision");
      this.unstartedIndex = index + 1;
      // A pause that names what it proposes (a tool call awaiting approval) shows that to the person.
      if (isReviewRequest(output) && output.$review.proposal !== undefined) store.setProposal(output.$review.proposal, doneAt);
      this.completedOutputs()[step.name] = output ?? null;
      // The update's trigger put the step's history entry (./journal-triggers.ts).
      this.host.outbox.historyPutInStorage(stepHistoryKey(index));
      this.tracer?.stepEnded({ index, name: step.name, kind: step.kind, attempt, status: "completed", startedAt: now, finishedAt: doneAt, error: null });
      this.host.checkpoint("after-step", index);

      if (isReviewRequest(output)) {
        const { reasons, priority, subject } = output.$review;
        // The agent's subject fills every display field; what the step named on top of it wins.
        return this.pause(reasons, priority, { ...agent.reviewSubject?.(run.input, this.completedOutputs()), ...subject }, "REVIEW_REQUIRED");
      }
    }
  }

  /**
   * Why this run's journal no longer fits its definition (a step recorded under
   * another name than the plan now gives at that index), or null. Checked once
   * per object instance: the definition cannot change while the isolate lives.
   */
  private journalMisfit(run: RunState, agent: AgentDefinition<unknown>): string | null {
    if (this.fitChecked) return null;
    this.fitChecked = true;
    if (run.nextStep === 0) return null; // nothing journaled yet
    const plan = agent.plan(run.input, this.completedOutputs());
    for (const step of this.host.store.listSteps()) {
      if (step.index >= run.nextStep) break;
      const planned = plan[step.index];
      if (!planned || planned.name !== step.name) {
        return `step ${step.index} is "${step.name}" in the journal but "${planned?.name ?? "(none)"}" in version ${agent.version}'s plan`;
      }
    }
    return null;
  }

  /** Never replays a journal against another plan or tool set: the run goes to a person. */
  private versionChanged(why: string): void {
    const run = this.host.store.getRun()!;
    const error = { code: AGENT_VERSION_CHANGED, message: `The run cannot continue on its agent definition: ${why}.`, retryable: false };
    let subject: Record<string, string | number> = {};
    try {
      subject = this.host.agent(run.agent).reviewSubject?.(run.input, this.completedOutputs()) ?? {};
    } catch {
      // The current version may not read this input: the item shows no display fields.
    }
    this.pause([AGENT_VERSION_CHANGED], 2, subject, AGENT_VERSION_CHANGED, error);
  }

  /** A step threw: retry it later with backoff if that can help, else fail the run with a typed stop reason. */
  private fail(thrown: unknown, index: number, attempt: number, policy: RetryPolicy): void {
    const { store, clock } = this.host;
    const error = toErrorRecord(thrown);
    const failedAt = clock.now();
    if (error.retryable && attempt < policy.maxAttempts) {
      const backoff = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
      store.retryStep(index, error, failedAt + Math.max(backoff, error.retryAfterMs ?? 0), failedAt);
      this.journalStep(index);
      return; // resumed by the alarm at retryAt
    }
    store.failStep(index, error, failedAt);
    this.journalStep(index);
    const stopReason = LIMIT_CODES.has(error.code) ? error.code : error.retryable ? "RETRIES_EXHAUSTED" : "STEP_FAILED";
    this.finish("failed", { stopReason, error });
  }

  /** Pauses the run for a person and queues the escalation (same transaction). */
  private pause(reasons: string[], priority: number, subject: Record<string, string | number>, stopReason: string, error?: ErrorRecord): void {
    const current = this.host.store.getRun()!;
    const message = escalationMessage(current, reasons, priority, subject, this.host.clock.now());
    // Evaluation runs are scored on their proposal; they never reach a reviewer's queue.
    if (!current.options.evaluation) this.host.outbox.put({ key: "escalation", kind: ESCALATION_KIND, payload: message });
    logEscalationQueued(current, reasons, priority, this.host.clock.now());
    this.finish("waiting_for_review", { stopReason, error });
  }

  /** Puts the run to rest and records it for history. */
  finish(status: RunStatus, fields: { stopReason?: string; error?: ErrorRecord; outcome?: unknown } = {}): void {
    const { store, clock } = this.host;
    store.setStatus(status, clock.now(), fields);
    // Watchers see the rest with the run as GET /v1/runs/{id} shows it (same transaction as the status).
    store.events.append(status === "waiting_for_review" ? "run.waiting_for_review" : "run.finished", toRunView(store.getRun()!), clock.now());
    logRunRested(store.getRun()!, clock.now());
    this.snapshotRun();
    this.tracing()?.rested(store.getRun()!);
    this.host.rested(store.getRun()!);
  }

  snapshotRun(): void {
    const run = this.host.store.getRun();
    if (!run) return;
    this.putRunHistory(run);
    // Snapshotted while running with a decision: a person's decision has just resumed it.
    if (run.status === "running" && run.review) this.tracing()?.resumed(run);
  }

  /**
   * D1's copy of a run that stopped executing without resting (it waits to retry a step).
   * A run that rests inline needs no copy before its rest: the rest's snapshot replaces
   * any earlier one under the same outbox key before history is delivered.
   */
  snapshotWorking(): void {
    const run = this.host.store.getRun();
    if (run && !RESTING_STATUSES.has(run.status)) this.putRunHistory(run);
  }

  private putRunHistory(run: RunState): void {
    const row: RunHistoryRow = {
      id: run.id,
      tenantId: run.tenantId,
      agent: run.agent,
      agentVersion: run.agentVersion,
      status: run.status,
      stage: run.options.stage ?? null,
      reviewGate: run.options.reviewGate ?? null,
      evaluation: run.options.evaluation ?? null,
      idempotencyKey: run.idempotencyKey,
      input: run.input,
      proposal: run.proposal,
      outcome: run.outcome,
      stopReason: run.stopReason,
      steps: run.steps,
      modelCalls: run.modelCalls,
      toolCalls: run.toolCalls,
      costMicroUsd: run.costMicroUsd,
      wallMs: run.wallMs,
      reviewWaitMs: run.reviewWaitMs,
      // Counted only at rest (one grouped read of the journal), not on every snapshot of a working run.
      modelUsage: run.status === "running" || run.status === "queued" ? null : this.host.store.modelUsage(),
      createdAt: run.createdAt,
      updatedAt: run.updatedAt,
    };
    this.host.outbox.put({ key: "run", kind: OUTBOX_KIND.run, payload: row });
  }

  /** A step's attempt ended off the common path (failure, retry, dry run): its history entry is the journal trigger's; the trace gets the step as journaled. */
  private journalStep(index: number): void {
    this.host.outbox.historyPutInStorage(stepHistoryKey(index));
    const tracing = this.tracing();
    const step = tracing ? this.host.store.getStep(index) : null;
    if (step) tracing!.stepEnded(step);
  }

  private context(run: RunState, step: StepDefinition<unknown>, index: number, attempt: number, limits: AgentLimits): StepContext<unknown> {
    const host = this.host;
    let toolCall = 0;
    let modelCall = 0;
    return {
      runId: run.id,
      tenantId: run.tenantId,
      agent: run.agent,
      input: run.input,
      results: this.completedOutputs(),
      review: run.review,
      options: run.options,
      stepIndex: index,
      attempt,
      clock: host.clock,
      env: host.bindings,
      callTool: async <In extends z.ZodType, Out extends z.ZodType>(tool: ToolDefinition<In, Out>, args: z.input<In>, options: ToolCallOptions = {}) => {
        const key = options.key ?? `${run.id}:${index}:${toolCall++}`;
        const tracer = this.tracing();
        if (!tracer) return this.callTool(tool, args, key, index, limits, options.approved) as Promise<z.output<Out>>;
        return this.tracedToolCall(tracer, tool, args, key, index, limits, options.approved) as Promise<z.output<Out>>;
      },
      callModel: (request: ChatRequest, options?: CallOptions) => {
        const tier = modelCall++;
        const key = `${index}:${tier}`;
        const tracer = this.tracing();
        if (!tracer) return this.callModel(request, options, key, index, limits);
        return this.tracedModelCall(tracer, request, options, key, index, limits, tier);
      },
      modelTiers: (task: string) =>
        resolveTiers({ env: host.bindings, agent: run.agent, task, tenantOverride: run.options.modelTiers, defaults: host.agent(run.agent).models?.[task] ?? [] }),
      flagForReview: (code: string) => host.store.addFlag(code),
    };
  }

  /** A tool call with its `execute_tool` span (only for traced runs). */
  private async tracedToolCall(tracer: RunTracer, tool: ToolDefinition, args: unknown, key: string, stepIndex: number, limits: AgentLimits, approved?: boolean): Promise<unknown> {
    const { store, clock } = this.host;
    const startedAt = clock.now();
    const ended = (error: unknown) =>
      tracer.toolCalled(stepIndex, tool.name, key, Boolean(tool.sideEffect), tool.sideEffect ? store.getToolCall(key) : null, startedAt, clock.now(), error);
    try {
      const result = await this.callTool(tool, args, key, stepIndex, limits, approved);
      ended(null);
      return result;
    } catch (error) {
      ended(error);
      throw error;
    }
  }

  /** A model call with its `chat` span; the gateway gets the span as `traceparent` (metadata and header). */
  private async tracedModelCall(tracer: RunTracer, request: ChatRequest, options: CallOptions | undefined, key: string, stepIndex: number, limits: AgentLimits, tier: number): Promise<ModelResult> {
    const { store, clock } = this.host;
    const startedAt = clock.now();
    const traced: CallOptions = { ...options, metadata: { ...options?.metadata, traceparent: tracer.modelTraceparent(key) } };
    try {
      const result = await this.callModel(request, traced, key, stepIndex, limits);
      const call = store.getModelCall(key);
      if (call) tracer.modelCalled(call, tier);
      return result;
    } catch (error) {
      tracer.modelFailed(stepIndex, key, request.model, tier, startedAt, clock.now(), error);
      throw error;
    }
  }

  private async callTool(tool: ToolDefinition, rawArgs: unknown, key: string, stepIndex: number, limits: AgentLimits, approved?: boolean): Promise<unknown> {
    const { store, clock } = this.host;
    const args = tool.input.safeParse(rawArgs);
    if (!args.success) {
      throw new ToolError("INVALID_TOOL_ARGS", `Tool "${tool.name}" was called with invalid arguments.`, { details: z.treeifyError(args.error) });
    }
    const run = store.getRun()!;
    // A blocked call never ran: a later attempt (after a person's decision) passes the guards again, from the start.
    const found = tool.sideEffect ? store.getToolCall(key) : null;
    const journaled = found?.status === "blocked" ? null : found;
    if (journaled?.status === "done") return journaled.result; // finished before a crash: replay
    if (!journaled && run.toolCalls >= limits.maxToolCalls) {
      throw new NonRetryableError("TOOL_CALL_LIMIT", `The run reached its limit of ${limits.maxToolCalls} tool calls.`);
    }
    const ctx = { env: this.host.bindings, tenantId: run.tenantId, runId: run.id, idempotencyKey: key, clock, input: run.input };
    if (tool.sideEffect && !journaled) {
      const verdict = this.guard(run, tool.name, args.data, approved);
      if (!verdict.allow) {
        store.toolCallBlocked(key, stepIndex, tool.name, { code: verdict.code, message: verdict.reason, retryable: false }, clock.now());
        logGuardBlocked(run, { stepIndex, tool: tool.name, key, code: verdict.code, source: verdict.source }, clock.now());
        throw new ActionBlocked(verdict.code, verdict.reason, verdict.source);
      }
    }
    if (journaled?.status === "intent" || journaled?.status === "outcome_unknown") {
      // Interrupted mid-call: a tool that reaches outside our ledger must say whether a repeat is safe.
      const reconciled = await reconcileInterrupted(tool, args.data, ctx, journaled, store, clock);
      if (reconciled.done) return reconciled.result;
    }
    if (tool.sideEffect) {
      if (!journaled) {
        // Intent first: if we crash after this, the retry reuses the same key and the
        // tool's own idempotency (unique ledger key) turns the re-call into a lookup.
        store.toolCallIntent(key, stepIndex, tool.name, clock.now());
        store.addUsage({ toolCalls: 1 });
        await this.host.commit();
      }
      this.host.checkpoint("after-tool-intent", stepIndex);
    } else {
      store.addUsage({ toolCalls: 1 });
    }
    let result: unknown;
    try {
      result = tool.output.parse(await tool.run(args.data, ctx));
    } catch (error) {
      if (tool.sideEffect) {
        // A failure after sending (a timeout) may have taken effect: settled by key, or journaled outcome_unknown.
        const settled = await settleFailure(tool, args.data, ctx, error, store, clock);
        if (settled.done) {
          this.host.checkpoint("after-tool-effect", stepIndex);
          store.toolCallDone(key, settled.result, clock.now());
          return settled.result;
        }
        store.toolCallFailed(key, toErrorRecord(error), clock.now());
      } else store.readOnlyToolCalled({ key, stepIndex, tool: tool.name, error: toErrorRecord(error) }, clock.now());
      throw error;
    }
    if (tool.sideEffect) {
      this.host.checkpoint("after-tool-effect", stepIndex);
      store.toolCallDone(key, result, clock.now());
    } else store.readOnlyToolCalled({ key, stepIndex, tool: tool.name, error: null }, clock.now());
    return result;
  }

  /**
   * The runtime's gates first (stage, breaker, review flags), then the agent's own action policy.
   * `approved` (a tool loop's call a person approved) stands in for "the run was reviewed":
   * in a loop one review covers one call, never the calls after it.
   */
  private guard(run: RunState, tool: string, args: unknown, approved?: boolean): ActionVerdict & { source?: "gate" | "policy" } {
    if (run.options.dryRun) return { ...block("DRY_RUN", "A dry run never acts."), source: "gate" };
    if (!(approved ?? run.review)) {
      const gate = run.options.reviewGate;
      if (gate) return { ...block(gate, `Side effects of this run wait for a person (${gate}).`), source: "gate" };
      if (run.options.reviewOnFlags && run.flags.length > 0) {
        return { ...block(run.flags[0]!, `The run raised ${run.flags.join(", ")}; a person reviews before it acts.`), source: "gate" };
      }
    }
    const agent = this.host.agent(run.agent);
    const verdict = agent.actionPolicy?.({ tool, args }, { input: run.input, results: this.completedOutputs(), review: run.review, options: run.options }) ?? ALLOW;
    return { ...verdict, source: "policy" };
  }

  private async callModel(request: ChatRequest, options: CallOptions | undefined, key: string, stepIndex: number, limits: AgentLimits): Promise<ModelResult> {
    const { store, clock } = this.host;
    // Model call keys are per step (`index:tier`): a step with no journal row before this attempt has none to replay.
    const journaled = stepIndex === this.freshStep ? null : store.getModelCall(key);
    if (journaled && journaled.model === request.model) {
      // Already paid for: replay the answer (a resumed run never pays twice).
      return {
        response: journaled.response as ModelResult["response"],
        latencyMs: journaled.latencyMs,
        gateway: { cacheStatus: journaled.cacheStatus ?? undefined, logId: journaled.logId ?? undefined },
        replayed: true,
      };
    }
    const run = store.getRun()!;
    if (run.modelCalls >= limits.maxModelCalls) {
      throw new NonRetryableError("MODEL_CALL_LIMIT", `The run reached its limit of ${limits.maxModelCalls} model calls.`);
    }
    // Budget: the worst case is covered before calling (drawn on the run's lease, or a new
    // reservation), so concurrent runs can never overshoot a cap. The real cost is journaled
    // unsettled with the call and reaches the guard with the run's next reservation or its rest.
    const worstCase = worstCaseCostMicroUsd(request.model, estimateTokens(request), request.max_tokens ?? DEFAULT_MAX_TOKENS);
    if (run.costMicroUsd + worstCase > limits.maxCostMicroUsdPerRun) {
      throw new BudgetExceeded(`This call could cost up to ${worstCase} micro-USD; the run's budget is ${limits.maxCostMicroUsdPerRun} and ${run.costMicroUsd} is spent.`);
    }
    const reservation = await this.host.reserveBudget(run, worstCase, limits.maxCostMicroUsdPerDay, limits.maxCostMicroUsdPerRun - run.costMicroUsd);
    let result: ModelResult;
    try {
      result = await this.host.models().complete(request, options);
    } catch (error) {
      this.host.endBudgetCall(reservation, worstCase); // nothing journaled: its whole worst case is free again
      throw error;
    }
    const usage = result.response.usage;
    const cost = this.host.costOf(request.model, usage);
    store.recordModelCall({
      key,
      stepIndex,
      model: request.model,
      response: result.response,
      promptTokens: usage.prompt_tokens,
      completionTokens: usage.completion_tokens,
      costMicroUsd: cost,
      latencyMs: result.latencyMs,
      cacheStatus: result.gateway.cacheStatus ?? null,
      logId: result.gateway.logId ?? null,
      createdAt: clock.now(),
    }, reservation);
    this.host.endBudgetCall(reservation, worstCase - cost);
    // Durable before anything else happens: a crash from here on replays this answer instead of paying again.
    await this.host.commit();
    this.host.checkpoint("after-model-call", stepIndex);
    return result;
  }
}

const DEFAULT_MAX_TOKENS = 1_024;

/** A generous prompt-size estimate for the worst-case reservation (about 4 characters a token, rounded up); tool calls and tool specs count too. */
function estimateTokens(request: ChatRequest): number {
  const tools = request.tools ? Math.ceil(JSON.stringify(request.tools).length / 3) : 0;
  return request.messages.reduce((n, m) => n + Math.ceil(messageText(m).length / 3) + 4, tools);
}

function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function summarize(step: StepDefinition<unknown>, output: unknown): string {
  return step.summarize ? clip(step.summarize(output)) : clip(JSON.stringify(output ?? null), 200);
}

export type { StepState };
