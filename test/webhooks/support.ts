/** Helpers for the webhook tests: a receiver inbox on the local stand-in, an independent signature check, a second tenant. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import worker from "../../src/index";
import { sha256Hex } from "../../src/runtime/ids";
import { call } from "../support/http";

export const OPERATOR = "dev-operator-token";

export interface Received {
  seq: number;
  headers: Record<string, string>;
  rawBody: string;
  answered: number;
}

/** One inbox of the receiver in test/standin/webhook-receiver.mjs. */
export function inbox(name = `inbox-${crypto.randomUUID()}`) {
  const base = `${env.GATEWAY_STANDIN_URL}/__webhooks/${name}`;
  return {
    url: base,
    async configure(config: { failFirst?: number; alwaysFail?: boolean; status?: number }) {
      const res = await fetch(`${base}/config`, { method: "POST", body: JSON.stringify(config) });
      if (!res.ok) throw new Error(`receiver config failed: ${res.status}`);
    },
    async received(): Promise<Received[]> {
      return ((await (await fetch(`${base}/received`)).json()) as { received: Received[] }).received;
    },
  };
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function createWebhook(url: string, events: string[], key = OPERATOR) {
  const res = await call("/v1/webhooks", { method: "POST", key, json: { url, events } });
  if (res.status !== 201) throw new Error(`webhook not created: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; url: string; events: string[]; secret: string };
}

/**
 * Standard Webhooks verification written from the spec, apart from the code
 * under test: HMAC-SHA256 over `${id}.${timestamp}.${body}` with the base64
 * key after `whsec_`, compared with each `v1,` entry of the header.
 */
export async function verifiesWith(secret: string, headers: Record<string, string>, body: string): Promise<boolean> {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  const key = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (c) => c.charCodeAt(0));
  const hmac = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  for (const entry of signatures.split(" ")) {
    const [version, signature] = entry.split(",");
    if (version !== "v1" || !signature) continue;
    const mac = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
    if (await crypto.subtle.verify("HMAC", hmac, mac, new TextEncoder().encode(`${id}.${timestamp}.${body}`))) return true;
  }
  return false;
}

/** A fresh tenant with an operator key, written the way an operator's provisioning would. */
export async function otherTenant() {
  const tenantId = `t-${crypto.randomUUID().slice(0, 8)}`;
  const key = `op-${crypto.randomUUID()}`;
  await env.DB.batch([
    env.DB.prepare("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, 0)").bind(tenantId, tenantId),
    env.DB.prepare("INSERT INTO api_keys (id, tenant_id, key_hash, role, label, created_at) VALUES (?, ?, ?, 'operator', 'test operator', 0)").bind(
      `key_${tenantId}`,
      tenantId,
      await sha256Hex(key),
    ),
  ]);
  return { tenantId, key };
}

/**
 * Runs the Worker's queue handler on one `webhooks` message, as the queue
 * would deliver it. `retryDelays`: the delaySeconds of each retry() call (the
 * plugin's queue result does not report them).
 */
export async function consumeOnce(deliveryId: string, attempts = 1) {
  const batch = createMessageBatch("webhooks", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts, body: { deliveryId } }]);
  const retry = vi.spyOn(batch.messages[0]!, "retry");
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryDelays: retry.mock.calls.map(([options]) => options?.delaySeconds) };
}

export async function deliveriesOf(webhookId: string, key = OPERATOR) {
  const res = await call(`/v1/webhooks/${webhookId}/deliveries`, { key });
  return { status: res.status, body: (await res.json()) as any };
}
