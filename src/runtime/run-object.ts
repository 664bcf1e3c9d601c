/**
 * One Durable Object per run, named by run id. It is deliberately thin: state
 * lives in RunStore (journal) and Outbox (history), the step loop in
 * RunExecutor, the wake-up rule in wake-schedule. This class wires them to the
 * platform (storage, the single alarm) and exposes a small RPC surface.
 */
import { setLogLevel } from "../observability/logs";
import { DurableObject } from "cloudflare:workers";
import { agentAtVersion, agentByName } from "../agents/registry";
import { BudgetExceeded } from "../guardrails/action-policy";
import { RESERVATION_TTL_MS, type Settlement } from "../guardrails/budget";
import { BudgetLease } from "./budget-lease";
import { guardClient, type RestSettlement } from "../guardrails/guard-client";
import { afterRest } from "../guardrails/after-rest";
import { recordJudgment } from "../guardrails/judgments";
import { agreementOf } from "../escalation/review-items";
import { escalationFromJournal, pauseRoundOf } from "../escalation/hand-over";
import { reviewIdFor, type ReviewCancelled } from "../escalation/messages";
import { OUTBOX_KIND, type ReviewDecidedRow } from "../db/history-sink";
import type { ReviewDecision } from "../escalation/messages";
import { costMicroUsd, createModelProvider } from "../models/runtime-models";
import type { ModelProvider } from "../models/types";
import { DEFAULT_LIMITS } from "./agent-definition";
import { systemClock, type Clock } from "./clock";
import { RunExecutor, type Checkpoint, type ExecutorHost } from "./executor";
import { ESCALATION_KIND, PlatformSink } from "./delivery";
import { Outbox, type HistorySink } from "./outbox";
import { FINAL_STATUSES, RESTING_STATUSES, RunStore, type RunOptions, type RunState } from "./run-store";
import { toRunView, toStepViews, type RunView, type StepView } from "./run-view";
import { nextWakeAt } from "./wake-schedule";
import { runTraceparent } from "../observability/run-tracer";
import { loopStepDetails } from "./tool-loop/step-detail";
import { readEvents } from "./events/read";
import type { EventBatch } from "./events/client";
import type { ToolAgentSpec } from "./tool-loop/types";
import type { CancelResult, RepairReviewResult, ResolveReviewResult, SubmitCommand, SubmitResult } from "./run-client";

/** Test-only fault injection, set through `runInDurableObject`; lives in memory only. */
export interface TestHooks {
  onCheckpoint?(point: Checkpoint, stepIndex: number): void;
  /** Each budget round trip to the guard, with how many earlier calls it settles. */
  onBudgetRpc?(rpc: "reserve" | "settle" | "finished", settles: number): void;
}

/** A rested run whose calls could not be settled with its release retries this often (the alarm). */
const SETTLE_RETRY_MS = 10_000;

