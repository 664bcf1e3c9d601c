/**
 * A Durable Object has exactly one alarm. Every part of the run that needs a
 * wake-up reports it here and this one function picks the earliest; the
 * object then sets (or deletes) the single physical alarm. Because the alarm is
 * derived from stored state, a restarted object recomputes the same schedule,
 * and a crash loop cannot pile up stale wake-ups.
 */
import { RESTING_STATUSES, type RunState, type StepState } from "./run-store";

/** How long an executing run may go silent before the alarm assumes it crashed. */
export const EXECUTION_LEASE_MS = 15_000;

export interface WakeInputs {
  now: number;
  run: RunState | null;
  /** The journal row of the step the run would execute next. */
  nextStep: StepState | null;
  executing: boolean;
  outboxDueAt: number | null;
}

export function nextWakeAt({ now, run, nextStep, executing, outboxDueAt }: WakeInputs): number | null {
  const candidates: number[] = [];
  if (run && !RESTING_STATUSES.has(run.status)) {
    if (executing) candidates.push(now + EXECUTION_LEASE_MS);
    else if (nextStep?.status === "retrying" && nextStep.retryAt !== null) candidates.push(nextStep.retryAt);
    else candidates.push(now);
    candidates.push(run.deadlineAt);
  }
  if (outboxDueAt !== null) candidates.push(outboxDueAt);
  return candidates.length > 0 ? Math.min(...candidates) : null;
}
