/**
 * Tables the webhooks module owns (drizzle): subscriptions, one delivery per
 * (event, subscription), and every attempt to send it. A delivery is a queue
 * job whose state lives in D1, so a lost queue message only delays it (the
 * sweep sends it again) and a receiver that stays down ends as a `dead` row.
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const WEBHOOK_EVENTS = [
  "run.completed",
  "run.failed",
  "run.waiting_for_review",
  "review.decided",
  "breaker.opened",
  "breaker.closed",
  "stage.changed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "dead"] as const;

/**
 * A tenant's subscription. `secret` is the Standard Webhooks signing secret
 * (`whsec_...`), stored as is because every delivery needs it to sign; it is
 * returned once at creation and never read by a listing.
 */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<WebhookEventType[]>().notNull(),
    secret: text("secret").notNull(),
    /** The API origin the subscriber used: run links in payloads point there. */
    apiOrigin: text("api_origin").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("webhooks_tenant").on(t.tenantId, t.createdAt)],
);

/** One event for one subscription. Its id is derived from both, so a redelivered event inserts nothing. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    /** Sent as `webhook-id`: the same on every attempt, so receivers can drop duplicates. */
    id: text("id").primaryKey(),
    webhookId: text("webhook_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type", { enum: WEBHOOK_EVENTS }).notNull(),
    /** The exact JSON body sent (and signed). */
    payload: text("payload").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: integer("last_attempt_at"),
    lastError: text("last_error"),
    deliveredAt: integer("delivered_at"),
    /** Set with status `dead`: the dead-letter record (attempts exhausted). */
    deadAt: integer("dead_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("webhook_deliveries_webhook").on(t.webhookId, t.createdAt), index("webhook_deliveries_status").on(t.status, t.lastAttemptAt)],
);

/** Every POST to a receiver: its answer (or why there was none) and how long it took. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    deliveryId: text("delivery_id").notNull(),
    attempt: integer("attempt").notNull(),
    /** The receiver's HTTP status; null when it never answered (timeout, connection refused). */
    statusCode: integer("status_code"),
    durationMs: integer("duration_ms").notNull(),
    error: text("error"),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.attempt] })],
);

export type Webhook = typeof webhooks.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
