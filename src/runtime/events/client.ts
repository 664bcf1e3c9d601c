/**
 * Reaching a run's event log by RPC, apart from the run object (like
 * ../run-client.ts, this module imports nothing at run time, so no import
 * cycle can form through it).
 */
import type { RunEvent } from "./event-log";

export interface EventBatch {
  events: RunEvent[];
  /** More events are stored after the last one returned (the page was full). */
  more: boolean;
  /** The run rests (completed, failed, cancelled, or waiting for a person) as of this read. */
  rested: boolean;
}

export interface RunEventsClient {
  /** Events with an id above `afterId`; null when the object holds no run of this tenant. */
  events(tenantId: string, afterId: number, limit: number): Promise<EventBatch | null>;
}

export function runEventsClient(env: Pick<Env, "RUNS">, runId: string): RunEventsClient {
  return env.RUNS.get(env.RUNS.idFromName(runId)) as unknown as RunEventsClient;
}
