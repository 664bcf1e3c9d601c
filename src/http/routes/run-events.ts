/**
 * GET /v1/runs/{runId}/events: the run's events as Server-Sent Events. Stored
 * events after `Last-Event-ID` are replayed, then new ones follow as they are
 * journaled, until the run rests: `run.finished` (with the run as
 * GET /v1/runs/{runId} returns it) for a finished run, `run.waiting_for_review`
 * for a run waiting for a person (a reconnect after the decision continues
 * with `run.resumed`). Another tenant's run is a 404, exactly like a missing one.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { runEventsClient } from "../../runtime/events/client";
import type { RunEvent } from "../../runtime/events/event-log";
import { followRun } from "../../runtime/events/follow";
import { systemClock } from "../../runtime/clock";
import { RUN_ID_PATTERN } from "../../runtime/ids";
import type { RunView } from "../../runtime/run-view";
import { ErrorBodySchema } from "../errors";
import type { AppEnv } from "../types";
import { runNotFound } from "./runs";
import { validationHook } from "../validation";

/** Events per RPC read: bounds one read's size; a longer log is read in pages. */
const PAGE = 200;
const HEARTBEAT = ": heartbeat\n\n";

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } }]));

const streamRoute = createRoute({
  method: "get",
  path: "/runs/{runId}/events",
  summary: "The run's events as Server-Sent Events, live until the run rests",
  description:
    "Events: run.started, step.started, step.finished, model.called, tool.called, run.waiting_for_review, run.resumed, run.finished (data: the run object). " +
    "Each has an increasing integer `id:`; send it back as Last-Event-ID to continue after it. A heartbeat comment comes every 15 s.",
  request: {
    params: z.object({ runId: z.string() }),
    headers: z.object({
      "last-event-id": z.string().regex(/^\d{1,15}$/, "Last-Event-ID is the integer id of an event of this run.").optional()
        .openapi({ description: "Resume after this event id (what the stream's `id:` lines carry)." }),
    }),
  },
  responses: {
    200: { description: "text/event-stream of the run's events", content: { "text/event-stream": { schema: z.string() } } },
    ...errors(401, 404, 422),
  },
});


/** run.finished carries the run as GET /v1/runs/{runId} answers it, links included. */
function dataOf(event: RunEvent, runId: string): unknown {
  return event.type === "run.finished" ? { ...(event.data as RunView), links: { self: `/v1/runs/${runId}` } } : event.data;
}

export const runEventsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(streamRoute, async (c) => {
  const { runId } = c.req.valid("param");
  const after = Number(c.req.valid("header")["last-event-id"] ?? 0);
  if (!RUN_ID_PATTERN.test(runId)) throw runNotFound(runId);
  const tenantId = c.get("tenantId");
  const client = runEventsClient(c.env, runId);
  // Read before the stream opens, so a missing or foreign run is an ordinary 404, not an empty stream.
  const first = await client.events(tenantId, after, PAGE);
  if (!first) throw runNotFound(runId);

  return streamSSE(c, async (stream) => {
    try {
      await followRun(first, after, {
        read: (afterId) => client.events(tenantId, afterId, PAGE),
        send: (event) => stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(dataOf(event, runId)) }),
        heartbeat: async () => {
          await stream.write(HEARTBEAT);
        },
        sleep: async (ms) => {
          await stream.sleep(ms);
        },
        stopped: () => stream.aborted || stream.closed,
      }, systemClock);
    } catch (error) {
      // The stream just ends; the client reconnects with Last-Event-ID and loses nothing.
      console.error(JSON.stringify({ level: "error", msg: "run events stream failed", runId, error: error instanceof Error ? error.message : String(error) }));
    }
  });
});
