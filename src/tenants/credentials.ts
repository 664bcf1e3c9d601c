/**
 * Fresh tenant ids, key ids and API keys. A key is its role's readable tag
 * plus 40 random Crockford base32 characters (200 bits from
 * crypto.getRandomValues); only its SHA-256 digest is stored, and its first
 * characters (tag + 6) are kept as `prefix` so a person can tell keys apart.
 */
import type { ApiKey } from "../db/schema";
import { sha256Hex } from "../runtime/ids";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case; 256 % 32 == 0, so unbiased
const SECRET_CHARS = 40;
const PREFIX_SECRET_CHARS = 6;

export const KEY_TAGS: Readonly<Record<ApiKey["role"], string>> = { client: "ak_client_", reviewer: "ak_reviewer_", operator: "ak_operator_" };

function randomBase32(length: number): string {
  let out = "";
  for (const byte of crypto.getRandomValues(new Uint8Array(length))) out += ALPHABET[byte % 32];
  return out;
}

export const newTenantId = (): string => `ten_${randomBase32(20)}`;
export const newKeyId = (): string => `key_${randomBase32(20)}`;

export interface MintedKey {
  /** The key itself: shown once, never stored. */
  key: string;
  prefix: string;
  keyHash: string;
}

export async function mintKey(role: ApiKey["role"]): Promise<MintedKey> {
  const tag = KEY_TAGS[role];
  const key = tag + randomBase32(SECRET_CHARS);
  return { key, prefix: key.slice(0, tag.length + PREFIX_SECRET_CHARS), keyHash: await sha256Hex(key) };
}
