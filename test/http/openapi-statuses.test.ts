/**
 * The OpenAPI document lists every status a route can answer. The statuses are
 * derived from what each route really runs: the middleware on its handler chain
 * (JSON body -> 400/413/415, API key -> 401, role guard -> 403, each marked in
 * src/http/middleware/statuses.ts), request validation (-> 422), and the few
 * refusals a handler raises itself (listed here, each with its reason).
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app";
import { statusesOf } from "../../src/http/middleware/statuses";
import { call } from "../support/http";

type Operation = { responses?: Record<string, unknown>; requestBody?: unknown; parameters?: { in: string }[] };

/** Statuses raised inside handlers, which the handler chain cannot show. */
const RAISED_BY_HANDLER: Record<string, number[]> = {
  "post /v1/agents/{agent}/runs": [400 /* INVALID_IDEMPOTENCY_KEY */, 404, 409, 422 /* OUT_OF_SCOPE */, 429 /* RATE_LIMITED */],
  "post /v1/agents/{agent}/stage": [404, 409 /* INSUFFICIENT_EVIDENCE */],
  "post /v1/agents/{agent}/breaker": [404],
  "get /v1/agents/{agent}": [404],
  "get /v1/runs/{runId}": [404],
  "get /v1/runs/{runId}/steps": [404],
  "post /v1/runs/{runId}/cancel": [404, 409],
  "post /v1/reviews/{reviewId}/decision": [404, 409],
};

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/** Every OpenAPI-documented route of the app with the statuses its middleware chain can answer. */
function derivedStatuses() {
  const routes = createApp().routes;
  const byRoute = new Map<string, Set<number>>();
  for (const r of routes) {
    if (r.method === "ALL" || !r.path.startsWith("/v1/")) continue;
    const key = `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`;
    const statuses = byRoute.get(key) ?? new Set<number>();
    // Middleware for the exact route, plus `use("*")` middleware mounted above it.
    const chain = routes.filter((m) => (m.method === r.method && m.path === r.path) || (m.method === "ALL" && m.path.endsWith("*") && r.path.startsWith(m.path.slice(0, -1))));
    for (const m of chain) for (const s of statusesOf(m.handler)) statuses.add(s);
    byRoute.set(key, statuses);
  }
  return byRoute;
}

describe("OpenAPI statuses", () => {
  it("documents every /v1 route, with every status its middleware, validation and handler can answer", async () => {
    const doc = (await (await call("/openapi.json", { key: null })).json()) as { paths: Record<string, Record<string, Operation>> };
    const derived = derivedStatuses();
    expect(derived.size).toBeGreaterThan(10);

    const missing: string[] = [];
    for (const [key, statuses] of derived) {
      const [method, path] = key.split(" ") as [string, string];
      const op = doc.paths[path]?.[method];
      if (!op) {
        missing.push(`${key}: not in the document`);
        continue;
      }
      const expected = new Set(statuses);
      // A JSON body or query string is validated by zod: 422 INVALID_INPUT.
      if (op.requestBody || op.parameters?.some((p) => p.in === "query")) expected.add(422);
      for (const s of RAISED_BY_HANDLER[key] ?? []) expected.add(s);
      const listed = new Set(Object.keys(op.responses ?? {}).map(Number));
      for (const s of [...expected].sort()) if (!listed.has(s)) missing.push(`${key}: ${s}`);
    }
    expect(missing).toEqual([]);
  });

  it("derives the statuses from the real middleware (the check is not vacuous)", () => {
    const derived = derivedStatuses();
    expect([...(derived.get("post /v1/agents/{agent}/stage") ?? [])].sort()).toEqual([400, 401, 403, 413, 415]);
    expect([...(derived.get("get /v1/runs/{runId}") ?? [])]).toEqual([401]);
  });

  it("lists 429 on run creation (RATE_LIMITED with Retry-After)", async () => {
    const doc = (await (await call("/openapi.json", { key: null })).json()) as any;
    expect(Object.keys(doc.paths["/v1/agents/{agent}/runs"].post.responses)).toContain("429");
  });
});
