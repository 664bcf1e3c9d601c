/** Run ids and hashes. Web Crypto only, so this runs in Workers and in workerd tests alike. */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

function base32(bytes: Uint8Array, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i % bytes.length]! % 32];
  return out;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256Bytes(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

export const RUN_ID_PATTERN = /^run_[0-9a-z]{26}$/;

/** A fresh random run id. */
export function newRunId(): string {
  return `run_${base32(crypto.getRandomValues(new Uint8Array(26)), 26)}`;
}

/**
 * The run id for an idempotent request: derived from tenant, agent and key, so
 * a retry reaches the same Durable Object without a lookup table.
 */
export async function idempotentRunId(tenantId: string, agent: string, key: string): Promise<string> {
  return `run_${base32(await sha256Bytes(`${tenantId}\u0000${agent}\u0000${key}`), 26)}`;
}

/** Stable JSON (sorted keys) so equal bodies hash equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
