/**
 * Bearer API keys, per tenant, stored in D1 only as SHA-256 digests. Lookups
 * are cached per isolate for a short time so the hot path does not hit D1 on
 * every request; a revoked key stops working within CACHE_MS.
 */
import { eq } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { database } from "../../db/client";
import { apiKeys } from "../../db/schema";
import { ApiError } from "../../runtime/errors";
import { sha256Hex } from "../../runtime/ids";
import type { AppEnv, Role } from "../types";

const PREFIX = "Bearer ";
const CACHE_MS = 30_000;
interface Caller {
  tenantId: string;
  role: Role;
  principal: string;
}

const cache = new Map<string, (Caller & { expires: number }) | { miss: true; expires: number }>();

const unauthenticated = () =>
  new ApiError(401, "UNAUTHENTICATED", "Send a valid API key as 'Authorization: Bearer <key>'.");

export async function resolveKey(db: D1Database, key: string): Promise<Caller | null> {
  const hash = await sha256Hex(key);
  const hit = cache.get(hash);
  if (hit && hit.expires > Date.now()) return "miss" in hit ? null : hit;
  const row = await database(db)
    .select({ id: apiKeys.id, label: apiKeys.label, tenantId: apiKeys.tenantId, role: apiKeys.role, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hash))
    .get();
  const found = row && row.revokedAt === null ? { tenantId: row.tenantId, role: row.role, principal: `${row.label} (${row.id})` } : null;
  cache.set(hash, found ? { ...found, expires: Date.now() + CACHE_MS } : { miss: true, expires: Date.now() + CACHE_MS });
  return found;
}

/** Refuses callers without one of the roles (after apiKeyAuth). */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.get("role"))) throw new ApiError(403, "FORBIDDEN", `This action needs the ${roles.join(" or ")} role.`);
    await next();
  });
}

/** Requires a valid API key; optionally one of the given roles. */
export function apiKeyAuth(options: { roles?: Role[] } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
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
}
