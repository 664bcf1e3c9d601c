/**
 * The evaluation runner. Runs INSIDE the Worker through the real runtime: each
 * case is a real run of the agent (its own Durable Object, journal, tools and
 * model calls), started with `startRun` as the HTTP route starts them.
 *
 * Isolation: a pass runs under its own tenant (`eval-<evalRunId>`), and each
 * case under a sub-tenant of it (`eval-<evalRunId>/<caseId>`), given what the
 * agent's `evalSet.tenant` copies from the calling tenant. So evaluation runs
 * never touch real history, passes never see each other, and cases never see
 * each other (only a case's own earlier tasks can affect it).
 *
 * Agent-agnostic: it uses only the agent definition (input schema, scope
 * check, natural idempotency key, `models`, `evalSet`).
 */
import { primaryTiers } from "../models/tiers";
import { findAgent } from "../agents/registry";
import type { AgentDefinition } from "../runtime/agent-definition";
import { ApiError } from "../runtime/errors";
import { runClient } from "../runtime/run-client";
import { compareOutcomes } from "../runtime/outcomes";
import { checkTask, startRun } from "../runtime/start-run";
import type { RunView } from "../runtime/run-view";
import { EvalSetError, loadEvalSet, parseEvalSet, selectCases, type EvalCase } from "./dataset";
import { countEscalations, scoreCase, summarize, type EvalSummary } from "./metrics";
import {
  caseTenantOf,
  completeEvalRun,
  createEvalRun,
  EVAL_MODES,
  EVAL_RUN_ID_PATTERN,
  failEvalRun,
  getEvalRun,
  listResults,
  newEvalRunId,
  saveResults,
  type EvalMode,
  type EvalRunRow,
  type EvalTrigger,
  type StoredResult,
} from "./store";

/** How long one submit waits for the run to rest (the run keeps going if it does not). */
export const CASE_WAIT_MS = 30_000;
/** Most cases one chunk (one HTTP request) processes. */
export const MAX_CHUNK = 100;

// ---- agent and mode --------------------------------------------------------------

export function evalAgent(name: string): { agent: AgentDefinition<unknown>; cases: EvalCase[] } {
  const agent = findAgent(name);
  if (!agent) throw new ApiError(404, "AGENT_NOT_FOUND", `There is no agent named "${name}".`);
  const cases = loadEvalSet(agent);
  if (!cases) throw new ApiError(404, "EVAL_SET_NOT_FOUND", `The agent "${name}" has no bundled evaluation set.`);
  return { agent, cases };
}

/** The agent's model tiers in this environment (cheapest first): its first `models` entry, after MODEL_TIERS. */
export function defaultTiers(env: Env, agent: AgentDefinition<unknown>): string[] {
  return primaryTiers(env, agent);
}

/** The tiers a mode runs with: all (cascade), the first only (cheap) or the last only (strong). */
export function tiersForMode(env: Env, agent: AgentDefinition<unknown>, mode: EvalMode): string[] {
  const tiers = defaultTiers(env, agent);
  if (tiers.length === 0) {
    if (mode === "cascade") return [];
    throw new ApiError(422, "NO_MODEL_TIERS", `The agent "${agent.name}" declares no model tiers, so only mode "cascade" applies.`);
  }
  if (mode === "cheap") return [tiers[0]!];
  if (mode === "strong") return [tiers[tiers.length - 1]!];
  return [...tiers];
}

// ---- one case --------------------------------------------------------------------

interface CaseContext {
  env: Env;
  agent: AgentDefinition<unknown>;
  evalRunId: string;
  /** Model tiers of the pass; empty = the agent's own. */
  tiers: string[];
  /** The tenant that owns the pass: case tenants are prepared from its data. */
  sourceTenantId: string;
}

type Submitted = { kind: "refused"; error: string } | { kind: "error"; error: string; run: RunView | null } | { kind: "rested"; run: RunView };

/** The agent's own checks before a run exists, exactly as the HTTP API applies them (one `checkTask`). */
function admit(agent: AgentDefinition<unknown>, input: unknown): { ok: true; input: unknown } | { ok: false; error: "OUT_OF_SCOPE" | "INVALID_INPUT" } {
  const checked = checkTask(agent, input);
  return checked.ok ? checked : { ok: false, error: checked.code };
}

