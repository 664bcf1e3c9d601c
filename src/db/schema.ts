/**
 * The D1 history schema: the one place its shape is written. `drizzle-kit
 * generate` turns it into SQL under migrations/; row types are inferred from it.
 *
 * D1 is history and directory, not the source of truth for a live run: each
 * run's Durable Object owns its state and writes here through an outbox.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at").notNull();

export const tenants = sqliteTable(
  "tenants",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  // The admin listing pages newest first by (created_at, id).
  (t) => [index("tenants_created").on(t.createdAt, t.id)],
);

/** API keys are stored only as SHA-256 hex digests. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    keyHash: text("key_hash").notNull(),
    role: text("role", { enum: ["client", "reviewer", "operator"] }).notNull(),
    label: text("label").notNull(),
    createdAt: createdAt(),
    revokedAt: integer("revoked_at"),
    /** The key's first characters, to tell keys apart in a listing (null for keys made before issue 14). */
    prefix: text("prefix"),
    /** After this instant the key is refused (null = no expiry). */
    expiresAt: integer("expires_at"),
    /** Written at most once a minute per key, after the response. */
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [uniqueIndex("api_keys_key_hash").on(t.keyHash), index("api_keys_tenant").on(t.tenantId, t.createdAt)],
);

/** Registered agent definitions (code is the registry; this row is its record). */
export const agents = sqliteTable("agents", {
  name: text("name").primaryKey(),
  version: text("version").notNull(),
  description: text("description").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Deployment stage per tenant and agent. Absent row = the default stage (shadow). */
export const agentDeployments = sqliteTable(
  "agent_deployments",
  {
    tenantId: text("tenant_id").notNull(),
    agent: text("agent").notNull(),
    stage: text("stage", { enum: ["shadow", "limited", "supervised", "full"] }).notNull(),
    /** Per-tenant model tiers for the agent's model steps (null = the agent's own). */
    modelTiers: text("model_tiers", { mode: "json" }).$type<string[]>(),
    /** Per-tenant audit sample in basis points (null = the agent's default). */
    auditSampleBp: integer("audit_sample_bp"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.agent] })],
);

export const runs = sqliteTable(
  "runs",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    agent: text("agent").notNull(),
    agentVersion: text("agent_version").notNull(),
    status: text("status").notNull(),
    /** Deployment stage at admission (null for evaluation runs). */
    stage: text("stage"),
    /** Why side effects waited for a person, if they did (SHADOW, AUDIT_SAMPLE, CIRCUIT_OPEN, ...). */
    reviewGate: text("review_gate"),
    /** Set for runs made by an evaluation (scheduled, online or CLI). */
    evaluation: text("evaluation"),
    idempotencyKey: text("idempotency_key"),
    input: text("input", { mode: "json" }),
    proposal: text("proposal", { mode: "json" }),
    outcome: text("outcome", { mode: "json" }),
    stopReason: text("stop_reason"),
    steps: integer("steps").notNull().default(0),
    modelCalls: integer("model_calls").notNull().default(0),
    /** Model calls by model id (`{"local/refund-agent-small": 5}`), written when the run rests; null while it works. */
    modelUsage: text("model_usage", { mode: "json" }).$type<Record<string, number>>(),
    toolCalls: integer("tool_calls").notNull().default(0),
    costMicroUsd: integer("cost_micro_usd").notNull().default(0),
    wallMs: integer("wall_ms").notNull().default(0),
    /** Part of wallMs spent waiting for a person (never agent latency). */
    reviewWaitMs: integer("review_wait_ms").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("runs_tenant_agent_created").on(t.tenantId, t.agent, t.createdAt),
    index("runs_tenant_status").on(t.tenantId, t.status),
    index("runs_tenant_created").on(t.tenantId, t.createdAt, t.id),
  ],
);

export const runSteps = sqliteTable(
  "run_steps",
  {
    runId: text("run_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    status: text("status").notNull(),
    attempt: integer("attempt").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    durationMs: integer("duration_ms"),
    inputSummary: text("input_summary"),
    outputSummary: text("output_summary"),
    error: text("error", { mode: "json" }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepIndex] })],
);

/**
 * The side-effect ledger: one row per effect, keyed by the idempotency key the
 * run engine derives from run id + step index + call index. A unique key makes
 * "exactly once" checkable by counting rows.
 */
