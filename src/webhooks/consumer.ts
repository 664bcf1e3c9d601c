/**
 * The `webhooks` queue consumer: one POST per message, signed per Standard
 * Webhooks, with a timeout. Every attempt is recorded in D1 (status code,
 * duration, error, time) with the delivery's new state, in one batch. A 2xx
 * marks the delivery delivered; anything else retries the message with
 * exponential backoff (2^attempt seconds, capped) until MAX_ATTEMPTS, then the
 * delivery is `dead`: its row and attempts are the dead-letter record.
 *
 * Attempts are counted in D1, not by the queue: a delivery re-sent by the
 * sweep keeps its count. The queue's own max_retries (wrangler.toml) is set
 * above MAX_ATTEMPTS so the queue never drops a message before we decide; if
 * it ever does, the delivery stays pending and the sweep sends it again.
 * Redirects are not followed (a 3xx is a failed attempt), so a subscription
 * cannot be bounced to an address the URL check refused.
 */
import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { systemClock, type Clock } from "../runtime/clock";
import { signedHeaders } from "./signing";
import { DeliveryMessageSchema, type DeliveryMessage } from "./queue";
import { webhookAttempts, webhookDeliveries, webhooks } from "./tables";
import { tracingEnabled, type OtlpEnv } from "../observability/otlp-config";
import { TRACEPARENT_HEADER } from "../observability/trace-context";
import { runClient } from "../runtime/run-client";

export const DELIVERY_POLICY = {
  maxAttempts: 8,
  timeoutMs: 10_000,
  maxDelaySeconds: 300,
} as const;

/** Seconds before attempt `attempt + 1`: 2, 4, 8, ... capped. */
export const retryDelaySeconds = (attempt: number) => Math.min(DELIVERY_POLICY.maxDelaySeconds, 2 ** Math.max(1, attempt));

const USER_AGENT = "agent-runtime-webhooks/1";
const ERROR_MAX = 300;

export type AttemptResult = { kind: "delivered" | "dead" | "skipped" } | { kind: "retry"; delaySeconds: number };

export interface DeliveryDeps {
  clock?: Clock;
  fetch?: typeof fetch;
  /** Where a delivery about a traced run finds its `traceparent` (only when tracing is on). */
  traces?: Pick<Env, "RUNS"> & OtlpEnv;
}

/** The run span's `traceparent` for a delivery about a traced run, or null. Never fails a delivery. */
async function traceparentOf(deps: DeliveryDeps, tenantId: string, payload: string): Promise<string | null> {
  if (!deps.traces?.RUNS || !tracingEnabled(deps.traces)) return null;
  try {
    const runId = (JSON.parse(payload) as { data?: { runId?: unknown } }).data?.runId;
    return typeof runId === "string" ? await runClient(deps.traces, runId).traceparent(tenantId) : null;
  } catch {
    return null;
  }
}

async function post(url: string, headers: Record<string, string>, body: string, fetcher: typeof fetch): Promise<{ statusCode: number | null; error: string | null }> {
  try {
    const res = await fetcher(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "user-agent": USER_AGENT },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_POLICY.timeoutMs),
    });
    // The body is not needed; releasing it frees the connection.
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { statusCode: res.status, error: ok ? null : `receiver answered HTTP ${res.status}` };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const message = timedOut ? `no answer within ${DELIVERY_POLICY.timeoutMs / 1000} s` : error instanceof Error ? error.message : String(error);
    return { statusCode: null, error: message.slice(0, ERROR_MAX) };
  }
}

/** One attempt at one delivery, recorded. Skips deliveries already settled or whose subscription is gone. */
export async function attemptDelivery(d1: D1Database, deliveryId: string, deps: DeliveryDeps = {}): Promise<AttemptResult> {
  const clock = deps.clock ?? systemClock;
  const db = database(d1);
  const row = await db
    .select({ id: webhookDeliveries.id, tenantId: webhookDeliveries.tenantId, payload: webhookDeliveries.payload, status: webhookDeliveries.status, attempts: webhookDeliveries.attempts, url: webhooks.url, secret: webhooks.secret })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .get();
  if (!row || row.status !== "pending") return { kind: "skipped" };

  const attempt = row.attempts + 1;
  const startedAt = clock.now();
  const headers = await signedHeaders(row.secret, row.id, startedAt, row.payload);
  const traceparent = await traceparentOf(deps, row.tenantId, row.payload);
  if (traceparent) headers[TRACEPARENT_HEADER] = traceparent;
  const { statusCode, error } = await post(row.url, headers, row.payload, deps.fetch ?? fetch);
  const at = clock.now();
  const delivered = error === null;
  const dead = !delivered && attempt >= DELIVERY_POLICY.maxAttempts;
  const status = delivered ? "delivered" : dead ? "dead" : "pending";
  await db.batch([
    db.insert(webhookAttempts).values({ deliveryId, attempt, statusCode, durationMs: at - startedAt, error, at: startedAt }).onConflictDoNothing(),
    db
      .update(webhookDeliveries)
      .set({ status, attempts: attempt, lastAttemptAt: startedAt, lastError: error, deliveredAt: delivered ? at : null, deadAt: dead ? at : null })
      // Only from the state this attempt started in: a concurrent attempt (a sweep re-send) cannot roll it back.
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, "pending"), eq(webhookDeliveries.attempts, row.attempts))),
  ]);
  if (delivered) return { kind: "delivered" };
  if (dead) return { kind: "dead" };
  return { kind: "retry", delaySeconds: retryDelaySeconds(attempt) };
}

export async function consumeWebhookDeliveries(batch: MessageBatch<unknown>, env: Pick<Env, "DB"> & Partial<Pick<Env, "RUNS">> & OtlpEnv, deps: DeliveryDeps = {}): Promise<void> {
  if (env.RUNS && deps.traces === undefined) deps = { ...deps, traces: { ...env, RUNS: env.RUNS } };
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = DeliveryMessageSchema.safeParse(message.body);
      // A malformed message can never succeed; the D1 row (if any) is still found by the sweep.
      if (!parsed.success) return message.ack();
      const body: DeliveryMessage = parsed.data;
      try {
        const result = await attemptDelivery(env.DB, body.deliveryId, deps);
        if (result.kind === "retry") message.retry({ delaySeconds: result.delaySeconds });
        else message.ack();
      } catch (error) {
        // D1 unavailable: nothing was recorded; try the message again later.
        console.warn(JSON.stringify({ level: "warn", msg: "webhook delivery failed before recording", deliveryId: body.deliveryId, error: error instanceof Error ? error.message : String(error) }));
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }),
  );
}