async function submitTask(ctx: CaseContext, tenantId: string, raw: unknown, fallbackKey: string): Promise<Submitted> {
  const admitted = admit(ctx.agent, raw);
  if (!admitted.ok) return { kind: "refused", error: admitted.error };
  const result = await startRun(ctx.env, {
    agent: ctx.agent,
    tenantId,
    input: admitted.input,
    raw,
    callerKey: fallbackKey,
    waitMs: CASE_WAIT_MS,
    options: { ...(ctx.tiers.length ? { modelTiers: ctx.tiers } : {}), evaluation: ctx.evalRunId },
    // A run that backs off (e.g. a retried step) may need a second wait.
    waitAgain: true,
  });
  const runId = result.runId;
  if (result.kind === "conflict") return { kind: "error", error: `IDEMPOTENCY_CONFLICT: run ${runId} exists with another request`, run: null };
  if (!result.rested) return { kind: "error", error: `NOT_RESTED: ${result.run.status} after ${(2 * CASE_WAIT_MS) / 1000} s`, run: result.run };
  return { kind: "rested", run: result.run };
}

const runError = (run: RunView) =>
  `RUN_${run.status.toUpperCase()}${run.error ? `: ${run.error.code} ${run.error.message}` : run.stopReason ? `: ${run.stopReason}` : ""}`;

/** What the agent answered: the outcome, or (escalated to a person) its proposal, or what the agent reads from the waiting run (`evalSet.pendingAnswer`). */
async function answerOf(ctx: CaseContext, tenantId: string, run: RunView): Promise<unknown> {
  if (run.status !== "waiting_for_review") return run.outcome ?? run.proposal ?? null;
  const pending = ctx.agent.evalSet?.pendingAnswer;
  if (!pending) return run.proposal;
  const evidence = await runClient(ctx.env, run.runId).evidence(tenantId);
  return (evidence && pending(evidence)) ?? run.proposal;
}

export async function runCase(ctx: CaseContext, c: EvalCase): Promise<StoredResult> {
  const tenantId = caseTenantOf(ctx.evalRunId, c.id);
  const base = { caseId: c.id, tags: c.tags, expected: c.expected };
  const finish = (fields: Omit<StoredResult, "caseId" | "tags" | "expected" | "decisionCorrect" | "exactCorrect">): StoredResult => {
    const score = scoreCase(c.expected, fields.actual, (p, f) => compareOutcomes(ctx.agent, p, f));
    return { ...base, ...fields, decisionCorrect: score.decisionCorrect, exactCorrect: score.exactCorrect };
  };
  const empty = { runId: null, costMicroUsd: 0, latencyMs: 0, modelCalls: 0, escalatedCalls: 0 };

  // Refused before a run exists: nothing to seed or submit.
  const admitted = admit(ctx.agent, c.input);
  if (!admitted.ok) return finish({ ...empty, actual: { error: admitted.error, status: 422 }, error: null });

  const tenantSetup = ctx.agent.evalSet?.tenant;
  if (tenantSetup) await tenantSetup.prepare(ctx.env.DB, ctx.sourceTenantId, tenantId);
  let rested = true;
  // Each earlier task must come back with the agent's accepting decision (the expense agent's `approve`, the refund agent's `refund`).
  const priorDecision = ctx.agent.evalSet?.priorDecision ?? "approve";
  try {
    for (const [i, prior] of (c.priorReports ?? []).entries()) {
      const p = await submitTask(ctx, tenantId, prior, `eval:${c.id}:prior:${i}`);
      const outcome = p.kind === "rested" ? (p.run.outcome as { decision?: unknown } | null) : null;
      if (p.kind === "rested" && p.run.status === "completed" && outcome?.decision === priorDecision) continue;
      if (p.kind === "error" && p.run) rested = false; // still running: leave its tenant's data alone
      const why =
        p.kind === "refused" ? p.error : p.kind === "error" ? p.error : p.run.status === "completed" ? `decision ${String(outcome?.decision)}` : runError(p.run);
      return finish({ ...empty, actual: null, error: `PRIOR_NOT_APPROVED: prior task ${i + 1} (${why})` });
    }

    const s = await submitTask(ctx, tenantId, c.input, `eval:${c.id}`);
    if (s.kind === "refused") return finish({ ...empty, actual: { error: s.error, status: 422 }, error: null });
    if (s.kind === "error" && !s.run) return finish({ ...empty, actual: null, error: s.error });
    const run = s.run!;
    if (s.kind === "error") rested = false;
    const steps = (await runClient(ctx.env, run.runId).journal(tenantId)) ?? [];
    const counted = countEscalations(steps, ctx.tiers.length ? ctx.tiers : defaultTiers(ctx.env, ctx.agent));
    const actual = await answerOf(ctx, tenantId, run);
    const ok = run.status === "completed" || run.status === "waiting_for_review";
    return finish({
      runId: run.runId,
      actual,
      costMicroUsd: run.usage.costMicroUsd,
      latencyMs: run.usage.wallMs,
      modelCalls: steps.length ? counted.modelCalls : run.usage.modelCalls,
      escalatedCalls: counted.escalated,
      // A rested run without an answer (e.g. sent to a person before deciding) is scored wrong; say why.
      error: s.kind === "error" ? s.error : !ok ? runError(run) : actual === null ? `NO_ANSWER: ${run.status}${run.stopReason ? ` (${run.stopReason})` : ""} without an outcome or proposal` : null,
    });
  } finally {
    // The copied data is only needed while the case's runs use it.
    if (rested && tenantSetup) await tenantSetup.cleanup(ctx.env.DB, tenantId);
  }
}

