/**
 * The D1 history schema: the one place its shape is written. `drizzle-kit
 * generate` turns it into SQL under migrations/; row types are inferred from it.
 *
 * D1 is history and directory, not the source of truth for a live run: each
 * run's Durable Object owns its state and writes here through an outbox.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at").notNull();

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

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
  },
  (t) => [uniqueIndex("api_keys_key_hash").on(t.keyHash)],
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
    idempotencyKey: text("idempotency_key"),
    input: text("input", { mode: "json" }),
    proposal: text("proposal", { mode: "json" }),
    outcome: text("outcome", { mode: "json" }),
    stopReason: text("stop_reason"),
    steps: integer("steps").notNull().default(0),
    modelCalls: integer("model_calls").notNull().default(0),
    toolCalls: integer("tool_calls").notNull().default(0),
    costMicroUsd: integer("cost_micro_usd").notNull().default(0),
    wallMs: integer("wall_ms").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("runs_tenant_agent_created").on(t.tenantId, t.agent, t.createdAt),
    index("runs_tenant_status").on(t.tenantId, t.status),
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
