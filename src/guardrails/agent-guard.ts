/**
 * One Durable Object per tenant + agent that holds the agent's execution
 * guardrails where their state lives: admission (rate and concurrency
 * limits), the daily spend budget, and the circuit breaker. The object is
 * thin; each capability owns its tables. Breaker transitions reach D1 through
 * the same outbox the runs use, so a D1 outage delays them, never loses them.
 */
import { setLogLevel } from "../observability/logs";
import { DurableObject } from "cloudflare:workers";
import { OUTBOX_KIND, type BreakerTransitionRow } from "../db/history-sink";
import type { DeploymentPolicy } from "../runtime/agent-definition";
import { PlatformSink } from "../runtime/delivery";
import { Outbox } from "../runtime/outbox";
import { runClient } from "../runtime/run-client";
import { RESTING_STATUSES } from "../runtime/run-store";
import { logBreakerTransition } from "../observability/logs";
import { SpendBudget, type ReserveResult, type Settlement } from "./budget";
import { CircuitBreaker, type BreakerState, type BreakerView, type Judgment } from "./circuit-breaker";
import { RateLimiter } from "./rate-limiter";
import type { AdmitRequest, Admission, GuardStatus } from "./guard-client";

export class AgentGuardObject extends DurableObject<Env> {
  private readonly limiter: RateLimiter;
  private readonly budget: SpendBudget;
  private readonly breaker: CircuitBreaker;
  private readonly outbox: Outbox;
  private identity: { tenantId: string; agent: string } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    setLogLevel(env.LOG_LEVEL);
    const sql = ctx.storage.sql;
    this.limiter = new RateLimiter(sql, async (runId, tenantId) => {
      const view = await runClient(env, runId).view(tenantId);
      return view ? { resting: RESTING_STATUSES.has(view.status) } : null;
    });
    this.budget = new SpendBudget(sql);
    this.outbox = new Outbox(sql);
    this.breaker = new CircuitBreaker(sql, (t) => {
      const id = this.identity ?? { tenantId: "unknown", agent: "unknown" };
      const row: BreakerTransitionRow = {
        id: crypto.randomUUID(),
        tenantId: id.tenantId,
        agent: id.agent,
        fromState: t.from,
        toState: t.to,
        reason: t.reason,
        actor: t.actor,
        evidence: t.evidence,
        at: t.at,
      };
      this.outbox.put({ key: `breaker:${row.id}`, kind: OUTBOX_KIND.breakerTransition, payload: row });
      logBreakerTransition(id, t);
    });
  }

  async admit(req: AdmitRequest): Promise<Admission> {
    this.identity = { tenantId: req.tenantId, agent: req.agent };
    const breaker = this.breaker.view(req.now);
    const admitted = await this.limiter.admit(req.runId, req.tenantId, req.limits, req.now);
    await this.deliver(req.now);
    if (!admitted.ok) return admitted;
    return { ok: true, fresh: admitted.fresh, breaker: breaker.state, probe: breaker.state === "half_open" && req.share < req.breaker.halfOpenShare };
  }

  release(runId: string): void {
    this.limiter.release(runId);
  }

  /** A run a person's decision resumed is in flight again (it left the set when it paused). */
  occupy(runId: string, tenantId: string, now: number): void {
    this.limiter.occupy(runId, tenantId, now);
  }

  /**
   * A run rested: its calls not yet settled are settled, it leaves the
   * concurrency set and, if given, its health is judged (one round trip).
   */
  async finished(identity: { tenantId: string; agent: string }, runId: string, judgment: Judgment | null, policy: DeploymentPolicy["breaker"], now: number, settle: readonly Settlement[] = []) {
    this.budget.settleAll(settle, now);
    this.limiter.release(runId);
    return judgment ? this.judge(identity, judgment, policy, now) : null;
  }

  /** Settles the run's earlier calls, then reserves this one: one round trip per model call. */
  reserve(id: string, amount: number, cap: number, now: number, settle: readonly Settlement[] = []): ReserveResult {
    return this.budget.reserve(id, amount, cap, now, settle);
  }

  settle(id: string, actual: number, now: number = Date.now()): void {
    this.budget.settle(id, actual, now);
  }

  settleAll(settle: readonly Settlement[], now: number): void {
    this.budget.settleAll(settle, now);
  }

  async judge(identity: { tenantId: string; agent: string }, judgment: Judgment, policy: DeploymentPolicy["breaker"], now: number): Promise<{ before: BreakerState; after: BreakerView }> {
    this.identity = identity;
    const before = this.breaker.view(now).state;
    const after = this.breaker.record(judgment, policy, now);
    await this.deliver(now);
    return { before, after };
  }

  async setBreaker(identity: { tenantId: string; agent: string }, to: BreakerState, reason: string, actor: string, policy: DeploymentPolicy["breaker"], now: number): Promise<BreakerView> {
    this.identity = identity;
    const view = this.breaker.force(to, now, reason, actor, policy);
    await this.deliver(now);
    return view;
  }

  /** The count of runs in flight is checked against the runs before it is shown, so a lost release never shows. */
  async status(now: number): Promise<GuardStatus> {
    await this.limiter.reconcile(now);
    return { breaker: this.breaker.view(now), budget: this.budget.usage(now), activeRuns: this.limiter.activeCount() };
  }

  override async alarm(): Promise<void> {
    await this.deliver(Date.now());
  }

  /** Flushes breaker transitions to D1; on failure the alarm retries with the outbox's backoff. */
  private async deliver(now: number): Promise<void> {
    if (this.outbox.pendingCount() === 0) return;
    const delivered = await this.outbox.flush(new PlatformSink(this.env), now);
    if (!delivered) await this.ctx.storage.setAlarm(this.outbox.nextAttemptAt(now) ?? now + 1_000);
  }
}
