/**
 * The cron sweep: queues again every pending delivery that nobody has tried
 * for a while (its queue send was lost, or the queue gave up on it). One
 * indexed query and one send per run, so it stays cheap.
 *
 * "A while" is longer than the longest retry delay plus the request timeout,
 * so a delivery waiting for its scheduled retry is left to the queue.
 */
import { and, asc, eq, isNull, lte, or } from "drizzle-orm";
import { database } from "../db/client";
import { DELIVERY_POLICY } from "./consumer";
import { enqueueDeliveries, type DeliveryQueue } from "./queue";
import { webhookDeliveries } from "./tables";

export const SWEEP_POLICY = {
  /** A new delivery is queued by whoever created it; after this it counts as lost. */
  neverTriedMs: 2 * 60_000,
  staleMs: (DELIVERY_POLICY.maxDelaySeconds * 1000 + DELIVERY_POLICY.timeoutMs) * 2,
  limit: 100,
} as const;

/** Queues the stale pending deliveries; returns their ids. */
export async function sweepWebhookDeliveries(env: { DB: D1Database; WEBHOOKS: DeliveryQueue }, now = Date.now()): Promise<string[]> {
  const rows = await database(env.DB)
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        or(
          and(isNull(webhookDeliveries.lastAttemptAt), lte(webhookDeliveries.createdAt, now - SWEEP_POLICY.neverTriedMs)),
          lte(webhookDeliveries.lastAttemptAt, now - SWEEP_POLICY.staleMs),
        ),
      ),
    )
    .orderBy(asc(webhookDeliveries.createdAt))
    .limit(SWEEP_POLICY.limit)
    .all();
  const ids = rows.map((r) => r.id);
  await enqueueDeliveries(env.WEBHOOKS, ids);
  return ids;
}