export class RunDurableObject extends DurableObject<Env> implements ExecutorHost {
  readonly store: RunStore;
  readonly outbox: Outbox;
  clock: Clock = systemClock;
  historySink: HistorySink;
  hooks: TestHooks = {};
  private readonly executor: RunExecutor;
  private executing: Promise<void> | null = null;
  private looping = false;
  /** Built from config on first use; tests may set it. */
  modelProvider: ModelProvider | null = null;
  private armedAt: number | null | undefined = undefined; // undefined = not read yet
  private waiters = new Set<() => void>();
  /** The rest's release (which carries the unsettled calls) is in flight: nothing else sends them meanwhile. */
  private settlingAtRest = false;
  /** The run's budget lease (./budget-lease.ts): most model calls draw on it with no round trip to the guard. */
  private readonly lease = new BudgetLease(RESERVATION_TTL_MS);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    setLogLevel(env.LOG_LEVEL);
    this.store = new RunStore(ctx.storage.sql);
    this.outbox = new Outbox(ctx.storage.sql, this.store.tableNames);
    this.historySink = new PlatformSink(env);
    this.executor = new RunExecutor(this);
  }

  // ---- ExecutorHost ---------------------------------------------------------

  get bindings(): Env {
    return this.env;
  }

  /** The agent's definition at the version this object's run started on (the current one before a run exists, or if that version is gone). */
  agent(name: string) {
    const run = this.store.getRun();
    return (run && run.agent === name ? agentAtVersion(name, run.agentVersion) : undefined) ?? agentByName(name);
  }

  agentAt(name: string, version: string) {
    return agentAtVersion(name, version);
  }

  models(): ModelProvider {
    this.modelProvider ??= createModelProvider(this.env);
    return this.modelProvider;
  }

  costOf(model: string, usage: { prompt_tokens: number; completion_tokens: number }): number {
    return costMicroUsd(model, usage);
  }

  checkpoint(point: Checkpoint, stepIndex: number): void {
    this.hooks.onCheckpoint?.(point, stepIndex);
  }

  commit(): Promise<void> {
    return this.ctx.storage.sync();
  }

  /** What may settle at the guard now: the journaled calls and closed leases no call still draws on. */
  private settleable(): Settlement[] {
    return this.lease.settleable(this.store.unsettledCalls());
  }

  private markSettled(items: readonly Settlement[]): void {
    const ids = items.map((s) => s.id);
    this.store.markSettled(ids);
    this.lease.settled(ids);
  }

  async reserveBudget(run: RunState, amount: number, dailyCap: number, ceiling: number): Promise<string> {
    const now = this.clock.now();
    const drawn = this.lease.draw(amount, now);
    if (drawn) return drawn;
    this.lease.close();
    const id = crypto.randomUUID();
    const settle = this.settleable();
    const guard = guardClient(this.env, run.tenantId, run.agent);
    const size = BudgetLease.size(amount, ceiling);
    this.hooks.onBudgetRpc?.("reserve", settle.length);
    let result = await guard.reserve(id, size, dailyCap, now, settle);
    // Settled even when refused (settling comes first). A crash before this write re-sends them: idempotent by id.
    this.markSettled(settle);
    let granted = size;
    if (!result.ok && size > amount) {
      // Near the cap a whole lease may not fit where this call alone still does.
      this.hooks.onBudgetRpc?.("reserve", 0);
      result = await guard.reserve(id, amount, dailyCap, this.clock.now());
      granted = amount;
    }
    if (!result.ok) {
      throw new BudgetExceeded(`The agent's daily budget of ${result.cap} micro-USD would be crossed (${result.spent} spent, ${result.reserved} reserved).`, result);
    }
    this.lease.opened(id, granted, amount, now);
    return id;
  }

  endBudgetCall(reservationId: string, unusedMicroUsd: number): void {
    this.lease.ended(reservationId, unusedMicroUsd);
  }

  rested(run: RunState): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    // Leaving the concurrency set and feeding the breaker are best effort here: a
    // lost release is repaired by the guard, a lost judgment is one sample fewer.
    // The run's unsettled calls ride on the release; if it fails they stay journaled
    // and the alarm (kept while any are unsettled, see arm) sends them again.
    // The outputs are read only when the online judge samples this run (a re-decision replays its reads).
    this.lease.close();
    const items = this.settleable();
    const settlement: RestSettlement | undefined = items.length > 0 ? { items, settled: () => this.markSettled(items) } : undefined;
    if (settlement) this.settlingAtRest = true;
    this.hooks.onBudgetRpc?.("finished", items.length);
    const released = afterRest(this.env, run, this.agent(run.agent), () => this.store.completedOutputs(), settlement)
      .catch(() => undefined)
      .then(() => {
        if (!settlement) return;
        this.settlingAtRest = false;
        return this.arm();
      });
    this.ctx.waitUntil(released.catch(() => undefined));
  }

  /**
   * Unsettled calls of a run that stopped executing inline without a release
   * carrying them: a retry wait (settled now, so no reservation outlives its
   * TTL while the run sleeps), or a rested run woken after a crash or a failed
   * release. One round trip; on failure the alarm tries again.
   */
  private async settleLeftover(): Promise<void> {
    const run = this.store.getRun();
    if (!run || this.settlingAtRest) return;
    this.lease.close();
    const items = this.settleable();
    if (items.length === 0) return;
    this.hooks.onBudgetRpc?.("settle", items.length);
    try {
      await guardClient(this.env, run.tenantId, run.agent).settleAll(items, this.clock.now());
      this.markSettled(items);
    } catch {
      // Still journaled unsettled; their reservations hold the worst case meanwhile.
    }
  }

  // ---- RPC ------------------------------------------------------------------

  async submit(cmd: SubmitCommand): Promise<SubmitResult> {
    let run = this.store.getRun();
    let created = false;
    if (run) {
      if (run.requestHash !== cmd.requestHash) return { kind: "conflict", rested: RESTING_STATUSES.has(run.status) };
    } else {
      const agent = this.agent(cmd.agent);
      const now = this.clock.now();
      this.store.createRun({
        id: cmd.runId,
        tenantId: cmd.tenantId,
        agent: cmd.agent,
        agentVersion: agent.version,
        // Parsed again here so defaults apply however the object is reached.
        input: agent.input.parse(cmd.input),
        requestHash: cmd.requestHash,
        idempotencyKey: cmd.idempotencyKey,
        createdAt: now,
        deadlineAt: now + (agent.limits?.timeLimitMs ?? DEFAULT_LIMITS.timeLimitMs),
        options: cmd.options ?? {},
      });
      this.executor.runCreated();
      created = true;
      run = this.store.getRun()!;
    }
    if (!RESTING_STATUSES.has(run.status)) {
      this.kick();
      if (cmd.waitMs > 0) await this.waitForRest(cmd.waitMs);
    }
    run = this.store.getRun()!;
    return { kind: "accepted", created, rested: RESTING_STATUSES.has(run.status), run: toRunView(run) };
  }

  view(tenantId: string): RunView | null {
    const run = this.store.getRun();
    return run && run.tenantId === tenantId ? toRunView(run) : null;
  }

  journal(tenantId: string): StepView[] | null {
    const run = this.store.getRun();
    if (!run || run.tenantId !== tenantId) return null;
    const steps = this.store.listSteps();
    const agent = this.agent(run.agent) as { toolAgent?: ToolAgentSpec<unknown, unknown> };
    const details = agent.toolAgent ? loopStepDetails(agent.toolAgent, run.input, this.store.completedOutputs(), steps.map((s) => s.name)) : undefined;
    return toStepViews(steps, this.store.listModelCalls(), this.store.listToolCalls(), details);
  }

  /** The run's events after `afterId` (src/runtime/events/), for the SSE stream. */
  events(tenantId: string, afterId: number, limit: number): EventBatch | null {
    const run = this.store.getRun();
    return run && run.tenantId === tenantId ? readEvents(this.store.events, run, afterId, limit) : null;
  }

  /** W3C `traceparent` of the run's span when the run is traced (webhooks about it carry it), else null. */
  traceparent(tenantId: string): string | null {
    const run = this.store.getRun();
    return run && run.tenantId === tenantId ? runTraceparent(run) : null;
  }

  /** The task and every completed step's output: what the run gathered, for a reviewer. */
  evidence(tenantId: string): { input: unknown; outputs: Record<string, unknown> } | null {
    const run = this.store.getRun();
    if (!run || run.tenantId !== tenantId) return null;
    return { input: run.input, outputs: this.store.completedOutputs() };
  }

  /** What this run occupies: storage bytes (the SQLite file) and journal length. */
  stats(tenantId: string): { storageBytes: number; steps: number } | null {
    const run = this.store.getRun();
    if (!run || run.tenantId !== tenantId) return null;
    return { storageBytes: this.ctx.storage.sql.databaseSize, steps: run.steps };
  }

  async cancel(tenantId: string): Promise<CancelResult> {
    const run = this.store.getRun();
    if (!run || run.tenantId !== tenantId) return { kind: "not_found" };
    if (FINAL_STATUSES.has(run.status)) return { kind: "already_finished", run: toRunView(run) };
    const now = this.clock.now();
    this.store.requestCancel(now);
    // Not mid-step: stop now. Mid-step: the executor stops before the next step.
    if (!this.executing) {
      // A run waiting for a person has a review item: close it in the same
      // transaction, so no path that cancels can leave it open for a decision.
      if (run.status === "waiting_for_review" && !run.options.evaluation) {
        const closed: ReviewCancelled = { ...escalationFromJournal(run, this.store, this.agent(run.agent)), cancelledAt: now };
        this.outbox.put({ key: "review:cancelled", kind: OUTBOX_KIND.reviewCancelled, payload: closed });
      }
      this.executor.finish("cancelled", { stopReason: "CANCELLED" });
    }
    await this.afterWork();
    return { kind: "cancelled", run: toRunView(this.store.getRun()!) };
  }

  /**
   * Called by the review repair sweep when D1 shows this run waiting for a
   * person without a review item. Waiting: the hand-over is queued again from
   * the journal (idempotent on the D1 side). Anything else: D1's copy of the
   * run is behind, so its row is sent again.
   */
  async repairReview(tenantId: string): Promise<RepairReviewResult> {
    const run = this.store.getRun();
    if (!run || run.tenantId !== tenantId) return { kind: "not_found" };
    // (A tool loop may wait again after a decision: a later round, with its own item.)
    const waiting = run.status === "waiting_for_review" && !run.options.evaluation;
    if (waiting) this.outbox.put({ key: "escalation", kind: ESCALATION_KIND, payload: escalationFromJournal(run, this.store, this.agent(run.agent)) });
    else this.executor.snapshotRun();
    await this.afterWork();
    return { kind: waiting ? "requeued" : "refreshed", status: run.status };
  }

  /**
   * A person's decision on a run waiting for review. The object is the
   * authority: a second decision is refused, whatever D1 says.
   */
  async resolveReview(tenantId: string, decision: ReviewDecision, waitMs: number, round = 1): Promise<ResolveReviewResult> {
    const run = this.store.getRun();
    if (!run || run.tenantId !== tenantId) return { kind: "not_found" };
    // One decision per round: the round this run waits in is one past the last decided one.
    const waitingRound = run.status === "waiting_for_review" ? pauseRoundOf(run) : null;
    if (run.review && waitingRound === null) return { kind: "already_decided", run: toRunView(run) };
    if (waitingRound !== null && round < waitingRound) return { kind: "already_decided", run: toRunView(run) };
    if (waitingRound === null || round > waitingRound) return { kind: "not_waiting", run: toRunView(run) };
    const agent = this.agent(run.agent);
    // Edited arguments belong to a tool agent's proposed call; any other item has none to edit.
    if (decision.arguments !== undefined && !agent.validateDecision) return { kind: "invalid", message: "This item is not a tool call; there are no arguments to edit." };
    const refusal = agent.validateDecision?.(decision, { input: run.input, results: this.store.completedOutputs(), review: run.review, options: run.options, proposal: run.proposal });
    if (refusal) return { kind: "invalid", message: refusal };
    const review: ReviewDecision = { ...decision, round };
    const now = this.clock.now();
    this.store.setReview(review, now);
    this.store.setStatus("running", now);
    const agreement = agreementOf(agent, run.proposal, review);
    // The decision reaches the review item through the outbox too (same transaction as the
    // run's state), so a worker dying after this point cannot leave the item open in D1.
    if (!run.options.evaluation) {
      const decided: ReviewDecidedRow = { reviewId: reviewIdFor(run.id, round), decision: review.decision, comment: review.comment, decidedBy: review.reviewer, decidedAt: review.decidedAt, agreement };
      this.outbox.put({ key: "review:decided", kind: OUTBOX_KIND.reviewDecided, payload: decided });
    }
    // The run left the concurrency set when it paused; working again, it is in flight again (its
    // rest releases it). Awaited before it runs, so the release can never arrive first.
    if (!run.options.evaluation) {
      await guardClient(this.env, run.tenantId, run.agent).occupy(run.id, run.tenantId, now).catch(() => undefined);
    }
    // A person decided where the agent had proposed a real decision: evidence for the breaker.
    if (agreement.proposedDecision && agreement.comparable && !run.options.evaluation) {
      const agrees = agreement.decisionAgrees && !agreement.amended;
      const judgment = { kind: "quality" as const, ok: agrees, source: "review", runId: run.id, detail: `agent ${agreement.proposedDecision}, person ${review.decision}` };
      this.ctx.waitUntil(recordJudgment(this.env, run.tenantId, this.agent(run.agent), judgment).catch(() => undefined));
      this.ctx.waitUntil(this.sendGatewayFeedback(agrees).catch(() => undefined));
    }
    this.executor.snapshotRun();
    this.kick();
    if (waitMs > 0) await this.waitForRest(waitMs);
    const resumed = this.store.getRun()!;
    return { kind: "resumed", run: toRunView(resumed), traceparent: runTraceparent(resumed) };
  }

  /** The reviewer's verdict on the agent's answer, onto every gateway log entry of this run's model calls. */
  private async sendGatewayFeedback(agrees: boolean): Promise<void> {
    const provider = this.models();
    if (!provider.sendFeedback) return;
    const logIds = [...new Set(this.store.listModelCalls().flatMap((c) => (c.logId ? [c.logId] : [])))];
    for (const logId of logIds) await provider.sendFeedback(logId, { feedback: agrees ? 1 : -1, score: agrees ? 100 : 0 });
  }

  // ---- alarm: the safety net ------------------------------------------------

  override async alarm(): Promise<void> {
    this.armedAt = null; // the alarm that fired is consumed
    if (this.executing) await this.executing;
    await this.work();
  }

  // ---- internals ------------------------------------------------------------

  /** Starts executing if nobody is; never awaited by callers that only enqueue. */
  private kick(): void {
    if (this.executing) return;
    void this.work();
  }

  private work(): Promise<void> {
    this.executing ??= this.loop();
    return this.executing;
  }

  private async loop(): Promise<void> {
    this.looping = true; // set before the first await, so arm() sees it
    try {
      await this.arm(); // lease: if we crash mid-run, the alarm resumes us
      await this.executor.advance();
      this.executor.snapshotWorking();
      await this.settleLeftover();
    } finally {
      this.looping = false;
      this.executing = null;
    }
    await this.afterWork();
  }

  /** Delivers history if due, then re-arms the single alarm from state. */
  private async afterWork(): Promise<void> {
    const due = this.outbox.nextAttemptAt(this.clock.now());
    if (due !== null && due <= this.clock.now()) await this.outbox.flush(this.historySink, this.clock.now());
    await this.arm();
  }

  private async arm(): Promise<void> {
    const run = this.store.getRun();
    const now = this.clock.now();
    const scheduled = nextWakeAt({
      now,
      run,
      // Read only when it can matter: a working run that is not executing (it may be waiting to retry).
      nextStep: run && !RESTING_STATUSES.has(run.status) && !this.looping ? this.store.getStep(run.nextStep) : null,
      executing: this.looping,
      outboxDueAt: this.outbox.nextAttemptAt(now),
    });
    if (this.armedAt === undefined) this.armedAt = await this.ctx.storage.getAlarm();
    // Unsettled calls need a wake-up should this instance die before the guard has them:
    // the alarm already armed (the lease) serves, so a settlement in flight costs no alarm write.
    const settleAt = this.store.unsettledCalls().length === 0 ? null : this.armedAt !== null && this.armedAt > now ? this.armedAt : now + SETTLE_RETRY_MS;
    const at = scheduled === null ? settleAt : settleAt === null ? scheduled : Math.min(scheduled, settleAt);
    if (at === this.armedAt) return;
    if (at === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(at);
    this.armedAt = at;
  }

  private waitForRest(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
    });
  }
}
