/** The HTTP API: small sub-apps per resource, one error handler, OpenAPI generated from the zod schemas. */
import { OpenAPIHono } from "@hono/zod-openapi";
import { secureHeaders } from "hono/secure-headers";
import { dashboardApp } from "../dashboard/app";
import { errorResponse, handleError } from "./errors";
import { apiKeyAuth } from "./middleware/auth";
import { adminRoutes } from "./routes/admin";
import { agentAdminRoutes } from "./routes/agent-admin";
import { agentDataRoutes } from "./routes/agent-data";
import { agentsRoutes } from "./routes/agents";
import { evaluationsRoutes } from "./routes/evaluations";
import { prometheusRoutes } from "./routes/metrics-prometheus";
import { reviewsRoutes } from "./routes/reviews";
import { runEventsRoutes } from "./routes/run-events";
import { runListRoutes } from "./routes/run-list";
import { runsRoutes } from "./routes/runs";
import { webhooksRoutes } from "./routes/webhooks";
import type { AppEnv } from "./types";
import { validationHook } from "./validation";

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // overwrite: false so a sub-app's stricter headers win (the dashboard sends
  // X-Frame-Options: DENY); this middleware runs last on the way out.
  app.use("*", secureHeaders({ overwrite: false }));
  app.get("/healthz", (c) => c.json({ ok: true }));

  // The platform-admin API has its own token (ADMIN_TOKEN), not a tenant key: mounted before the tenant-key middleware.
  app.route("/v1/admin", adminRoutes);
  const v1 = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  v1.use("*", apiKeyAuth());
  v1.route("/", agentsRoutes);
  v1.route("/", prometheusRoutes); // before agentAdminRoutes: /metrics negotiates text/plain first
  v1.route("/", agentAdminRoutes);
  v1.route("/", runListRoutes);
  v1.route("/", runEventsRoutes);
  v1.route("/", runsRoutes);
  v1.route("/", webhooksRoutes);
  v1.route("/", agentDataRoutes);
  v1.route("/", evaluationsRoutes);
  v1.route("/", reviewsRoutes);
  app.route("/v1", v1);
  app.route("/dashboard", dashboardApp);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Agent runtime API", version: "1.0.0", description: "Durable, guarded agent runs on Cloudflare Workers." },
    security: [{ bearer: [] }],
  });

  app.notFound((c) => errorResponse(c, 404, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError(handleError);
  return app;
}
