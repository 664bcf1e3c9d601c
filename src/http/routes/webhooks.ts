/**
 * Webhooks per tenant (issue 14): subscribe a URL to events, list, delete,
 * and read each delivery with its attempts. Operator keys only: a webhook
 * sends the tenant's events to any URL, and its delivery log shows where they
 * went, so clients and reviewers cannot manage or read them. The signing
 * secret appears once, in the answer to POST.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ApiError } from "../../runtime/errors";
import { WebhookPayloadSchema } from "../../webhooks/events";
import { WebhookError, type WebhookErrorCode } from "../../webhooks/errors";
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, type DeliveryView, type WebhookView } from "../../webhooks/subscriptions";
import { DELIVERY_STATUSES, WEBHOOK_EVENTS } from "../../webhooks/tables";
import { ErrorBodySchema } from "../errors";
import { requireRole } from "../middleware/auth";
import { jsonBody } from "../middleware/json-body";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

const STATUS_OF: Record<WebhookErrorCode, 404 | 409 | 422> = {
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_LIMIT_REACHED: 409,
  WEBHOOK_URL_NOT_ALLOWED: 422,
};

/** Runs domain work, turning its coded refusals into HTTP answers. */
async function domain<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof WebhookError) throw new ApiError(STATUS_OF[err.code], err.code, err.message);
    throw err;
  }
}

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } }]));
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const operator = requireRole("operator");

const WebhookSchema = z
  .object({ id: z.string(), url: z.string(), events: z.array(z.enum(WEBHOOK_EVENTS)), createdBy: z.string(), createdAt: z.string() })
  .openapi("Webhook");
const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().describe("The Standard Webhooks signing secret (whsec_...), shown only in this answer"),
});
const AttemptSchema = z.object({
  attempt: z.number().int(),
  statusCode: z.number().int().nullable().describe("The receiver's HTTP status; null when it never answered"),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  at: z.string(),
});
const DeliverySchema = z
  .object({
    id: z.string().describe("Sent as webhook-id, the same on every attempt"),
    eventId: z.string(),
    eventType: z.enum(WEBHOOK_EVENTS),
    status: z.enum(DELIVERY_STATUSES).describe("dead = every attempt failed (the dead-letter record)"),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    lastAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    deadAt: z.string().nullable(),
    payload: WebhookPayloadSchema,
    attemptLog: z.array(AttemptSchema),
  })
  .openapi("WebhookDelivery");

const idParam = z.object({ id: z.string().min(1).max(100) });

const webhookOut = (w: WebhookView): z.infer<typeof WebhookSchema> => ({ id: w.id, url: w.url, events: w.events, createdBy: w.createdBy, createdAt: new Date(w.createdAt).toISOString() });
const deliveryOut = (d: DeliveryView): z.infer<typeof DeliverySchema> => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  lastError: d.lastError,
  createdAt: new Date(d.createdAt).toISOString(),
  lastAttemptAt: iso(d.lastAttemptAt),
  deliveredAt: iso(d.deliveredAt),
  deadAt: iso(d.deadAt),
  payload: WebhookPayloadSchema.parse(d.payload),
  attemptLog: d.attemptLog.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
});

const createWebhookRoute = createRoute({
  method: "post",
  path: "/webhooks",
  summary: "Subscribe a URL to events (operator); the signing secret is shown once",
  middleware: [operator, jsonBody] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            url: z.string().trim().min(1).max(2048).describe("https only; http://localhost or 127.0.0.1 also in a local environment"),
            events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
          }),
        },
      },
    },
  },
  responses: { 201: json(CreatedWebhookSchema, "The webhook and its secret"), ...errors(400, 401, 403, 409, 413, 415, 422) },
});

const listWebhooksRoute = createRoute({
  method: "get",
  path: "/webhooks",
  summary: "The tenant's webhooks (operator), newest first; never their secrets",
  middleware: [operator] as const,
  responses: { 200: json(z.object({ items: z.array(WebhookSchema) }), "The webhooks"), ...errors(401, 403) },
});

const getWebhookRoute = createRoute({
  method: "get",
  path: "/webhooks/{id}",
  summary: "One webhook (operator), without its secret",
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 200: json(WebhookSchema, "The webhook"), ...errors(401, 403, 404, 422) },
});

const deleteWebhookRoute = createRoute({
  method: "delete",
  path: "/webhooks/{id}",
  summary: "Delete a webhook (operator) with its deliveries; queued deliveries are dropped",
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 200: json(WebhookSchema, "The deleted webhook"), ...errors(401, 403, 404, 422) },
});

const DELIVERY_PAGE = { min: 1, max: 200, default: 50 } as const;

const listDeliveriesRoute = createRoute({
  method: "get",
  path: "/webhooks/{id}/deliveries",
  summary: "A webhook's deliveries, newest first, each with its attempts (status code, duration, error, time)",
  middleware: [operator] as const,
  request: { params: idParam, query: z.object({ limit: z.coerce.number().int().min(DELIVERY_PAGE.min).max(DELIVERY_PAGE.max).default(DELIVERY_PAGE.default) }) },
  responses: { 200: json(z.object({ items: z.array(DeliverySchema) }), "The deliveries"), ...errors(401, 403, 404, 422) },
});

export const webhooksRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createWebhookRoute, async (c) => {
    const { url, events } = c.req.valid("json");
    const { webhook, secret } = await domain(() =>
      createWebhook(c.env.DB, {
        tenantId: c.get("tenantId"),
        url,
        events,
        environment: c.env.ENVIRONMENT,
        apiOrigin: new URL(c.req.url).origin,
        createdBy: c.get("principal"),
        now: Date.now(),
      }),
    );
    return c.json({ ...webhookOut(webhook), secret }, 201);
  })
  .openapi(listWebhooksRoute, async (c) => c.json({ items: (await listWebhooks(c.env.DB, c.get("tenantId"))).map(webhookOut) }, 200))
  .openapi(getWebhookRoute, async (c) => c.json(webhookOut(await domain(() => getWebhook(c.env.DB, c.get("tenantId"), c.req.valid("param").id))), 200))
  .openapi(deleteWebhookRoute, async (c) => c.json(webhookOut(await domain(() => deleteWebhook(c.env.DB, c.get("tenantId"), c.req.valid("param").id))), 200))
  .openapi(listDeliveriesRoute, async (c) => {
    const deliveries = await domain(() => listDeliveries(c.env.DB, c.get("tenantId"), c.req.valid("param").id, c.req.valid("query").limit));
    return c.json({ items: deliveries.map(deliveryOut) }, 200);
  });