export const effects = sqliteTable(
  "effects",
  {
    idempotencyKey: text("idempotency_key").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    tool: text("tool").notNull(),
    args: text("args", { mode: "json" }).notNull(),
    result: text("result", { mode: "json" }),
    createdAt: createdAt(),
  },
  (t) => [index("effects_run").on(t.runId)],
);

export type Tenant = typeof tenants.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type RunRow = typeof runs.$inferSelect;
export type RunStepRow = typeof runSteps.$inferSelect;
export type EffectRow = typeof effects.$inferSelect;

// ---- expense-reports agent ---------------------------------------------------

/** The employee directory (seeded per tenant). */
export const employees = sqliteTable(
  "employees",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: ["active", "on_leave", "terminated"] }).notNull(),
    level: text("level").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Items approved (or capped) in decided reports: what later DUPLICATE checks see. */
export const approvedItems = sqliteTable(
  "approved_items",
  {
    tenantId: text("tenant_id").notNull(),
    reportId: text("report_id").notNull(),
    itemIndex: integer("item_index").notNull(),
    employeeId: text("employee_id").notNull(),
    runId: text("run_id").notNull(),
    date: text("date").notNull(),
    merchant: text("merchant").notNull(),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull(),
    usdCents: integer("usd_cents").notNull(),
    approvedCents: integer("approved_cents").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.reportId, t.itemIndex] }), index("approved_items_employee_date").on(t.tenantId, t.employeeId, t.date)],
);

/** One decision per report (the agent's, or a reviewer's after review). */
export const expenseDecisions = sqliteTable(
  "expense_decisions",
  {
    tenantId: text("tenant_id").notNull(),
    reportId: text("report_id").notNull(),
    employeeId: text("employee_id").notNull(),
    runId: text("run_id").notNull(),
    decision: text("decision", { enum: ["approve", "reject", "escalate"] }).notNull(),
    approvedAmountCents: integer("approved_amount_cents").notNull(),
    outcome: text("outcome", { mode: "json" }).notNull(),
    decidedBy: text("decided_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.reportId] })],
);

/** Scheduled payments: at most one per report. */
export const payments = sqliteTable(
  "payments",
  {
    tenantId: text("tenant_id").notNull(),
    reportId: text("report_id").notNull(),
    employeeId: text("employee_id").notNull(),
    runId: text("run_id").notNull(),
    amountCents: integer("amount_cents").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.reportId] })],
);

export type Employee = typeof employees.$inferSelect;
export type ApprovedItem = typeof approvedItems.$inferSelect;

// ---- evaluations ---------------------------------------------------------------

/** One pass of an agent's evaluation set in one mode (e.g. cascade, cheap, strong). */
export const evalRuns = sqliteTable(
  "eval_runs",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    agent: text("agent").notNull(),
    agentVersion: text("agent_version").notNull(),
    mode: text("mode").notNull(),
    trigger: text("trigger", { enum: ["manual", "scheduled", "cli"] }).notNull(),
    status: text("status", { enum: ["running", "completed", "failed"] }).notNull(),
    cases: integer("cases").notNull().default(0),
    exactAccuracy: integer("exact_accuracy_bp"),
    decisionAccuracy: integer("decision_accuracy_bp"),
    costMicroUsd: integer("cost_micro_usd").notNull().default(0),
    summary: text("summary", { mode: "json" }),
    createdAt: createdAt(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("eval_runs_agent_created").on(t.agent, t.createdAt)],
);

/** One case's result within an evaluation pass. */
export const evalResults = sqliteTable(
  "eval_results",
  {
    evalRunId: text("eval_run_id").notNull(),
    caseId: text("case_id").notNull(),
    runId: text("run_id"),
    tags: text("tags", { mode: "json" }).notNull(),
    expected: text("expected", { mode: "json" }).notNull(),
    actual: text("actual", { mode: "json" }),
    decisionCorrect: integer("decision_correct", { mode: "boolean" }).notNull(),
    exactCorrect: integer("exact_correct", { mode: "boolean" }).notNull(),
    costMicroUsd: integer("cost_micro_usd").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    modelCalls: integer("model_calls").notNull(),
    escalatedCalls: integer("escalated_calls").notNull(),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.evalRunId, t.caseId] })],
);

// ---- human review ----------------------------------------------------------------

