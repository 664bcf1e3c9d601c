import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { refusedWebhookUrl } from "../../src/webhooks/url-policy";
import { call, DEMO_KEY } from "../support/http";
import { createWebhook, deliveriesOf, inbox, OPERATOR, otherTenant } from "./support";

// Subscriptions made here must not receive events of other test files sharing the database.
afterAll(() => env.DB.prepare("DELETE FROM webhooks").run());

describe("webhook subscriptions API", () => {
  it("needs an operator key: none is 401, a client or reviewer key is 403", async () => {
    const body = { url: inbox().url, events: ["run.completed"] };
    expect((await call("/v1/webhooks", { method: "POST", key: null, json: body })).status).toBe(401);
    for (const key of [DEMO_KEY, "dev-reviewer-token"]) {
      const res = await call("/v1/webhooks", { method: "POST", key, json: body });
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error.code).toBe("FORBIDDEN");
      expect((await call("/v1/webhooks", { key })).status).toBe(403);
    }
  });

  it("shows the signing secret once, on creation, and never in GET answers", async () => {
    const created = await createWebhook(inbox().url, ["run.completed", "review.decided"]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(atob(created.secret.slice(6)).length).toBe(32);
    expect(created).toMatchObject({ id: expect.stringMatching(/^wh_/), events: ["run.completed", "review.decided"] });

    const one = await call(`/v1/webhooks/${created.id}`, { key: OPERATOR });
    const list = await call("/v1/webhooks", { key: OPERATOR });
    const deliveries = await call(`/v1/webhooks/${created.id}/deliveries`, { key: OPERATOR });
    for (const res of [one, list, deliveries]) {
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(created.secret);
      expect(text).not.toContain(created.secret.slice(6));
      expect(text).not.toContain("secret");
    }
    // Stored to sign deliveries, as created.
    const row = await env.DB.prepare("SELECT secret FROM webhooks WHERE id = ?").bind(created.id).first<{ secret: string }>();
    expect(row?.secret).toBe(created.secret);
  });

  it("refuses non-https URLs with 422 WEBHOOK_URL_NOT_ALLOWED, and unknown events with 422 INVALID_INPUT", async () => {
    for (const url of ["http://example.com/hook", "ftp://example.com/hook", "not a url", "https://user:pw@example.com/hook"]) {
      const res = await call("/v1/webhooks", { method: "POST", key: OPERATOR, json: { url, events: ["run.completed"] } });
      expect(res.status, url).toBe(422);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe("WEBHOOK_URL_NOT_ALLOWED");
      expect(body.error.message).toMatch(/\w+ .*\./);
    }
    const badEvent = await call("/v1/webhooks", { method: "POST", key: OPERATOR, json: { url: "https://example.com/hook", events: ["run.exploded"] } });
    expect(badEvent.status).toBe(422);
    expect(((await badEvent.json()) as any).error.code).toBe("INVALID_INPUT");
    const noEvents = await call("/v1/webhooks", { method: "POST", key: OPERATOR, json: { url: "https://example.com/hook", events: [] } });
    expect(noEvents.status).toBe(422);
    // https anywhere public, and (local environment only) http to loopback.
    expect((await call("/v1/webhooks", { method: "POST", key: OPERATOR, json: { url: "https://hooks.example.com/x", events: ["stage.changed"] } })).status).toBe(201);
    expect((await call("/v1/webhooks", { method: "POST", key: OPERATOR, json: { url: "http://localhost:9999/x", events: ["stage.changed"] } })).status).toBe(201);
  });

  it("allows only public https URLs outside a local environment", () => {
    expect(refusedWebhookUrl("https://hooks.example.com/x", "production")).toBeNull();
    expect(refusedWebhookUrl("http://localhost:8080/x", "production")).toMatch(/https/);
    expect(refusedWebhookUrl("http://127.0.0.1:8080/x", "production")).toMatch(/https/);
    expect(refusedWebhookUrl("https://127.0.0.1/x", "production")).toMatch(/public host/);
    expect(refusedWebhookUrl("https://10.0.0.8/x", "production")).toMatch(/public host/);
    expect(refusedWebhookUrl("http://127.0.0.1:8080/x", "local")).toBeNull();
    expect(refusedWebhookUrl("http://example.com/x", "local")).toMatch(/localhost/);
  });

  it("keeps tenants apart: another tenant can neither see, list, read deliveries of, nor delete a webhook (404)", async () => {
    const mine = await createWebhook(inbox().url, ["run.completed"]);
    const other = await otherTenant();
    for (const [method, path] of [["GET", `/v1/webhooks/${mine.id}`], ["DELETE", `/v1/webhooks/${mine.id}`], ["GET", `/v1/webhooks/${mine.id}/deliveries`]] as const) {
      const res = await call(path, { method, key: other.key });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as any).error.code).toBe("WEBHOOK_NOT_FOUND");
    }
    const theirs = (await (await call("/v1/webhooks", { key: other.key })).json()) as any;
    expect(theirs.items).toEqual([]);
    expect((await call(`/v1/webhooks/${mine.id}`, { key: OPERATOR })).status).toBe(200);
  });

  it("deletes a webhook with its deliveries", async () => {
    const hook = await createWebhook(inbox().url, ["stage.changed"]);
    const res = await call(`/v1/webhooks/${hook.id}`, { method: "DELETE", key: OPERATOR });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).id).toBe(hook.id);
    expect((await call(`/v1/webhooks/${hook.id}`, { key: OPERATOR })).status).toBe(404);
    expect((await deliveriesOf(hook.id)).status).toBe(404);
    expect((await call(`/v1/webhooks/${hook.id}`, { method: "DELETE", key: OPERATOR })).status).toBe(404);
  });

  it("documents the routes in /openapi.json", async () => {
    const doc = (await (await call("/openapi.json", { key: null })).json()) as any;
    expect(Object.keys(doc.paths["/v1/webhooks"])).toEqual(expect.arrayContaining(["post", "get"]));
    expect(Object.keys(doc.paths["/v1/webhooks/{id}"])).toEqual(expect.arrayContaining(["get", "delete"]));
    expect(doc.paths["/v1/webhooks/{id}/deliveries"].get.responses).toHaveProperty("404");
  });
});
