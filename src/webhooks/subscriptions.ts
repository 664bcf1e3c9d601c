/**
 * A tenant's webhook subscriptions and their deliveries, always scoped by
 * tenant: another tenant's id reads as absent. The signing secret leaves this
 * module only in the result of `createWebhook`.
 */
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { database } from "../db/client";
import { WebhookError } from "./errors";
import { newWebhookSecret } from "./signing";
import { refusedWebhookUrl } from "./url-policy";
import { webhookAttempts, webhookDeliveries, webhooks, type Webhook, type WebhookAttempt, type WebhookDelivery, type WebhookEventType } from "./tables";

export const MAX_WEBHOOKS_PER_TENANT = 20;

/** A subscription as listed: everything but the secret. */
export type WebhookView = Omit<Webhook, "secret" | "tenantId">;
export type DeliveryView = Omit<WebhookDelivery, "tenantId" | "payload"> & { payload: unknown; attemptLog: Omit<WebhookAttempt, "deliveryId">[] };

const publicColumns = {
  id: webhooks.id,
  url: webhooks.url,
  events: webhooks.events,
  apiOrigin: webhooks.apiOrigin,
  createdBy: webhooks.createdBy,
  createdAt: webhooks.createdAt,
};

/**
 * Stores a subscription with a fresh secret, returned here only. Throws
 * WEBHOOK_URL_NOT_ALLOWED (see url-policy.ts) or WEBHOOK_LIMIT_REACHED.
 */
export async function createWebhook(
  d1: D1Database,
  input: { tenantId: string; url: string; events: WebhookEventType[]; environment: string; apiOrigin: string; createdBy: string; now: number },
): Promise<{ webhook: WebhookView; secret: string }> {
  const refused = refusedWebhookUrl(input.url, input.environment);
  if (refused) throw new WebhookError("WEBHOOK_URL_NOT_ALLOWED", refused);
  const db = database(d1);
  const existing = await db.select({ n: count() }).from(webhooks).where(eq(webhooks.tenantId, input.tenantId)).get();
  if ((existing?.n ?? 0) >= MAX_WEBHOOKS_PER_TENANT) {
    throw new WebhookError("WEBHOOK_LIMIT_REACHED", `A tenant has at most ${MAX_WEBHOOKS_PER_TENANT} webhooks; delete one first.`);
  }
  const secret = newWebhookSecret();
  const row = {
    id: `wh_${crypto.randomUUID().replaceAll("-", "")}`,
    tenantId: input.tenantId,
    url: input.url,
    events: [...new Set(input.events)],
    secret,
    apiOrigin: input.apiOrigin,
    createdBy: input.createdBy,
    createdAt: input.now,
  };
  await db.insert(webhooks).values(row);
  const { secret: _secret, tenantId: _tenant, ...view } = row;
  return { webhook: view, secret };
}

export async function listWebhooks(d1: D1Database, tenantId: string): Promise<WebhookView[]> {
  return database(d1).select(publicColumns).from(webhooks).where(eq(webhooks.tenantId, tenantId)).orderBy(desc(webhooks.createdAt)).all();
}

/** The tenant's subscription; throws WEBHOOK_NOT_FOUND for an unknown id or another tenant's. */
export async function getWebhook(d1: D1Database, tenantId: string, id: string): Promise<WebhookView> {
  const row = await database(d1).select(publicColumns).from(webhooks).where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.id, id))).get();
  if (!row) throw new WebhookError("WEBHOOK_NOT_FOUND", `There is no webhook "${id}".`);
  return row;
}

/** Deletes the subscription with its deliveries and attempts (the secret goes with it). */
export async function deleteWebhook(d1: D1Database, tenantId: string, id: string): Promise<WebhookView> {
  const db = database(d1);
  const webhook = await getWebhook(d1, tenantId, id);
  const deliveries = db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id));
  await db.batch([
    db.delete(webhookAttempts).where(inArray(webhookAttempts.deliveryId, deliveries)),
    db.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id)),
    db.delete(webhooks).where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.id, id))),
  ]);
  return webhook;
}

/** The newest deliveries of one of the tenant's subscriptions, each with its attempts in order. */
export async function listDeliveries(d1: D1Database, tenantId: string, webhookId: string, limit: number): Promise<DeliveryView[]> {
  await getWebhook(d1, tenantId, webhookId);
  const db = database(d1);
  const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId)).orderBy(desc(webhookDeliveries.createdAt)).limit(limit).all();
  if (rows.length === 0) return [];
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, rows.map((r) => r.id)))
    .orderBy(webhookAttempts.attempt)
    .all();
  return rows.map(({ tenantId: _tenant, payload, ...d }) => ({
    ...d,
    payload: JSON.parse(payload) as unknown,
    attemptLog: attempts.filter((a) => a.deliveryId === d.id).map(({ deliveryId: _id, ...a }) => a),
  }));
}
