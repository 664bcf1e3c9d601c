/**
 * The run's own state in its Durable Object's SQLite storage: the run row and
 * the step journal, plus the per-call journals for tools and models.
 *
 * Each write is one small row insert/update (never a rewrite of the history),
 * so storage grows linearly with steps and a step costs the same at step 10 as
 * at step 1,000.
 */
import type { ErrorRecord } from "./errors";
import type { StepKind } from "./agent-definition";
import { EVENTS_TABLE, RunEventLog, toolCalled } from "./events/event-log";
import { JOURNAL_TRIGGERS, MODEL_CALL_TRIGGER, MODEL_CALL_TRIGGER_NAME, TRIGGER_NAMES } from "./journal-triggers";
import { HISTORY_OUTBOX_TABLE } from "./outbox";
import type { RunTrace } from "../observability/trace-context";
import type { Settlement } from "../guardrails/budget";
import { logModelCalled, logRunResumed, logRunStarted, logStepFinished, logToolCalled } from "../observability/logs";

export const RUN_STATUSES = ["queued", "running", "waiting_for_review", "completed", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RESTING_STATUSES: ReadonlySet<RunStatus> = new Set(["completed", "failed", "cancelled", "waiting_for_review"]);
export const FINAL_STATUSES: ReadonlySet<RunStatus> = new Set(["completed", "failed", "cancelled"]);

export interface RunState {
  id: string;
  tenantId: string;
  agent: string;
  agentVersion: string;
  status: RunStatus;
  input: unknown;
  requestHash: string;
  idempotencyKey: string | null;
  proposal: unknown;
  outcome: unknown;
  review: unknown;
  stopReason: string | null;
  error: ErrorRecord | null;
  createdAt: number;
  updatedAt: number;
  deadlineAt: number;
  nextStep: number;
  steps: number;
  modelCalls: number;
  toolCalls: number;
  costMicroUsd: number;
  wallMs: number;
  /** The part of wallMs spent waiting for a person (paused for review): never the agent's working time. */
  reviewWaitMs: number;
  cancelRequested: boolean;
  /** Per-run settings chosen by the runtime (e.g. model tiers for an evaluation). */
  options: RunOptions;
  /** Review flags raised by steps, e.g. LOW_CONFIDENCE. */
  flags: string[];
}

export interface RunOptions {
  /** Replaces the agent's model tiers for this run (evaluations compare tiers). */
  modelTiers?: string[];
  /** Marks runs made by the evaluation runner. */
  evaluation?: string;
  /** The agent's deployment stage when the run was admitted. */
  stage?: "shadow" | "limited" | "supervised" | "full";
  /** Set at admission: every side effect waits for a person (SHADOW, LIMITED_REVIEW, AUDIT_SAMPLE, CIRCUIT_OPEN). */
  reviewGate?: string;
  /** Flags raised by steps (e.g. LOW_CONFIDENCE) also gate side effects. */
  reviewOnFlags?: boolean;
  /** A half-open breaker lets this run through as a judged probe. */
  probe?: boolean;
  /** Decide but never act: the run ends at its first side effect, its proposal is the result (online evaluation). */
  dryRun?: boolean;
  /**
   * A dry run re-deciding another run: that run's read-only results by call (see AgentDefinition.replayReads),
   * answered again instead of read live, so the judge sees the world the run saw, not the one its side effects left.
   */
  replayReads?: Record<string, unknown>;
  /** The run is traced (sampled at creation, src/observability/): its trace id and the caller's span, if any. */
  trace?: RunTrace;
}

export type StepStatus = "running" | "completed" | "retrying" | "failed";

export interface StepState {
  index: number;
  name: string;
  kind: StepKind;
  status: StepStatus;
  attempt: number;
  startedAt: number;
  finishedAt: number | null;
  durationMs: number | null;
  retryAt: number | null;
  inputSummary: string | null;
  output: unknown;
  outputSummary: string | null;
  error: ErrorRecord | null;
}

export interface ModelCallRecord {
  key: string;
  stepIndex: number;
  model: string;
  response: unknown;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number;
  latencyMs: number;
  cacheStatus: string | null;
  logId: string | null;
  createdAt: number;
}

export interface ToolCallRecord {
  key: string;
  stepIndex: number;
  tool: string;
  /** `outcome_unknown`: an external call was interrupted and nothing can tell whether it took effect; never retried blindly. */
  status: "intent" | "done" | "failed" | "blocked" | "outcome_unknown";
  result: unknown;
  error: ErrorRecord | null;
  startedAt: number;
  finishedAt: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS run (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, agent TEXT NOT NULL, agent_version TEXT NOT NULL,
  status TEXT NOT NULL, input TEXT NOT NULL, request_hash TEXT NOT NULL, idempotency_key TEXT,
  proposal TEXT, outcome TEXT, review TEXT, stop_reason TEXT, error TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deadline_at INTEGER NOT NULL,
  next_step INTEGER NOT NULL DEFAULT 0, steps INTEGER NOT NULL DEFAULT 0, model_calls INTEGER NOT NULL DEFAULT 0,
  tool_calls INTEGER NOT NULL DEFAULT 0, cost_micro_usd INTEGER NOT NULL DEFAULT 0, wall_ms INTEGER NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0, options TEXT, flags TEXT, review_wait_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS steps (
  idx INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, attempt INTEGER NOT NULL,
  started_at INTEGER NOT NULL, finished_at INTEGER, duration_ms INTEGER, retry_at INTEGER,
  input_summary TEXT, output TEXT, output_summary TEXT, error TEXT
);
`;

/** Created on first use: most runs never call a model or a side-effecting tool, and a table costs time to create. */
const TOOL_CALLS = `
CREATE TABLE IF NOT EXISTS tool_calls (
  key TEXT PRIMARY KEY, step_idx INTEGER NOT NULL, tool TEXT NOT NULL, status TEXT NOT NULL,
  result TEXT, error TEXT, started_at INTEGER NOT NULL, finished_at INTEGER
);
`;
/**
 * `reservation_id` / `settled`: the call's budget reservation and whether the
 * guard has its real cost yet (settlement is deferred to the run's next
 * reservation or its rest; rows from before that were settled inline: 1).
 */
const MODEL_CALLS = `
CREATE TABLE IF NOT EXISTS model_calls (
  key TEXT PRIMARY KEY, step_idx INTEGER NOT NULL, model TEXT NOT NULL, response TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, cost_micro_usd INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL, cache_status TEXT, log_id TEXT, created_at INTEGER NOT NULL,
  reservation_id TEXT, settled INTEGER NOT NULL DEFAULT 1
);
`;
const MODEL_CALLS_SETTLEMENT = `
ALTER TABLE model_calls ADD COLUMN reservation_id TEXT;
ALTER TABLE model_calls ADD COLUMN settled INTEGER NOT NULL DEFAULT 1;
`;

type Row = Record<string, SqlStorageValue>;

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
const parse = (v: SqlStorageValue | undefined): unknown => (typeof v === "string" ? JSON.parse(v) : null);
const num = (v: SqlStorageValue | undefined): number => Number(v ?? 0);
const numOrNull = (v: SqlStorageValue | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: SqlStorageValue | undefined): string | null => (v === null || v === undefined ? null : String(v));

/** The agent's working time: wall time minus the time a person took. Latency budgets and metrics use this. */
export function workingMs(run: Pick<RunState, "wallMs" | "reviewWaitMs">): number {
  return Math.max(0, run.wallMs - run.reviewWaitMs);
}

export class RunStore {
  /** In-memory mirror of the run row (the object is single-threaded); undefined until first read. */
  private cached: RunState | null | undefined;
  private ready: boolean;
  private readonly tables: Set<string>;
  /** The tables the object had when this store was made (and the ones it made itself since). */
  get tableNames(): ReadonlySet<string> {
    return this.tables;
  }
  /** A model_calls table made before settlement was deferred, upgraded on first use. */
  private modelCallsOutdated: boolean;
  /** The step attempt this instance journaled last, as it started (its end is logged without a read). */
  private started: Pick<StepState, "index" | "name" | "kind" | "attempt" | "startedAt" | "inputSummary"> | null = null;
  /** Calls whose cost the guard does not have yet (mirror of `settled = 0`); undefined until first read. */
  private unsettled: Settlement[] | undefined;
  /** Every journal write below that a watcher can see also appends its event here, in the same transaction. */
  readonly events: RunEventLog;

  constructor(private readonly sql: SqlStorage) {
    // Tables are created with the run, so reading an object that holds no run
    // (an unknown id, a liveness probe) stays cheap and writes nothing.
    const schema = sql.exec<{ type: string; name: string; sql: string }>("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')").toArray();
    const tables = schema.filter((r) => r.type === "table");
    this.tables = new Set(tables.map((r) => r.name));
    this.modelCallsOutdated = tables.some((r) => r.name === "model_calls" && !r.sql.includes("reservation_id"));
    this.ready = this.tables.has("run");
    if (!this.ready) this.cached = null;
    this.events = new RunEventLog(sql, this.tables.has("events"));
    // A run made before the journal's triggers existed gets them (and the tables they write) before its next step.
    const triggers = new Set(schema.filter((r) => r.type === "trigger").map((r) => r.name));
    if (this.ready && [...TRIGGER_NAMES, ...(this.tables.has("model_calls") ? [MODEL_CALL_TRIGGER_NAME] : [])].some((name) => !triggers.has(name))) {
      this.createJournalTriggers();
    }
  }

  /** The triggers write the run row, its events and its outbox: made with the run (never on an object without one). */
  private createJournalTriggers(schema = ""): void {
    this.sql.exec(`${schema}${EVENTS_TABLE}; ${HISTORY_OUTBOX_TABLE}; ${JOURNAL_TRIGGERS}${this.tables.has("model_calls") ? MODEL_CALL_TRIGGER : ""}`);
    this.events.created();
    this.tables.add("events").add("outbox");
  }

  /** Creates a lazily made table once (reads treat a missing one as empty). */
  private ensure(name: "tool_calls" | "model_calls"): void {
    if (name === "model_calls" && this.modelCallsOutdated) {
      this.sql.exec(MODEL_CALLS_SETTLEMENT);
      this.modelCallsOutdated = false;
    }
    if (this.tables.has(name)) return;
    this.sql.exec(name === "tool_calls" ? TOOL_CALLS : this.ready ? `${MODEL_CALLS}; ${MODEL_CALL_TRIGGER}` : MODEL_CALLS);
    this.tables.add(name);
  }

  // ---- run row -------------------------------------------------------------

  /** An immutable snapshot: writes replace it, so a caller's copy never changes under it. */
  getRun(): RunState | null {
    if (this.cached === undefined) {
      const row = this.sql.exec<Row>("SELECT * FROM run LIMIT 1").toArray()[0];
      // Objects created before review_wait_ms existed get the column on first read.
      if (row && !("review_wait_ms" in row)) this.sql.exec("ALTER TABLE run ADD COLUMN review_wait_ms INTEGER NOT NULL DEFAULT 0");
      this.cached = row ? toRun(row) : null;
    }
    return this.cached;
  }

  private patch(fields: Partial<RunState>): void {
    const run = this.getRun();
    if (run) this.cached = { ...run, ...fields };
  }

  createRun(run: Pick<RunState, "id" | "tenantId" | "agent" | "agentVersion" | "input" | "requestHash" | "idempotencyKey" | "createdAt" | "deadlineAt" | "options">): void {
    if (!this.ready) {
      this.createJournalTriggers(SCHEMA); // one call for the whole schema
      this.ready = true;
    }
    this.sql.exec(
      `INSERT INTO run (id, tenant_id, agent, agent_version, status, input, request_hash, idempotency_key, created_at, updated_at, deadline_at, options)
       VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
      run.id, run.tenantId, run.agent, run.agentVersion, JSON.stringify(run.input), run.requestHash, run.idempotencyKey,
      run.createdAt, run.createdAt, run.deadlineAt, JSON.stringify(run.options),
    );
    this.cached = {
      ...run,
      status: "queued",
      proposal: null,
      outcome: null,
      review: null,
      stopReason: null,
      error: null,
      updatedAt: run.createdAt,
      nextStep: 0,
      steps: 0,
      modelCalls: 0,
      toolCalls: 0,
      costMicroUsd: 0,
      wallMs: 0,
      reviewWaitMs: 0,
      cancelRequested: false,
      flags: [],
    };
    this.events.append("run.started", { agent: run.agent, agentVersion: run.agentVersion, status: "queued", createdAt: new Date(run.createdAt).toISOString() }, run.createdAt);
    logRunStarted(this.getRun()!, run.createdAt);
  }

  setStatus(status: RunStatus, now: number, fields: { stopReason?: string | null; error?: ErrorRecord | null; outcome?: unknown } = {}): void {
    const run = this.getRun()!;
    const resting = RESTING_STATUSES.has(status);
    // Leaving a review pause (a decision resumed it, or it was cancelled): the pause began when the
    // run rested, at createdAt + wallMs. That time was a person's, not the agent's: it is kept apart,
    // and the run's time limit moves by it so a slow reviewer never makes the agent run out of time.
    const waited = run.status === "waiting_for_review" && status !== "waiting_for_review" ? Math.max(0, now - (run.createdAt + run.wallMs)) : 0;
    const next: Partial<RunState> = {
      status,
      updatedAt: now,
      stopReason: fields.stopReason ?? run.stopReason,
      error: fields.error ?? run.error,
      outcome: fields.outcome ?? run.outcome,
      wallMs: resting ? now - run.createdAt : run.wallMs,
      reviewWaitMs: run.reviewWaitMs + waited,
      deadlineAt: run.deadlineAt + waited,
    };
    this.sql.exec(
      "UPDATE run SET status = ?, updated_at = ?, stop_reason = ?, error = ?, outcome = ?, wall_ms = ?, review_wait_ms = ?, deadline_at = ?",
      status, now, next.stopReason ?? null, json(next.error), json(next.outcome), next.wallMs!, next.reviewWaitMs!, next.deadlineAt!,
    );
    this.patch(next);
    // A person's decision set it working again (a rest is announced by the executor, with the run's view).
    if (run.status === "waiting_for_review" && status === "running") this.events.append("run.resumed", { status, reviewWaitMs: next.reviewWaitMs }, now);
    if (run.status === "waiting_for_review" && status === "running") logRunResumed(this.getRun()!, now);
  }

  addFlag(flag: string): void {
    const run = this.getRun();
    if (!run || run.flags.includes(flag)) return;
    const flags = [...run.flags, flag].sort();
    this.sql.exec("UPDATE run SET flags = ?", JSON.stringify(flags));
    this.patch({ flags });
  }

  requestCancel(now: number): void {
    this.sql.exec("UPDATE run SET cancel_requested = 1, updated_at = ?", now);
    this.patch({ cancelRequested: true, updatedAt: now });
  }

  setReview(review: unknown, now: number): void {
    this.sql.exec("UPDATE run SET review = ?, updated_at = ?", JSON.stringify(review), now);
    this.patch({ review, updatedAt: now });
  }

  setProposal(proposal: unknown, now: number): void {
    this.sql.exec("UPDATE run SET proposal = ?, updated_at = ?", json(proposal), now);
    this.patch({ proposal, updatedAt: now });
  }

  addUsage(delta: { modelCalls?: number; toolCalls?: number; costMicroUsd?: number }): void {
    const run = this.getRun()!;
    const next = {
      modelCalls: run.modelCalls + (delta.modelCalls ?? 0),
      toolCalls: run.toolCalls + (delta.toolCalls ?? 0),
      costMicroUsd: run.costMicroUsd + (delta.costMicroUsd ?? 0),
    };
    this.sql.exec("UPDATE run SET model_calls = ?, tool_calls = ?, cost_micro_usd = ?", next.modelCalls, next.toolCalls, next.costMicroUsd);
    this.patch(next);
  }

  // ---- step journal --------------------------------------------------------

  getStep(index: number): StepState | null {
    const row = this.sql.exec<Row>("SELECT * FROM steps WHERE idx = ?", index).toArray()[0];
    return row ? toStep(row) : null;
  }

  listSteps(): StepState[] {
    return this.sql.exec<Row>("SELECT * FROM steps ORDER BY idx").toArray().map(toStep);
  }

  /** Journaled model calls by model id (what the run's history row reports per model). */
  modelUsage(): Record<string, number> {
    const out: Record<string, number> = {};
    if (!this.tables.has("model_calls")) return out; // made lazily, with the first call
    for (const row of this.sql.exec<{ model: string; n: number }>("SELECT model, COUNT(*) AS n FROM model_calls GROUP BY model")) out[row.model] = Number(row.n);
    return out;
  }

  /** Outputs of completed steps, by name, for the next step's context. */
  completedOutputs(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const row of this.sql.exec<Row>("SELECT name, output FROM steps WHERE status = 'completed' ORDER BY idx")) {
      out[String(row.name)] = parse(row.output);
    }
    return out;
  }

  /** Journals that an attempt of a step has begun (before any of its work). */
  startStep(step: { index: number; name: string; kind: StepKind; attempt: number; inputSummary: string | null }, now: number): void {
    this.sql.exec(
      `INSERT INTO steps (idx, name, kind, status, attempt, started_at, input_summary) VALUES (?, ?, ?, 'running', ?, ?, ?)
       ON CONFLICT(idx) DO UPDATE SET status = 'running', attempt = excluded.attempt, started_at = excluded.started_at,
         input_summary = excluded.input_summary, retry_at = NULL, error = NULL, finished_at = NULL, duration_ms = NULL`,
      step.index, step.name, step.kind, step.attempt, now, step.inputSummary,
    );
    // The step's event is written by the insert's trigger (./journal-triggers.ts).
    this.started = { index: step.index, name: step.name, kind: step.kind, attempt: step.attempt, startedAt: now, inputSummary: step.inputSummary };
    // A queued run's first step sets it running: the insert's trigger did that (a queued run has no step row yet,
    // so its first start is always an insert). Any other status not running is set here.
    const status = this.getRun()?.status;
    if (status !== "running" && status !== "queued") this.sql.exec("UPDATE run SET status = 'running', updated_at = ?", now);
    if (status !== "running") this.patch({ status: "running", updatedAt: now });
  }

  /**
   * Records a step's result; the update's trigger writes its event and history entry
   * and moves the run row past it (./journal-triggers.ts), in the same statement.
   */
  completeStep(index: number, output: unknown, summary: string, now: number, isDecision: boolean): void {
    this.sql.exec(
      "UPDATE steps SET status = 'completed', output = ?, output_summary = ?, finished_at = ?, duration_ms = ? - started_at WHERE idx = ?",
      json(output), summary, now, now, index,
    );
    const run = this.getRun()!;
    const next = { nextStep: index + 1, steps: run.steps + 1, updatedAt: now, proposal: isDecision ? (output ?? null) : run.proposal };
    // Only a decision step changes the proposal: the others leave the column (and its JSON) alone.
    if (isDecision) this.sql.exec("UPDATE run SET proposal = ?", json(next.proposal));
    this.patch(next);
    // The attempt this instance started is known in full: nothing is read back.
    const started = this.started?.index === index ? this.started : null;
    const step: StepState | null = started
      ? { ...started, status: "completed", finishedAt: now, durationMs: now - started.startedAt, retryAt: null, output, outputSummary: summary, error: null }
      : this.getStep(index);
    if (step) logStepFinished(this.getRun()!, step, now);
  }

  /** A step's attempt ended off the common path (retry, failure): its log line, from the row as journaled. */
  private logStepEnd(index: number, now: number): void {
    const step = this.getStep(index);
    if (step) logStepFinished(this.getRun()!, step, now);
  }

  retryStep(index: number, error: ErrorRecord, retryAt: number, now: number): void {
    this.sql.exec(
      `UPDATE steps SET status = 'retrying', error = ?, retry_at = ?, finished_at = ?, duration_ms = ? - started_at WHERE idx = ?`,
      JSON.stringify(error), retryAt, now, now, index,
    );
    this.logStepEnd(index, now);
  }

  failStep(index: number, error: ErrorRecord, now: number): void {
    this.sql.exec(
      `UPDATE steps SET status = 'failed', error = ?, finished_at = ?, duration_ms = ? - started_at WHERE idx = ?`,
      JSON.stringify(error), now, now, index,
    );
    this.logStepEnd(index, now);
  }

  // ---- tool and model call journals ---------------------------------------

  getToolCall(key: string): ToolCallRecord | null {
    if (!this.tables.has("tool_calls")) return null;
    const row = this.sql.exec<Row>("SELECT * FROM tool_calls WHERE key = ?", key).toArray()[0];
    return row ? toToolCall(row) : null;
  }

  toolCallIntent(key: string, stepIndex: number, tool: string, now: number): void {
    this.ensure("tool_calls");
    this.sql.exec(
      `INSERT INTO tool_calls (key, step_idx, tool, status, started_at) VALUES (?, ?, ?, 'intent', ?)
       ON CONFLICT(key) DO UPDATE SET status = 'intent', error = NULL, started_at = excluded.started_at, finished_at = NULL WHERE tool_calls.status = 'blocked'`,
      key, stepIndex, tool, now,
    );
  }

  toolCallDone(key: string, result: unknown, now: number): void {
    this.sql.exec("UPDATE tool_calls SET status = 'done', result = ?, error = NULL, finished_at = ? WHERE key = ?", json(result), now, key);
    this.announceToolCall(key, now);
  }

  /** Side-effecting calls are announced when their journal row settles. */
  private announceToolCall(key: string, now: number): void {
    const call = this.getToolCall(key);
    if (call) this.events.append("tool.called", toolCalled({ ...call, sideEffect: true }), now);
    if (call) logToolCalled(this.getRun()!, call, true, now);
  }

  /** A read-only call is not journaled (it is safe to repeat); it is only announced. */
  readOnlyToolCalled(call: { key: string; stepIndex: number; tool: string; error: ErrorRecord | null }, now: number): void {
    this.events.append("tool.called", toolCalled({ ...call, status: call.error ? "failed" : "done", finishedAt: now, sideEffect: false }), now);
    logToolCalled(this.getRun()!, { ...call, status: call.error ? "failed" : "done" }, false, now);
  }

  /** A call a guard refused: journaled with the reason, never executed. */
  toolCallBlocked(key: string, stepIndex: number, tool: string, error: ErrorRecord, now: number): void {
    this.ensure("tool_calls");
    this.sql.exec(
      `INSERT INTO tool_calls (key, step_idx, tool, status, error, started_at, finished_at) VALUES (?, ?, ?, 'blocked', ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET status = 'blocked', error = excluded.error, finished_at = excluded.finished_at`,
      key, stepIndex, tool, JSON.stringify(error), now, now,
    );
    this.announceToolCall(key, now);
  }

  toolCallOutcomeUnknown(key: string, error: ErrorRecord, now: number): void {
    this.sql.exec("UPDATE tool_calls SET status = 'outcome_unknown', error = ?, finished_at = ? WHERE key = ?", JSON.stringify(error), now, key);
    this.announceToolCall(key, now);
  }

  toolCallFailed(key: string, error: ErrorRecord, now: number): void {
    this.sql.exec("UPDATE tool_calls SET status = 'failed', error = ?, finished_at = ? WHERE key = ?", JSON.stringify(error), now, key);
    this.announceToolCall(key, now);
  }

  listToolCalls(): ToolCallRecord[] {
    if (!this.tables.has("tool_calls")) return [];
    return this.sql.exec<Row>("SELECT * FROM tool_calls ORDER BY step_idx, started_at").toArray().map(toToolCall);
  }

  getModelCall(key: string): ModelCallRecord | null {
    if (!this.tables.has("model_calls")) return null;
    const row = this.sql.exec<Row>("SELECT * FROM model_calls WHERE key = ?", key).toArray()[0];
    return row ? toModelCall(row) : null;
  }

  /**
   * Journals a paid call with its reservation, unsettled (the guard learns its cost later, see
   * unsettledCalls), and counts it on the run: the insert's trigger writes its event and the
   * run's usage (./journal-triggers.ts).
   */
  recordModelCall(call: ModelCallRecord, reservationId: string): void {
    this.ensure("model_calls");
    const unsettled = this.unsettledCalls();
    const inserted = this.sql.exec(
      `INSERT INTO model_calls (key, step_idx, model, response, prompt_tokens, completion_tokens, cost_micro_usd, latency_ms, cache_status, log_id, created_at, reservation_id, settled)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT(key) DO NOTHING`,
      call.key, call.stepIndex, call.model, JSON.stringify(call.response), call.promptTokens, call.completionTokens,
      call.costMicroUsd, call.latencyMs, call.cacheStatus, call.logId, call.createdAt, reservationId,
    ).rowsWritten > 0;
    // Calls that share a reservation (a budget lease) settle as one: the sum of their real costs.
    if (inserted) {
      const same = unsettled.find((s) => s.id === reservationId);
      this.unsettled = same
        ? unsettled.map((s) => (s === same ? { id: s.id, actual: s.actual + call.costMicroUsd } : s))
        : [...unsettled, { id: reservationId, actual: call.costMicroUsd }];
    }
    const run = this.getRun();
    if (!run) return;
    if (inserted) this.patch({ modelCalls: run.modelCalls + 1, costMicroUsd: run.costMicroUsd + call.costMicroUsd });
    // A call under a key journaled before (by another model) was still paid for: counted without its row.
    else this.addUsage({ modelCalls: 1, costMicroUsd: call.costMicroUsd });
    if (inserted) logModelCalled(this.getRun()!, call);
  }

  /** Journaled calls whose real cost the guard has not confirmed, summed per reservation (sent with the next reservation or the rest). */
  unsettledCalls(): readonly Settlement[] {
    if (this.unsettled === undefined) {
      if (!this.tables.has("model_calls")) return (this.unsettled = []);
      this.ensure("model_calls");
      this.unsettled = this.sql
        .exec<{ id: string; actual: number }>("SELECT reservation_id AS id, SUM(cost_micro_usd) AS actual FROM model_calls WHERE settled = 0 AND reservation_id IS NOT NULL GROUP BY reservation_id ORDER BY MIN(created_at)")
        .toArray()
        .map((r) => ({ id: String(r.id), actual: Number(r.actual) }));
    }
    return this.unsettled;
  }

  /** The guard has these (it answered the round trip that carried them). */
  markSettled(ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (let i = 0; i < ids.length; i += 50) {
      const chunk = ids.slice(i, i + 50);
      this.sql.exec(`UPDATE model_calls SET settled = 1 WHERE settled = 0 AND reservation_id IN (${chunk.map(() => "?").join(", ")})`, ...chunk);
    }
    const done = new Set(ids);
    this.unsettled = this.unsettledCalls().filter((s) => !done.has(s.id));
  }

  listModelCalls(): ModelCallRecord[] {
    if (!this.tables.has("model_calls")) return [];
    return this.sql.exec<Row>("SELECT * FROM model_calls ORDER BY step_idx, created_at").toArray().map(toModelCall);
  }
}

