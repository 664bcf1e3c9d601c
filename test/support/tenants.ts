import { env } from "cloudflare:workers";
import { sha256Hex } from "../../src/runtime/ids";

/** A fresh tenant with one client key, written straight to D1 (as an operator's setup would). */
export async function newTenant(): Promise<{ tenantId: string; key: string }> {
  const tenantId = `t-${crypto.randomUUID()}`;
  const key = `key-${crypto.randomUUID()}`;
  await env.DB.batch([
    env.DB.prepare("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)").bind(tenantId, "Other tenant", Date.now()),
    env.DB.prepare("INSERT INTO api_keys (id, tenant_id, key_hash, role, label, created_at) VALUES (?, ?, ?, 'client', 'test client', ?)")
      .bind(`key_${tenantId}`, tenantId, await sha256Hex(key), Date.now()),
  ]);
  return { tenantId, key };
}
