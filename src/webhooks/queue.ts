/**
 * The `webhooks` queue carries only a delivery id: the delivery's state (and
 * its payload) lives in D1, so a message that is lost, duplicated or late
 * changes nothing but timing. Sending is best effort for the same reason: the
 * sweep (src/webhooks/sweep.ts) sends again any pending delivery left alone.
 */
import { z } from "zod";

export const WEBHOOKS_QUEUE = "webhooks";
/** Queues take at most 100 messages per sendBatch. */
const SEND_BATCH = 100;

export const DeliveryMessageSchema = z.object({ deliveryId: z.string().min(1) });
export type DeliveryMessage = z.infer<typeof DeliveryMessageSchema>;

export type DeliveryQueue = Pick<Queue<DeliveryMessage>, "sendBatch">;

/** Queues the deliveries; never throws (a failed send only waits for the sweep). */
export async function enqueueDeliveries(queue: DeliveryQueue | undefined, ids: readonly string[]): Promise<void> {
  if (!queue || ids.length === 0) return;
  try {
    for (let i = 0; i < ids.length; i += SEND_BATCH) {
      await queue.sendBatch(ids.slice(i, i + SEND_BATCH).map((deliveryId) => ({ body: { deliveryId }, contentType: "json" })));
    }
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", msg: "webhook enqueue failed; the sweep will send them", deliveries: ids.length, error: error instanceof Error ? error.message : String(error) }));
  }
}
