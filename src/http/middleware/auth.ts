/**
 * Bearer API keys, per tenant, stored in D1 only as SHA-256 digests.
 *
 * A key that is accepted is read from D1 on every request (one indexed row),
 * never from a per-isolate cache: a revoked or expired key fails on the very
 * next request in every isolate. Only refusals are cached: digests D1 does not
 * know, or knows as revoked or expired (states a key never leaves), in a
 * bounded LRU, so a flood of bogus keys costs bounded memory and few queries.
 * A key that cannot be one (wrong length or characters) is refused before
 * hashing or D1. Use is recorded after the response, at most once a minute
 * per key (src/tenants/keys.ts).
 */
import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import { ApiError } from "../../runtime/errors";
import { sha256Hex } from "../../runtime/ids";
import { findLiveKey, recordKeyUse, type LiveKey } from "../../tenants/keys";
import type { AppEnv, Role } from "../types";
import { BoundedCache } from "./bounded-cache";
import { answers } from "./statuses";

const PREFIX = "Bearer ";
const REFUSAL_CACHE_MS = 30_000;
/** What a key can look like: visible ASCII, no spaces. */
export const API_KEY_FORMAT = /^[\x21-\x7e]{8,512}$/;
export const UNKNOWN_KEY_CACHE_ENTRIES = 256;

export interface Caller {
  tenantId: string;
  role: Role;
  principal: string;
  keyId: string;
}

const unknown = new BoundedCache<string, true>(UNKNOWN_KEY_CACHE_ENTRIES, REFUSAL_CACHE_MS);

/** Entries held per isolate (for tests and diagnostics). */
export function authCacheSizes() {
  return { unknown: unknown.size };
}

/** Forgets every cached refusal (tests). */
export function clearAuthCache() {
  unknown.clear();
}

const unauthenticated = () =>
  new ApiError(401, "UNAUTHENTICATED", "Send a valid API key as 'Authorization: Bearer <key>'.");

/** The bearer token of the request, if it sent one. */
export function bearerToken(c: Context): string | null {
  const header = c.req.header("Authorization");
  if (!header?.startsWith(PREFIX)) return null;
  return header.slice(PREFIX.length).trim() || null;
}

async function lookUp(db: D1Database, key: string, now: number): Promise<LiveKey | null> {
  if (!API_KEY_FORMAT.test(key)) return null;
  const hash = await sha256Hex(key);
  if (unknown.get(hash, now)) return null;
  const found = await findLiveKey(db, hash, now);
  if (!found) unknown.set(hash, true, now);
  return found;
}

const callerOf = (key: LiveKey): Caller => ({ tenantId: key.tenantId, role: key.role, principal: `${key.label} (${key.id})`, keyId: key.id });

/** The tenant caller a key belongs to, or null when it is unknown, revoked or expired. */
export async function resolveKey(db: D1Database, key: string, now = Date.now()): Promise<Caller | null> {
  const found = await lookUp(db, key, now);
  return found ? callerOf(found) : null;
}

/** Runs work after the response when the platform allows it (waitUntil), else before. */
async function afterResponse(c: Context, work: Promise<unknown>): Promise<void> {
  const logged = work.catch((err: unknown) => console.error(JSON.stringify({ level: "warn", msg: "key last_used_at not recorded", error: err instanceof Error ? err.message : String(err) })));
  let ctx: Pick<ExecutionContext, "waitUntil"> | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined; // no execution context (e.g. app.request in a unit test)
  }
  if (ctx) ctx.waitUntil(logged);
  else await logged;
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
    const key = bearerToken(c);
    if (!key) throw unauthenticated();
    const now = Date.now();
    const found = await lookUp(c.env.DB, key, now);
    if (!found) throw unauthenticated();
    if (options.roles && !options.roles.includes(found.role)) {
      throw new ApiError(403, "FORBIDDEN", `This action needs the ${options.roles.join(" or ")} role.`);
    }
    const touch = recordKeyUse(c.env.DB, found, now);
    if (touch) await afterResponse(c, touch);
    const caller = callerOf(found);
    c.set("tenantId", caller.tenantId);
    c.set("role", caller.role);
    c.set("principal", caller.principal);
    await next();
  });
  return answers(middleware, 401, ...(options.roles ? [403] : []));
}