function toRun(r: Row): RunState {
  return {
    id: String(r.id),
    tenantId: String(r.tenant_id),
    agent: String(r.agent),
    agentVersion: String(r.agent_version),
    status: String(r.status) as RunStatus,
    input: parse(r.input),
    requestHash: String(r.request_hash),
    idempotencyKey: strOrNull(r.idempotency_key),
    proposal: parse(r.proposal),
    outcome: parse(r.outcome),
    review: parse(r.review),
    stopReason: strOrNull(r.stop_reason),
    error: parse(r.error) as ErrorRecord | null,
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
    deadlineAt: num(r.deadline_at),
    nextStep: num(r.next_step),
    steps: num(r.steps),
    modelCalls: num(r.model_calls),
    toolCalls: num(r.tool_calls),
    costMicroUsd: num(r.cost_micro_usd),
    wallMs: num(r.wall_ms),
    reviewWaitMs: num(r.review_wait_ms),
    cancelRequested: num(r.cancel_requested) === 1,
    options: (parse(r.options) ?? {}) as RunOptions,
    flags: (parse(r.flags) ?? []) as string[],
  };
}

function toStep(r: Row): StepState {
  return {
    index: num(r.idx),
    name: String(r.name),
    kind: String(r.kind) as StepKind,
    status: String(r.status) as StepStatus,
    attempt: num(r.attempt),
    startedAt: num(r.started_at),
    finishedAt: numOrNull(r.finished_at),
    durationMs: numOrNull(r.duration_ms),
    retryAt: numOrNull(r.retry_at),
    inputSummary: strOrNull(r.input_summary),
    output: parse(r.output),
    outputSummary: strOrNull(r.output_summary),
    error: parse(r.error) as ErrorRecord | null,
  };
}

function toToolCall(r: Row): ToolCallRecord {
  return {
    key: String(r.key),
    stepIndex: num(r.step_idx),
    tool: String(r.tool),
    status: String(r.status) as ToolCallRecord["status"],
    result: parse(r.result),
    error: parse(r.error) as ErrorRecord | null,
    startedAt: num(r.started_at),
    finishedAt: numOrNull(r.finished_at),
  };
}

function toModelCall(r: Row): ModelCallRecord {
  return {
    key: String(r.key),
    stepIndex: num(r.step_idx),
    model: String(r.model),
    response: parse(r.response),
    promptTokens: num(r.prompt_tokens),
    completionTokens: num(r.completion_tokens),
    costMicroUsd: num(r.cost_micro_usd),
    latencyMs: num(r.latency_ms),
    cacheStatus: strOrNull(r.cache_status),
    logId: strOrNull(r.log_id),
    createdAt: num(r.created_at),
  };
}
