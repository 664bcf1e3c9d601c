/**
 * Prometheus scraping: `GET /v1/metrics/prometheus`, and `GET /v1/metrics`
 * when the caller prefers `text/plain` (a Prometheus server's Accept header
 * does: it ranks text/plain above the `*` wildcard). Same tenant keys as the JSON metrics.
 * Mounted before the agent admin routes so the negotiation runs before the JSON handler.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { accepts } from "hono/accepts";
import type { Context, MiddlewareHandler } from "hono";
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from "../../observability/prometheus";
import { ErrorBodySchema } from "../errors";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain";

const prometheusRoute = createRoute({
  method: "get",
  path: "/metrics/prometheus",
  summary: "Per-agent metrics in the Prometheus text format 0.0.4 (also GET /v1/metrics with Accept: text/plain; version=0.0.4)",
  responses: {
    200: { description: "Exposition text", content: { [TEXT_TYPE]: { schema: z.string() } } },
    401: { description: "Error", content: { [JSON_TYPE]: { schema: ErrorBodySchema } } },
  },
});

async function exposition(c: Context<AppEnv>) {
  const text = await prometheusText(c.env, c.get("tenantId"), Date.now());
  return c.text(text, 200, { "Content-Type": PROMETHEUS_CONTENT_TYPE });
}

/** `GET /v1/metrics` answers the exposition when text/plain ranks above JSON in Accept; JSON stays the default. */
const negotiateMetrics: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== "GET" || accepts(c, { header: "Accept", supports: [JSON_TYPE, TEXT_TYPE], default: JSON_TYPE }) !== TEXT_TYPE) return next();
  return exposition(c);
};

export const prometheusRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(prometheusRoute, async (c) => exposition(c))
  .use("/metrics", negotiateMetrics);
