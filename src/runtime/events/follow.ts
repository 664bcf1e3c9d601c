/**
 * Follows a run's event log to its rest: sends what is stored after the
 * caller's last event id, then polls for more at a short interval until the
 * run rests, with a heartbeat while nothing happens. Polling (not a push from
 * the object) works the same in workerd, `wrangler dev` and tests, and a lost
 * poll loses nothing: the next one reads from the last id sent.
 *
 * Ends when: the run rests and every event up to its rest was sent; the
 * client went away; or `maxMs` passed (the client reconnects with
 * Last-Event-ID and continues where it stopped).
 */
import type { Clock } from "../clock";
import type { EventBatch } from "./client";
import type { RunEvent } from "./event-log";

export interface FollowIo {
  read(afterId: number): Promise<EventBatch | null>;
  send(event: RunEvent): Promise<void>;
  heartbeat(): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** The client disconnected. */
  stopped(): boolean;
}

export interface FollowOptions {
  pollMs: number;
  heartbeatMs: number;
  maxMs: number;
}

export const FOLLOW_DEFAULTS: FollowOptions = { pollMs: 250, heartbeatMs: 15_000, maxMs: 5 * 60_000 };

export type FollowEnd = "rested" | "stopped" | "timeout" | "gone";

export async function followRun(first: EventBatch, afterId: number, io: FollowIo, clock: Clock, options: FollowOptions = FOLLOW_DEFAULTS): Promise<FollowEnd> {
  const started = clock.now();
  let lastWrite = started;
  let after = afterId;
  let batch = first;
  for (;;) {
    for (const event of batch.events) {
      if (io.stopped()) return "stopped";
      await io.send(event);
      after = event.id;
      lastWrite = clock.now();
    }
    if (!batch.more) {
      if (batch.rested) return "rested";
      if (clock.now() - started >= options.maxMs) return "timeout";
      await io.sleep(options.pollMs);
      if (io.stopped()) return "stopped";
      if (clock.now() - lastWrite >= options.heartbeatMs) {
        await io.heartbeat();
        lastWrite = clock.now();
      }
    }
    const next = await io.read(after);
    if (!next) return "gone";
    batch = next;
  }
}
