/**
 * Starting a run, in one place: the HTTP route, the evaluation runner and the
 * online judge all start runs through here, so the agent's checks before a run
 * exists, the run id a task maps to and the submit to the run's object are the
 * same everywhere. Domain code only: refusals are values, statuses belong to
 * the HTTP layer.
 */
import type { z } from "zod";
import type { AgentDefinition } from "./agent-definition";
import { canonicalJson, idempotentRunId, newRunId, sha256Hex } from "./ids";
import { runClient, type SubmitCommand } from "./run-client";
import type { RunOptions } from "./run-store";
import type { RunView } from "./run-view";
import { decideRunTrace, parseTraceparent } from "../observability/trace-context";
import { samplerRatio, tracingEnabled, type OtlpEnv } from "../observability/otlp-config";

export type TaskCheck =
  | { ok: true; input: unknown }
  | { ok: false; code: "INVALID_INPUT"; /** absent: there was no task at all */ error?: z.ZodError }
  | { ok: false; code: "OUT_OF_SCOPE"; message: string };

/** The agent's own checks before a run exists, in order: a task is there, it is in scope, it matches the schema. */
export function checkTask(agent: AgentDefinition<unknown>, raw: unknown): TaskCheck {
  if (raw === undefined) return { ok: false, code: "INVALID_INPUT" };
  const scope = agent.scope?.(raw);
  if (scope && !scope.inScope) return { ok: false, code: "OUT_OF_SCOPE", message: scope.message };
  const parsed = agent.input.safeParse(raw);
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, code: "INVALID_INPUT", error: parsed.error };
}

/** The key that decides a task's run: the agent's natural key wins over the caller's (a retry with any header reaches the same run). */
export function taskKeyOf(agent: AgentDefinition<unknown>, input: unknown, callerKey: string | null): { key: string | null; natural: boolean } {
  const natural = agent.idempotencyKey?.(input);
  return natural !== undefined ? { key: natural, natural: true } : { key: callerKey, natural: false };
}

export interface StartRunRequest {
  agent: AgentDefinition<unknown>;
  tenantId: string;
  /** The task as checked by `checkTask`. */
  input: unknown;
  /** What the request hash covers (the task as sent); defaults to `input`. */
  raw?: unknown;
  /** Replaces the hash of `raw` (a run started by the runtime itself, never replayed by a client). */
  requestHash?: string;
  /** The caller's key, used when the agent names no natural key; null with neither: a new run. */
  callerKey: string | null;
  /** Always a new run, whatever key the task carries (the online judge re-decides a task beside its run). */
  newRun?: boolean;
  waitMs: number;
  options?: RunOptions;
  /**
   * Admission between the run id and the submit (the HTTP route's stage,
   * breaker and rate gates). It may add run options; `release` gives back a
   * slot it took when no work follows (a replay of a rested run, a conflict).
   */
  admit?(runId: string, taskKey: string): Promise<{ options?: RunOptions; release?(): Promise<void> }>;
  /** Submit once more when the run did not rest within the wait (a run backing off; the submit is idempotent). */
  waitAgain?: boolean;
  /** The caller's W3C `traceparent`: a sampled one makes the run's span its child (a malformed one is ignored, as the spec asks). */
  traceparent?: string | null;
}

export type StartRunResult =
  | { kind: "conflict"; runId: string; natural: boolean }
  | { kind: "accepted"; runId: string; created: boolean; rested: boolean; run: RunView };

export async function startRun(env: Pick<Env, "RUNS"> & OtlpEnv, req: StartRunRequest): Promise<StartRunResult> {
  const { agent, tenantId } = req;
  const { key, natural } = req.newRun ? { key: null, natural: false } : taskKeyOf(agent, req.input, req.callerKey);
  const runId = key ? await idempotentRunId(tenantId, agent.name, key) : newRunId();
  const admitted = req.admit ? await req.admit(runId, key ?? runId) : {};
  // Sampled once, here: the run keeps the decision (a replayed request reaches the run it already made).
  const trace = tracingEnabled(env) ? decideRunTrace(runId, samplerRatio(env), parseTraceparent(req.traceparent), agent.tracing?.sampleRate) : null;
  const cmd: SubmitCommand = {
    runId,
    tenantId,
    agent: agent.name,
    input: req.input,
    requestHash: req.requestHash ?? (await sha256Hex(canonicalJson(req.raw === undefined ? req.input : req.raw))),
    idempotencyKey: key,
    waitMs: req.waitMs,
    options: { ...req.options, ...admitted.options, ...(trace ? { trace } : {}) },
  };
  const client = runClient(env, runId);
  let result = await client.submit(cmd);
  if (req.waitAgain && result.kind === "accepted" && !result.rested) result = await client.submit(cmd);
  const idle = result.kind === "conflict" ? result.rested : !result.created && result.rested;
  if (idle && admitted.release) await admitted.release();
  if (result.kind === "conflict") return { kind: "conflict", runId, natural };
  return { kind: "accepted", runId, created: result.created, rested: result.rested, run: result.run };
}