// ---- a pass ----------------------------------------------------------------------

export interface StartOptions {
  agent: string;
  mode: EvalMode;
  /** The calling tenant: owns the pass and lends its data to the case tenants (`evalSet.tenant`). */
  tenantId: string;
  trigger: EvalTrigger;
}

export async function startEvalRun(env: Env, options: StartOptions, now = Date.now()): Promise<EvalRunRow> {
  const { agent } = evalAgent(options.agent);
  if (!EVAL_MODES.includes(options.mode)) throw new ApiError(422, "INVALID_INPUT", `Unknown mode "${options.mode}".`);
  tiersForMode(env, agent, options.mode); // refuse a mode the agent cannot run before creating anything
  return createEvalRun(env.DB, {
    id: newEvalRunId(now),
    tenantId: options.tenantId,
    agent: agent.name,
    agentVersion: agent.version,
    mode: options.mode,
    trigger: options.trigger,
    createdAt: now,
  });
}

/** The pass, checked against the caller: unknown, another tenant's, or another agent's -> 404. */
export async function evalRunFor(env: Env, evalRunId: string, tenantId: string, agent?: string): Promise<EvalRunRow> {
  const row = EVAL_RUN_ID_PATTERN.test(evalRunId) ? await getEvalRun(env.DB, evalRunId) : undefined;
  if (!row || row.tenantId !== tenantId || (agent !== undefined && row.agent !== agent)) {
    throw new ApiError(404, "EVAL_RUN_NOT_FOUND", `There is no evaluation run "${evalRunId}"${agent ? ` of agent "${agent}"` : ""} for this tenant.`);
  }
  return row;
}

export interface ChunkResult {
  evalRunId: string;
  mode: EvalMode;
  offset: number;
  processed: number;
  total: number;
  done: boolean;
  /** Of the cases processed in this chunk. */
  exactCorrect: number;
  errors: number;
  /** Per case (inline cases only): what the run did, for a person reading a case file's results. */
  results?: CaseReport[];
}

/** One case's run as a caller sees it: its status, the proposal and the outcome, and whether it matched. */
export interface CaseReport {
  id: string;
  runId: string | null;
  status: string | null;
  proposal: unknown;
  outcome: unknown;
  exact: boolean;
  differences: string[];
  error: string | null;
}

/** Processes cases [offset, offset + limit) of the pass's set (optionally only those tagged `tag`) and stores their results. */
/**
 * Processes cases [offset, offset + limit) of the pass's set (optionally only those tagged `tag`) and stores their results.
 * `inline` (JSON Lines in the set's format) replaces the bundled set for this chunk: any case file can be run.
 */
export async function processChunk(env: Env, evalRun: EvalRunRow, range: { offset: number; limit: number; tag?: string; inline?: string }): Promise<ChunkResult> {
  const { agent, cases: bundled } = range.inline === undefined ? evalAgent(evalRun.agent) : { agent: evalAgent(evalRun.agent).agent, cases: inlineCases(evalRun.agent, range.inline) };
  const cases = range.inline === undefined ? selectCases(bundled, range.tag) : bundled;
  const mode = evalRun.mode as EvalMode;
  const slice = cases.slice(range.offset, range.offset + Math.min(range.limit, MAX_CHUNK));
  const ctx: CaseContext = { env, agent, evalRunId: evalRun.id, tiers: tiersForMode(env, agent, mode), sourceTenantId: evalRun.tenantId };

  // One case at a time: latency figures are not inflated by cases competing for the same isolate.
  const results: StoredResult[] = [];
  const reports: CaseReport[] = [];
  for (const c of slice) {
    try {
      const result = await runCase(ctx, c);
      results.push(result);
      if (range.inline !== undefined) reports.push(await reportOf(ctx, c, result));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({
        caseId: c.id, tags: c.tags, expected: c.expected, actual: null, runId: null,
        decisionCorrect: false, exactCorrect: false, costMicroUsd: 0, latencyMs: 0, modelCalls: 0, escalatedCalls: 0,
        error: `RUNNER_ERROR: ${message}`,
      });
    }
  }
  await saveResults(env.DB, evalRun.id, results);

  const end = range.offset + slice.length;
  return {
    evalRunId: evalRun.id,
    mode,
    offset: range.offset,
    processed: slice.length,
    total: cases.length,
    done: end >= cases.length,
    exactCorrect: results.filter((r) => r.exactCorrect).length,
    errors: results.filter((r) => r.error !== null).length,
    ...(range.inline !== undefined ? { results: reports } : {}),
  };
}

