import { call } from "../support/http";

export const ADMIN_TOKEN = "dev-admin-token";

/** Calls an admin route with the platform-admin token (or the key given). */
export async function admin(path: string, init: { method?: string; json?: unknown; key?: string | null } = {}) {
  const res = await call(`/v1/admin${path}`, { ...init, key: init.key === undefined ? ADMIN_TOKEN : init.key });
  return { res, body: (await res.json()) as any };
}

/** A fresh tenant through the API: its id and its three keys. */
export async function newTenant(name = `t-${crypto.randomUUID().slice(0, 8)}`, demoData = false) {
  const { res, body } = await admin("/tenants", { method: "POST", json: { name, demoData } });
  if (res.status !== 201) throw new Error(`tenant not created: ${res.status} ${JSON.stringify(body)}`);
  return body as { tenantId: string; name: string; createdAt: string; demoData: boolean; keys: { client: string; reviewer: string; operator: string } };
}
