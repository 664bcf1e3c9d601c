/**
 * Bearer API keys, per tenant, stored in D1 only as SHA-256 digests. Lookups
 * are cached per isolate for a short time so the hot path does not hit D1 on
 * every request; a revoked key stops working within CACHE_MS.
 *
 * Both caches are bounded LRUs, and unknown keys have their own small one: a
 * flood of distinct bogus keys costs bounded memory and cannot evict real
 * callers. A key that cannot be one (wrong length or characters) is refused
 * before hashing or D1.
 */
import { eq } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { database } from "../../db/client";
import { apiKeys } from "../../db/schema";
import { ApiError } from "../../runtime/errors";
import { sha256Hex } from "../../runtime/ids";
import type { AppEnv, Role } from "../types";
import { BoundedCache } from "./bounded-cache";
import { answers } from "./statuses";

const PREFIX = "Bearer ";
const CACHE_MS = 30_000;
/** What a key can look like: visible ASCII, no spaces. */
export const API_KEY_FORMAT = /^[\x21-\x7e]{8,512}$/;
export const KNOWN_KEY_CACHE_ENTRIES = 1_000;
export const UNKNOWN_KEY_CACHE_ENTRIES = 256;

interface Caller {
  tenantId: string;
  role: Role;
  principal: string;
}

const known = new BoundedCache<string, Caller>(KNOWN_KEY_CACHE_ENTRIES, CACHE_MS);
const unknown = new BoundedCache<string, true>(UNKNOWN_KEY_CACHE_ENTRIES, CACHE_MS);

/** Entries held per isolate (for tests and diagnostics). */
export function authCacheSizes() {
  return { known: known.size, unknown: unknown.size };
}

/** Forgets every cached lookup (tests; a revocation can call it too). */
export function clearAuthCache() {
  known.clear();
  unknown.clear();
}

const unauthenticated = () =>
  new ApiError(401, "UNAUTHENTICATED", "Send a valid API key as 'Authorization: Bearer <key>'.");

export async function resolveKey(db: D1Database, key: string, now = Date.now()): Promise<Caller | null> {
  if (!API_KEY_FORMAT.test(key)) return null;
  const hash = await sha256Hex(key);
  const hit = known.get(hash, now);
  if (hit) return hit;
  if (unknown.get(hash, now)) return null;
  const row = await database(db)
    .select({ id: apiKeys.id, label: apiKeys.label, tenantId: apiKeys.tenantId, role: apiKeys.role, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hash))
    .get();
  if (!row || row.revokedAt !== null) {
    unknown.set(hash, true, now);
    return null;
  }
  const found = { tenantId: row.tenantId, role: row.role, principal: `${row.label} (${row.id})` };
  known.set(hash, found, now);
  return found;
}

/** Refuses callers without one of the roles (after apiKeyAuth). */
export function requireRole(...roles: Role[]) {
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.get("role"))) throw new ApiError(403, "FORBIDDEN", `This action needs the ${roles.join(" or ")} role.`);
    await next();
  });
  return answers(middleware, 403);
}

/** Requires a valid API key; optionally one of the given roles. */
export function apiKeyAuth(options: { roles?: Role[] } = {}) {
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("Authorization");
    if (!header?.startsWith(PREFIX)) throw unauthenticated();
    const key = header.slice(PREFIX.length).trim();
    if (!key) throw unauthenticated();
    const found = await resolveKey(c.env.DB, key);
    if (!found) throw unauthenticated();
    if (options.roles && !options.roles.includes(found.role)) {
      throw new ApiError(403, "FORBIDDEN", `This action needs the ${options.roles.join(" or ")} role.`);
    }
    c.set("tenantId", found.tenantId);
    c.set("role", found.role);
    c.set("principal", found.principal);
    await next();
  });
  return answers(middleware, 401, ...(options.roles ? [403] : []));
}