/** A run waiting for a person. One per run and review round; written by the queue consumer. */
export const reviewItems = sqliteTable(
  "review_items",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    agent: text("agent").notNull(),
    reasons: text("reasons", { mode: "json" }).$type<string[]>().notNull(),
    priority: integer("priority").notNull(),
    /** What the agent proposed, shown to the reviewer as its suggestion. */
    proposal: text("proposal", { mode: "json" }),
    /** Short display fields (e.g. employee, amount) chosen by the agent. */
    subject: text("subject", { mode: "json" }).$type<Record<string, string | number>>(),
    status: text("status", { enum: ["open", "decided", "cancelled"] }).notNull(),
    /** The run's review round (a tool loop may pause again after a decision); round 1's id is `rev_<runId>`. */
    round: integer("round").notNull().default(1),
    decision: text("decision", { enum: ["approve", "reject", "amend"] }),
    comment: text("comment"),
    decidedBy: text("decided_by"),
    decidedAt: integer("decided_at"),
    /** The reviewer's decision beside the agent's proposal: evaluation evidence. */
    agreement: text("agreement", { mode: "json" }),
    createdAt: createdAt(),
    /** The amount at stake in integer cents, from the agent's `reviewAmountCents` hook (null: the agent names none). */
    amountCents: integer("amount_cents"),
    /** The reviewer holding the item's lease (src/escalation/claims.ts); free once `claim_expires_at` has passed. */
    claimedBy: text("claimed_by"),
    /** When the current holder's lease began (kept after the decision: how long deciding took). */
    claimedAt: integer("claimed_at"),
    claimExpiresAt: integer("claim_expires_at"),
  },
  (t) => [
    index("review_items_tenant_status").on(t.tenantId, t.status, t.priority, t.createdAt),
    uniqueIndex("review_items_run_round").on(t.runId, t.round),
    index("review_items_tenant_decided").on(t.tenantId, t.status, t.decidedAt),
  ],
);

/** Who did what to a review item, and when: claims, releases, takeovers, decisions (src/escalation/audit.ts). */
export const reviewAudit = sqliteTable(
  "review_audit",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    reviewId: text("review_id").notNull(),
    action: text("action", { enum: ["claim", "release", "takeover", "decide"] }).notNull(),
    principal: text("principal").notNull(),
    at: integer("at").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("review_audit_review").on(t.tenantId, t.reviewId, t.at), index("review_audit_principal").on(t.tenantId, t.principal, t.at)],
);

/** Escalation messages that exhausted their retries (from the dead-letter queue). */
export const escalationDeadLetters = sqliteTable("escalation_dead_letters", {
  messageId: text("message_id").primaryKey(),
  body: text("body", { mode: "json" }).notNull(),
  attempts: integer("attempts").notNull(),
  receivedAt: integer("received_at").notNull(),
});

/**
 * Dashboard sessions: only the SHA-256 of the session id is stored. A session
 * opened with an API key names it (`key_id`) and ends when the key is revoked;
 * one opened by Cloudflare Access has none.
 */
export const sessions = sqliteTable("sessions", {
  idHash: text("id_hash").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  role: text("role", { enum: ["client", "reviewer", "operator"] }).notNull(),
  principal: text("principal").notNull(),
  keyId: text("key_id"),
  csrfToken: text("csrf_token").notNull(),
  expiresAt: integer("expires_at").notNull(),
  createdAt: createdAt(),
});

// ---- guardrails and deployment -------------------------------------------------------

/** Every circuit-breaker transition with its evidence. */
export const breakerTransitions = sqliteTable(
  "breaker_transitions",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    agent: text("agent").notNull(),
    fromState: text("from_state").notNull(),
    toState: text("to_state").notNull(),
    reason: text("reason").notNull(),
    actor: text("actor").notNull(),
    evidence: text("evidence", { mode: "json" }).notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("breaker_transitions_agent").on(t.tenantId, t.agent, t.at)],
);

/** Every deployment stage change: who, when, from, to, and the evidence snapshot. */
export const stageChanges = sqliteTable(
  "stage_changes",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    agent: text("agent").notNull(),
    fromStage: text("from_stage").notNull(),
    toStage: text("to_stage").notNull(),
    actor: text("actor").notNull(),
    reason: text("reason").notNull(),
    evidence: text("evidence", { mode: "json" }).notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("stage_changes_agent").on(t.tenantId, t.agent, t.at)],
);

/** Requests refused before a run existed (scope, rate limits): counted for metrics. */
export const guardEvents = sqliteTable(
  "guard_events",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    agent: text("agent").notNull(),
    code: text("code").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("guard_events_agent").on(t.tenantId, t.agent, t.code, t.at)],
);
