/**
 * A tenant's keys through the admin API: issued once, listed without the key,
 * revoked with effect on the very next request (in every isolate: revocation
 * is read from D1, so even a revocation written straight to D1, as another
 * isolate would, holds at once), expired keys refused, use recorded at most
 * once a minute.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { resolveKey } from "../../src/http/middleware/auth";
import { ManualClock } from "../../src/runtime/clock";
import { issueKey, LAST_USED_EVERY_MS, recordKeyUse } from "../../src/tenants/keys";
import { call } from "../support/http";
import { admin, newTenant } from "./support";

const agentsWith = async (key: string) => {
  const res = await call("/v1/agents", { key });
  return { status: res.status, code: res.status === 200 ? null : ((await res.json()) as any).error.code };
};

describe("POST /v1/admin/tenants/{tenantId}/keys", () => {
  it("issues a key once, with role, label, prefix and expiry; the listing never shows it", async () => {
    const t = await newTenant();
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const { res, body } = await admin(`/tenants/${t.tenantId}/keys`, { method: "POST", json: { role: "reviewer", label: "  Jane's laptop ", expiresAt } });
    expect(res.status).toBe(201);
    expect(body).toMatchObject({ keyId: expect.stringMatching(/^key_/), tenantId: t.tenantId, role: "reviewer", label: "Jane's laptop", expiresAt, lastUsedAt: null, revokedAt: null });
    expect(body.key).toMatch(/^ak_reviewer_[0-9a-z]{40}$/);
    expect(body.key.startsWith(body.prefix)).toBe(true);
    expect(body.prefix.length).toBeGreaterThanOrEqual(8);
    expect((await agentsWith(body.key)).status).toBe(200);

    const list = await admin(`/tenants/${t.tenantId}/keys`);
    expect(list.res.status).toBe(200);
    expect(list.body.items).toHaveLength(4);
    const listed = list.body.items.find((k: any) => k.keyId === body.keyId);
    const { key, lastUsedAt: _recordedAfterTheResponse, ...shown } = body;
    expect(listed).toMatchObject(shown);
    expect(Object.keys(listed).sort()).toEqual(["createdAt", "expiresAt", "keyId", "label", "lastUsedAt", "prefix", "revokedAt", "role", "tenantId"]);
    expect(JSON.stringify(list.body)).not.toContain(key);
  });

  it("refuses a bad key request with a coded 4xx", async () => {
    const t = await newTenant();
    const cases: [unknown, number, string][] = [
      [{ role: "admin", label: "x" }, 422, "INVALID_INPUT"],
      [{ role: "client" }, 422, "INVALID_INPUT"],
      [{ role: "client", label: "x", expiresAt: "tomorrow" }, 422, "INVALID_INPUT"],
      [{ role: "client", label: "x", expiresAt: new Date(Date.now() - 1000).toISOString() }, 422, "EXPIRY_NOT_IN_FUTURE"],
    ];
    for (const [json, status, code] of cases) {
      const { res, body } = await admin(`/tenants/${t.tenantId}/keys`, { method: "POST", json });
      expect(res.status, JSON.stringify(json)).toBe(status);
      expect(body.error.code).toBe(code);
    }
    const missing = await admin("/tenants/ten_nobody/keys", { method: "POST", json: { role: "client", label: "x" } });
    expect(missing.res.status).toBe(404);
    expect(missing.body.error.code).toBe("TENANT_NOT_FOUND");
    expect((await admin("/tenants/ten_nobody/keys")).res.status).toBe(404);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM api_keys WHERE tenant_id = ?").bind(t.tenantId).first<{ n: number }>())?.n).toBe(3);
  });
});

describe("DELETE /v1/admin/tenants/{tenantId}/keys/{keyId}", () => {
  it("revokes at once: the key works, is revoked, and the very next call is 401", async () => {
    const t = await newTenant();
    const { body: issued } = await admin(`/tenants/${t.tenantId}/keys`, { method: "POST", json: { role: "client", label: "to revoke" } });
    expect(await agentsWith(issued.key)).toEqual({ status: 200, code: null });
    expect(await agentsWith(issued.key)).toEqual({ status: 200, code: null });

    const { res, body } = await admin(`/tenants/${t.tenantId}/keys/${issued.keyId}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ keyId: issued.keyId, revokedAt: expect.any(String) });
    expect(await agentsWith(issued.key)).toEqual({ status: 401, code: "UNAUTHENTICATED" });
    // The tenant's other keys are untouched.
    expect((await agentsWith(t.keys.client)).status).toBe(200);
    // Revoking again keeps the first time.
    const again = await admin(`/tenants/${t.tenantId}/keys/${issued.keyId}`, { method: "DELETE" });
    expect(again.res.status).toBe(200);
    expect(again.body.revokedAt).toBe(body.revokedAt);
  });

  it("holds at once in every isolate: a revocation written to D1 by anyone is seen by the next request here", async () => {
    const t = await newTenant();
    expect((await agentsWith(t.keys.operator)).status).toBe(200); // this isolate has seen the key
    // What another isolate's DELETE does, without anything here being told.
    await env.DB.prepare("UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND role = 'operator'").bind(Date.now(), t.tenantId).run();
    expect(await agentsWith(t.keys.operator)).toEqual({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("rotates a key: create the new one, revoke the old, only the new one works", async () => {
    const t = await newTenant();
    const keys = (await admin(`/tenants/${t.tenantId}/keys`)).body.items;
    const old = keys.find((k: any) => k.role === "client");
    const { body: fresh } = await admin(`/tenants/${t.tenantId}/keys`, { method: "POST", json: { role: "client", label: "rotated" } });
    await admin(`/tenants/${t.tenantId}/keys/${old.keyId}`, { method: "DELETE" });
    expect((await agentsWith(t.keys.client)).status).toBe(401);
    expect((await agentsWith(fresh.key)).status).toBe(200);
  });

  it("cannot revoke another tenant's key: 404 KEY_NOT_FOUND and the key keeps working", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const bClient = (await admin(`/tenants/${b.tenantId}/keys`)).body.items.find((k: any) => k.role === "client");
    const { res, body } = await admin(`/tenants/${a.tenantId}/keys/${bClient.keyId}`, { method: "DELETE" });
    expect(res.status).toBe(404);
    expect(body.error.code).toBe("KEY_NOT_FOUND");
    expect((await agentsWith(b.keys.client)).status).toBe(200);
    expect((await admin(`/tenants/${a.tenantId}/keys/key_nope`, { method: "DELETE" })).res.status).toBe(404);
  });
});

describe("expiry and last use", () => {
  it("refuses an expired key with 401", async () => {
    const t = await newTenant();
    // Issued an hour ago (a pinned clock) with a one-minute life.
    const issuedAt = Date.now() - 3_600_000;
    const expired = await issueKey(env.DB, t.tenantId, { role: "client", label: "short-lived", expiresAt: issuedAt + 60_000 }, new ManualClock(issuedAt));
    const live = await issueKey(env.DB, t.tenantId, { role: "client", label: "long-lived", expiresAt: Date.now() + 3_600_000 });
    expect(await agentsWith(expired.key)).toEqual({ status: 401, code: "UNAUTHENTICATED" });
    expect((await agentsWith(live.key)).status).toBe(200);
    // The same key is live before its expiry and refused from the instant it passes.
    expect(await resolveKey(env.DB, live.key, live.expiresAt! - 1)).toMatchObject({ tenantId: t.tenantId });
    const later = await issueKey(env.DB, t.tenantId, { role: "client", label: "edge", expiresAt: Date.now() + 3_600_000 });
    expect(await resolveKey(env.DB, later.key, later.expiresAt!)).toBeNull();
    const listed = (await admin(`/tenants/${t.tenantId}/keys`)).body.items.find((k: any) => k.keyId === expired.id);
    expect(listed.expiresAt).toBe(new Date(issuedAt + 60_000).toISOString());
  });

  it("records last use after the response, at most once a minute per key", async () => {
    const t = await newTenant();
    const lastUsed = async () => (await env.DB.prepare("SELECT last_used_at AS at FROM api_keys WHERE tenant_id = ? AND role = 'client'").bind(t.tenantId).first<{ at: number | null }>())?.at ?? null;
    expect(await lastUsed()).toBeNull();
    expect((await agentsWith(t.keys.client)).status).toBe(200);
    let at: number | null = null;
    for (let i = 0; i < 100 && at === null; i++) {
      at = await lastUsed();
      if (at === null) await new Promise((r) => setTimeout(r, 20)); // waitUntil work finishes after the response
    }
    expect(at).not.toBeNull();
    const listed = (await admin(`/tenants/${t.tenantId}/keys`)).body.items.find((k: any) => k.role === "client");
    expect(listed.lastUsedAt).toBe(new Date(at!).toISOString());

    const keyId = listed.keyId as string;
    // Within the minute: nothing to write, whether this isolate knows the last time or not.
    expect(recordKeyUse(env.DB, { id: keyId, lastUsedAt: at }, at! + LAST_USED_EVERY_MS - 1)).toBeNull();
    await recordKeyUse(env.DB, { id: keyId, lastUsedAt: null }, at! + LAST_USED_EVERY_MS - 1);
    expect(await lastUsed()).toBe(at);
    // A minute on: written.
    await recordKeyUse(env.DB, { id: keyId, lastUsedAt: at }, at! + LAST_USED_EVERY_MS);
    expect(await lastUsed()).toBe(at! + LAST_USED_EVERY_MS);
  });
});
