/** One page of a run's event log, with whether the run rests: read in one synchronous block, so the two agree. */
import { RESTING_STATUSES, type RunState } from "../run-store";
import type { RunEventLog } from "./event-log";
import type { EventBatch } from "./client";

export function readEvents(log: RunEventLog, run: RunState, afterId: number, limit: number): EventBatch {
  const rows = log.after(afterId, limit + 1);
  return { events: rows.slice(0, limit), more: rows.length > limit, rested: RESTING_STATUSES.has(run.status) };
}