/** Cases sent with the request, parsed like the bundled set (the agent's expected shape); at most MAX_CHUNK. */
function inlineCases(agentName: string, text: string): EvalCase[] {
  const { agent } = evalAgent(agentName);
  let cases: EvalCase[];
  try {
    cases = parseEvalSet(text, "cases", agent.evalSet?.expected);
  } catch (error) {
    if (error instanceof EvalSetError) throw new ApiError(422, "INVALID_CASES", error.message);
    throw error;
  }
  if (cases.length > MAX_CHUNK) throw new ApiError(422, "INVALID_CASES", `At most ${MAX_CHUNK} cases per request; send the file in chunks.`);
  return cases;
}

async function reportOf(ctx: CaseContext, c: EvalCase, r: StoredResult): Promise<CaseReport> {
  const view = r.runId ? await runClient(ctx.env, r.runId).view(caseTenantOf(ctx.evalRunId, c.id)) : null;
  const score = scoreCase(c.expected, r.actual, (p, f) => compareOutcomes(ctx.agent, p, f));
  return {
    id: c.id, runId: r.runId, status: view?.status ?? null, proposal: view?.proposal ?? null, outcome: view?.outcome ?? r.actual ?? null,
    exact: r.exactCorrect, differences: score.differences, error: r.error,
  };
}

export interface StoredSummary extends EvalSummary {
  evalRunId: string;
  agent: string;
  agentVersion: string;
  mode: EvalMode;
  trigger: EvalTrigger;
  tiers: string[];
  createdAt: string;
  finishedAt: string;
}

/** Computes the summary from the stored results (in evaluation-set order), stores it and marks the pass completed. */
export async function finishEvalRun(env: Env, evalRun: EvalRunRow, now = Date.now()): Promise<StoredSummary> {
  const { agent, cases } = evalAgent(evalRun.agent);
  const order = new Map(cases.map((c, i) => [c.id, i]));
  const rows = (await listResults(env.DB, evalRun.id)).sort((a, b) => (order.get(a.caseId) ?? 1e9) - (order.get(b.caseId) ?? 1e9));
  const mode = evalRun.mode as EvalMode;
  const tiers = tiersForMode(env, agent, mode);
  const summary: StoredSummary = {
    evalRunId: evalRun.id,
    agent: evalRun.agent,
    agentVersion: evalRun.agentVersion,
    mode,
    trigger: evalRun.trigger,
    tiers,
    createdAt: new Date(evalRun.createdAt).toISOString(),
    finishedAt: new Date(now).toISOString(),
    ...summarize(rows, { cascade: tiers.length > 1, compare: (p, f) => compareOutcomes(agent, p, f) }),
  };
  await completeEvalRun(env.DB, evalRun.id, summary, now);
  return summary;
}

/**
 * A whole pass in-process: create, run every case in chunks, summarize. Used
 * by the scheduled evaluation (Cron Trigger) and by tests.
 */
export async function runEvaluationPass(
  env: Env,
  options: StartOptions & { tag?: string; limit?: number },
): Promise<StoredSummary> {
  const evalRun = await startEvalRun(env, options);
  try {
    const total = selectCases(evalAgent(options.agent).cases, options.tag).length;
    const end = Math.min(total, options.limit ?? total);
    for (let offset = 0; offset < end; offset += MAX_CHUNK) {
      await processChunk(env, evalRun, { offset, limit: Math.min(MAX_CHUNK, end - offset), tag: options.tag });
    }
    return await finishEvalRun(env, evalRun);
  } catch (error) {
    await failEvalRun(env.DB, evalRun.id, error instanceof Error ? error.message : String(error), Date.now());
    throw error;
  }
}
