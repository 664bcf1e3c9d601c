/**
 * The run object's client and the shapes of its RPC answers, apart from the
 * object itself: whoever only needs to reach a run (routes, guardrails,
 * evaluations) imports this module, which imports nothing at run time, so no
 * import cycle can form through the run object.
 */
import type { ReviewDecision } from "../escalation/messages";
import type { RunOptions } from "./run-store";
import type { RunView, StepView } from "./run-view";

export interface SubmitCommand {
  runId: string;
  tenantId: string;
  agent: string;
  input: unknown;
  requestHash: string;
  idempotencyKey: string | null;
  /** How long to wait for a resting status before answering (Prefer: wait). */
  waitMs: number;
  options?: RunOptions;
}

export type SubmitResult =
  /** `rested`: the existing run is resting (it holds no concurrency slot). */
  | { kind: "conflict"; rested: boolean }
  | { kind: "accepted"; created: boolean; rested: boolean; run: RunView };

export type ResolveReviewResult =
  | { kind: "not_found" }
  /** `invalid`: the run refused the decision (e.g. edited arguments that break the tool's schema or policy); nothing changed. */
  | { kind: "invalid"; message: string }
  | { kind: "already_decided"; run: RunView }
  | { kind: "not_waiting"; run: RunView }
  /** `traceparent`: the run span's, when the run is traced (the decision's log line joins the run's trace). */
  | { kind: "resumed"; run: RunView; traceparent: string | null };

export type CancelResult = { kind: "not_found" } | { kind: "already_finished"; run: RunView } | { kind: "cancelled"; run: RunView };

/** What the review repair sweep found: the hand-over queued again, or the run's history sent again (D1 was behind). */
export type RepairReviewResult = { kind: "not_found" } | { kind: "requeued" | "refreshed"; status: RunView["status"] };

/**
 * The run object's RPC surface with plain types. (Workers' RPC type mapping
 * turns `unknown` JSON fields into `never`; the values are structured-cloned
 * JSON, so these are the real shapes.)
 */
export interface RunClient {
  submit(cmd: SubmitCommand): Promise<SubmitResult>;
  view(tenantId: string): Promise<RunView | null>;
  journal(tenantId: string): Promise<StepView[] | null>;
  cancel(tenantId: string): Promise<CancelResult>;
  repairReview(tenantId: string): Promise<RepairReviewResult>;
  stats(tenantId: string): Promise<{ storageBytes: number; steps: number } | null>;
  resolveReview(tenantId: string, review: ReviewDecision, waitMs: number, round?: number): Promise<ResolveReviewResult>;
  evidence(tenantId: string): Promise<{ input: unknown; outputs: Record<string, unknown> } | null>;
  traceparent(tenantId: string): Promise<string | null>;
}

export function runClient(env: Pick<Env, "RUNS">, runId: string): RunClient {
  return env.RUNS.get(env.RUNS.idFromName(runId)) as unknown as RunClient;
}
