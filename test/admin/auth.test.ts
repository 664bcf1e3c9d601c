/**
 * The platform-admin token guards every admin route: none or a wrong one is
 * 401 UNAUTHENTICATED, a tenant's key is 403 FORBIDDEN, an unconfigured
 * ADMIN_TOKEN is 401 saying so, and admin requests never fall through to the
 * tenant-key middleware of /v1.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app";
import { call, DEMO_KEY } from "../support/http";
import { admin, ADMIN_TOKEN, newTenant } from "./support";

const ROUTES: { method: string; path: string; json?: unknown }[] = [
  { method: "POST", path: "/tenants", json: { name: "x", demoData: false } },
  { method: "GET", path: "/tenants" },
  { method: "GET", path: "/tenants/demo" },
  { method: "POST", path: "/tenants/demo/keys", json: { role: "client", label: "x" } },
  { method: "GET", path: "/tenants/demo/keys" },
  { method: "DELETE", path: "/tenants/demo/keys/key_demo_client" },
];

describe("admin auth", () => {
  it("answers 401 UNAUTHENTICATED on every route without the token or with a wrong one", async () => {
    for (const route of ROUTES) {
      for (const key of [null, "not-the-admin-token", `${ADMIN_TOKEN}x`]) {
        const { res, body } = await admin(route.path, { method: route.method, json: route.json, key });
        expect(res.status, `${route.method} ${route.path} key=${key}`).toBe(401);
        expect(body.error.code).toBe("UNAUTHENTICATED");
        expect(body.error.message).toMatch(/\w+ \w+/);
      }
    }
    // A malformed Authorization header is no token: 401, not 400.
    const res = await call("/v1/admin/tenants", { key: null, headers: { Authorization: "Basic abc" } });
    expect(res.status).toBe(401);
    // Nothing was created or revoked on the way.
    const live = await env.DB.prepare("SELECT revoked_at FROM api_keys WHERE id = 'key_demo_client'").first<{ revoked_at: number | null }>();
    expect(live?.revoked_at).toBeNull();
  });

  it("answers 403 FORBIDDEN to every tenant role's key, the demo tenant's and a new tenant's", async () => {
    const fresh = await newTenant();
    for (const key of [DEMO_KEY, "dev-reviewer-token", "dev-operator-token", fresh.keys.operator]) {
      for (const route of ROUTES) {
        const { res, body } = await admin(route.path, { method: route.method, json: route.json, key });
        expect(res.status, `${route.method} ${route.path}`).toBe(403);
        expect(body.error.code).toBe("FORBIDDEN");
        expect(body.error.message).toMatch(/platform-admin token/);
      }
    }
    const live = await env.DB.prepare("SELECT revoked_at FROM api_keys WHERE id = 'key_demo_client'").first<{ revoked_at: number | null }>();
    expect(live?.revoked_at).toBeNull();
  });

  it("is 401 on every route, saying the admin API is not configured, when ADMIN_TOKEN is not set", async () => {
    const app = createApp();
    const { ADMIN_TOKEN: _unset, ...withoutToken } = env as Env & { ADMIN_TOKEN?: string };
    const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;
    for (const route of ROUTES) {
      for (const key of [ADMIN_TOKEN, DEMO_KEY]) {
        const res = await app.request(`/v1/admin${route.path}`, { method: route.method, headers: { Authorization: `Bearer ${key}` } }, withoutToken as Env, ctx);
        expect(res.status).toBe(401);
        const body = (await res.json()) as any;
        expect(body.error.code).toBe("UNAUTHENTICATED");
        expect(body.error.message).toMatch(/admin API is not configured/);
      }
    }
  });

  it("answers unknown admin paths itself: 401 without the token, 404 NOT_FOUND with it (never the tenant-key check)", async () => {
    for (const path of ["/nope", "/tenants/demo/unknown/deeper", ""]) {
      const anonymous = await admin(path, { key: null });
      expect(anonymous.res.status).toBe(401);
      const withToken = await admin(path);
      expect(withToken.res.status, path).toBe(404);
      expect(withToken.body.error.code).toBe("NOT_FOUND");
    }
    // The admin token is not a tenant key (a tenant route refuses it), so the 200 and 404 above
    // prove admin requests end in the admin sub-app, before apiKeyAuth.
    expect((await call("/v1/agents", { key: ADMIN_TOKEN })).status).toBe(401);
    expect((await admin("/tenants?limit=1")).res.status).toBe(200);
  });

  it("lists the admin routes in /openapi.json with the admin bearer scheme", async () => {
    const doc = (await (await exports.default.fetch(new Request("http://runtime.test/openapi.json"))).json()) as any;
    for (const [path, method] of [["/v1/admin/tenants", "post"], ["/v1/admin/tenants", "get"], ["/v1/admin/tenants/{tenantId}", "get"], ["/v1/admin/tenants/{tenantId}/keys", "post"], ["/v1/admin/tenants/{tenantId}/keys", "get"], ["/v1/admin/tenants/{tenantId}/keys/{keyId}", "delete"]] as const) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.security).toEqual([{ adminToken: [] }]);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["401", "403"]));
    }
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: "http", scheme: "bearer" });
  });
});

