/** The public shapes of a run and its journal, as the HTTP API returns them. */
import { z } from "zod";
import { STEP_KINDS } from "./agent-definition";
import { LoopStepDetailSchema, type LoopStepDetail } from "./tool-loop/step-detail";
import { RUN_STATUSES, type ModelCallRecord, type RunState, type StepState, type ToolCallRecord } from "./run-store";

export const ErrorRecordSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  retryAfterMs: z.number().optional(),
});

export const UsageViewSchema = z.object({
  steps: z.number().int(),
  modelCalls: z.number().int(),
  toolCalls: z.number().int(),
  costMicroUsd: z.number().int(),
  wallMs: z.number().int(),
  /** The part of wallMs spent waiting for a person; wallMs - reviewWaitMs is the agent's working time. */
  reviewWaitMs: z.number().int(),
});

export const RunViewSchema = z.object({
  runId: z.string(),
  agent: z.string(),
  agentVersion: z.string(),
  tenant: z.string(),
  status: z.enum(RUN_STATUSES),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  proposal: z.unknown(),
  outcome: z.unknown(),
  stopReason: z.string().nullable(),
  error: ErrorRecordSchema.nullable(),
  cancelRequested: z.boolean(),
  /** Who decided the outcome: "agent", or the reviewer who decided it. */
  decidedBy: z.string().nullable(),
  usage: UsageViewSchema,
});
export type RunView = z.infer<typeof RunViewSchema>;

export const ModelCallViewSchema = z.object({
  model: z.string(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costMicroUsd: z.number().int(),
  latencyMs: z.number(),
  cacheStatus: z.string().nullable(),
  logId: z.string().nullable(),
});

export const ToolCallViewSchema = z.object({
  tool: z.string(),
  idempotencyKey: z.string(),
  status: z.enum(["intent", "done", "failed", "blocked", "outcome_unknown"]),
  error: ErrorRecordSchema.nullable(),
});

export const StepViewSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  kind: z.enum(STEP_KINDS),
  status: z.enum(["running", "completed", "retrying", "failed"]),
  attempt: z.number().int(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  durationMs: z.number().nullable(),
  retryAt: z.iso.datetime().nullable(),
  inputSummary: z.string().nullable(),
  outputSummary: z.string().nullable(),
  error: ErrorRecordSchema.nullable(),
  modelCalls: z.array(ModelCallViewSchema),
  toolCalls: z.array(ToolCallViewSchema),
  /** Tool-calling agents: the turn's messages in and out and tiers, or the call's arguments and result (clipped). */
  detail: LoopStepDetailSchema.optional(),
});
export type StepView = z.infer<typeof StepViewSchema>;

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

function reviewerOf(review: unknown): string | null {
  return review && typeof review === "object" && "reviewer" in review ? String((review as { reviewer: unknown }).reviewer) : null;
}

export function toRunView(run: RunState): RunView {
  return {
    runId: run.id,
    agent: run.agent,
    agentVersion: run.agentVersion,
    tenant: run.tenantId,
    status: run.status,
    createdAt: iso(run.createdAt),
    updatedAt: iso(run.updatedAt),
    proposal: run.proposal,
    outcome: run.outcome,
    stopReason: run.stopReason,
    error: run.error,
    cancelRequested: run.cancelRequested,
    decidedBy: reviewerOf(run.review) ?? (run.status === "completed" && run.proposal !== null ? "agent" : null),
    usage: { steps: run.steps, modelCalls: run.modelCalls, toolCalls: run.toolCalls, costMicroUsd: run.costMicroUsd, wallMs: run.wallMs, reviewWaitMs: run.reviewWaitMs },
  };
}

export function toStepViews(steps: StepState[], modelCalls: ModelCallRecord[], toolCalls: ToolCallRecord[], details?: Map<string, LoopStepDetail>): StepView[] {
  return steps.map((s) => ({
    ...(details?.has(s.name) ? { detail: details.get(s.name) } : {}),
    index: s.index,
    name: s.name,
    kind: s.kind,
    status: s.status,
    attempt: s.attempt,
    startedAt: iso(s.startedAt),
    finishedAt: isoOrNull(s.finishedAt),
    durationMs: s.durationMs,
    retryAt: isoOrNull(s.retryAt),
    inputSummary: s.inputSummary,
    outputSummary: s.outputSummary,
    error: s.error,
    modelCalls: modelCalls
      .filter((m) => m.stepIndex === s.index)
      .map((m) => ({
        model: m.model,
        promptTokens: m.promptTokens,
        completionTokens: m.completionTokens,
        costMicroUsd: m.costMicroUsd,
        latencyMs: m.latencyMs,
        cacheStatus: m.cacheStatus,
        logId: m.logId,
      })),
    toolCalls: toolCalls
      .filter((t) => t.stepIndex === s.index)
      .map((t) => ({ tool: t.tool, idempotencyKey: t.key, status: t.status, error: t.error })),
  }));
}
