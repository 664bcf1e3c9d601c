/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is
 * `whsec_` + base64 of random bytes; the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}` with the timestamp in seconds;
 * `webhook-signature` is `v1,` + base64 HMAC-SHA256 (a space-separated list
 * when several secrets sign). WebCrypto only, so it runs in Workers.
 */

export const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;
export const SIGNATURE_VERSION = "v1";

export const HEADERS = { id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature" } as const;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** A fresh signing secret. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/** `v1,<base64 HMAC-SHA256>` of `${id}.${timestampSeconds}.${body}` under the secret's key bytes. */
export async function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): Promise<string> {
  const keyBytes = fromBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`));
  return `${SIGNATURE_VERSION},${toBase64(new Uint8Array(mac))}`;
}

/** The three Standard Webhooks headers for one attempt (the timestamp is the attempt's, per the spec). */
export async function signedHeaders(secret: string, id: string, atMs: number, body: string): Promise<Record<string, string>> {
  const timestamp = Math.floor(atMs / 1000);
  return {
    [HEADERS.id]: id,
    [HEADERS.timestamp]: String(timestamp),
    [HEADERS.signature]: await signWebhook(secret, id, timestamp, body),
  };
}
