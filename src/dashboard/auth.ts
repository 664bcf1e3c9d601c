/**
 * Dashboard sign-in. A reviewer or operator pastes their token once; we verify
 * it with resolveKey and keep a session in D1 (only the SHA-256 of its random
 * id is stored; 8 h; its own CSRF token), in an HttpOnly, SameSite=Strict
 * cookie (Secure and `__Host-` prefixed over https). The session names the key
 * it was opened with, and every request checks that key is still live:
 * revoking a key ends its sessions at once.
 *
 * In production, Cloudflare Access can sign people in instead: when
 * ACCESS_TEAM_DOMAIN, ACCESS_AUD and ACCESS_TENANT_ID are set, a valid
 * `Cf-Access-Jwt-Assertion` (verified against the team's JWKS) opens a
 * reviewer session for the email it names. Without those vars it is ignored.
 */
import { and, eq, gt, lt } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { verifyWithJwks } from "hono/jwt";
import { database } from "../db/client";
import { apiKeys, sessions } from "../db/schema";
import type { Role } from "../http/types";
import { sha256Hex } from "../runtime/ids";
import type { AccessVars, DashboardEnv } from "./types";

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const SESSION_COOKIE = "review_session";
const DASHBOARD_ROLES: readonly Role[] = ["reviewer", "operator"];

type Ctx = Context<DashboardEnv>;

function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const isHttps = (c: Ctx) => new URL(c.req.url).protocol === "https:";

/** Constant-time string comparison (CSRF tokens). */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface SignedIn {
  tenantId: string;
  role: Role;
  principal: string;
  csrfToken: string;
}

/** Who opens a session: with the id of the API key they signed in with (null for Cloudflare Access). */
export type SessionOwner = Omit<SignedIn, "csrfToken"> & { keyId: string | null };

/** Creates a session row and sets its cookie. */
export async function startSession(c: Ctx, owner: SessionOwner): Promise<SignedIn> {
  const id = randomToken();
  const now = Date.now();
  const csrfToken = randomToken();
  const { keyId, ...who } = owner;
  const db = database(c.env.DB);
  await db.delete(sessions).where(lt(sessions.expiresAt, now)); // housekeeping: expired rows go
  await db.insert(sessions).values({ idHash: await sha256Hex(id), ...who, keyId, csrfToken, expiresAt: now + SESSION_TTL_MS, createdAt: now });
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
    ...(isHttps(c) ? { secure: true, prefix: "host" as const } : {}),
  });
  return { ...who, csrfToken };
}

function sessionIdOf(c: Ctx): string | undefined {
  return isHttps(c) ? getCookie(c, SESSION_COOKIE, "host") : getCookie(c, SESSION_COOKIE);
}

/**
 * The signed-in person of this request's session cookie, if it is valid, not
 * expired, and its key (if it was opened with one) still exists and is not
 * revoked. One D1 query: the session joined with its key. A session whose key
 * was revoked is deleted.
 */
export async function currentSession(c: Ctx): Promise<SignedIn | null> {
  const id = sessionIdOf(c);
  if (!id || id.length > 128) return null;
  const idHash = await sha256Hex(id);
  const db = database(c.env.DB);
  const row = await db
    .select({
      tenantId: sessions.tenantId,
      role: sessions.role,
      principal: sessions.principal,
      csrfToken: sessions.csrfToken,
      keyId: sessions.keyId,
      key: { id: apiKeys.id, revokedAt: apiKeys.revokedAt, expiresAt: apiKeys.expiresAt },
    })
    .from(sessions)
    .leftJoin(apiKeys, eq(apiKeys.id, sessions.keyId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, Date.now())))
    .get();
  if (!row) return null;
  // A revoked or expired key ends its sessions at once, like the API refuses it.
  const keyEnded = (k: { revokedAt: number | null; expiresAt: number | null } | null) => k === null || k.revokedAt !== null || (k.expiresAt !== null && k.expiresAt <= Date.now());
  if (row.keyId !== null && keyEnded(row.key)) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    return null;
  }
  if (!DASHBOARD_ROLES.includes(row.role)) return null;
  return { tenantId: row.tenantId, role: row.role, principal: row.principal, csrfToken: row.csrfToken };
}

export async function endSession(c: Ctx): Promise<void> {
  const id = sessionIdOf(c);
  if (id) await database(c.env.DB).delete(sessions).where(eq(sessions.idHash, await sha256Hex(id)));
  if (isHttps(c)) deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, prefix: "host" });
  else deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

export type LoginResult = { ok: true; who: SessionOwner } | { ok: false; status: 401 | 403; message: string };

/**
 * Checks a pasted token: it must be a live key of the reviewer or operator
 * role. Read from D1 each time (not resolveKey's per-isolate cache), so a key
 * revoked a moment ago cannot sign in; the principal is written as the API's
 * (`label (key id)`).
 */
export async function checkToken(db: D1Database, token: string): Promise<LoginResult> {
  const key = token.trim();
  if (!key || key.length > 512) return { ok: false, status: 401, message: "Paste your reviewer or operator token." };
  const found = await database(db)
    .select({ id: apiKeys.id, label: apiKeys.label, tenantId: apiKeys.tenantId, role: apiKeys.role, revokedAt: apiKeys.revokedAt, expiresAt: apiKeys.expiresAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, await sha256Hex(key)))
    .get();
  if (!found || found.revokedAt !== null || (found.expiresAt !== null && found.expiresAt <= Date.now())) return { ok: false, status: 401, message: "That token was not recognised. Check it and try again, or ask an operator for a new one." };
  if (!DASHBOARD_ROLES.includes(found.role)) {
    return { ok: false, status: 403, message: "That token belongs to an API client. The dashboard needs a reviewer or operator token." };
  }
  return { ok: true, who: { tenantId: found.tenantId, role: found.role, principal: `${found.label} (${found.id})`, keyId: found.id } };
}

// ---- Cloudflare Access -------------------------------------------------------------

export interface AccessConfig {
  /** e.g. `https://acme.cloudflareaccess.com` */
  issuer: string;
  aud: string;
  tenantId: string;
}

/** Access sign-in is on only when all three vars are set. */
export function accessConfigOf(env: Env): AccessConfig | null {
  const vars = env as Env & AccessVars;
  const team = vars.ACCESS_TEAM_DOMAIN?.trim();
  const aud = vars.ACCESS_AUD?.trim();
  const tenantId = vars.ACCESS_TENANT_ID?.trim();
  if (!team || !aud || !tenantId) return null;
  const host = team.replace(/^https?:\/\//, "").replace(/\/+$/, "");
  return { issuer: `https://${host}`, aud, tenantId };
}

type Jwk = Parameters<typeof verifyWithJwks>[1]["keys"] extends (infer K)[] | undefined ? K : never;
const jwksCache = new Map<string, { keys: Jwk[]; expires: number }>();
const JWKS_TTL_MS = 10 * 60 * 1000;

async function fetchAccessKeys(issuer: string, force: boolean): Promise<Jwk[]> {
  const hit = jwksCache.get(issuer);
  if (hit && !force && hit.expires > Date.now()) return hit.keys;
  const res = await fetch(`${issuer}/cdn-cgi/access/certs`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`JWKS fetch failed: ${res.status}`);
  const body = (await res.json()) as { keys?: Jwk[] };
  const keys = Array.isArray(body.keys) ? body.keys : [];
  jwksCache.set(issuer, { keys, expires: Date.now() + JWKS_TTL_MS });
  return keys;
}

/**
 * Verifies an Access JWT (RS256, issuer = the team domain, audience = the
 * application's AUD tag, not expired) and returns the email it was issued to.
 * `keysFor` is injectable for tests; by default the team's JWKS is fetched and
 * cached, and fetched again once when the token names an unknown key (rotation).
 */
export async function verifyAccessJwt(
  token: string,
  config: Pick<AccessConfig, "issuer" | "aud">,
  keysFor: (force: boolean) => Promise<Jwk[]> = (force) => fetchAccessKeys(config.issuer, force),
): Promise<string | null> {
  const attempt = async (force: boolean) =>
    verifyWithJwks(token, { keys: await keysFor(force), allowedAlgorithms: ["RS256"], verification: { iss: config.issuer, aud: config.aud } });
  let payload;
  try {
    payload = await attempt(false);
  } catch {
    try {
      payload = await attempt(true);
    } catch {
      return null;
    }
  }
  const email = typeof payload.email === "string" ? payload.email.trim() : "";
  return email && email.length <= 254 ? email : null;
}

// ---- middleware --------------------------------------------------------------------

/** Where to go after sign-in: only a dashboard path of this site. */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith("/dashboard") || next.startsWith("//") || /[\\\s]/.test(next) || next.length > 500) return "/dashboard";
  return next;
}

/**
 * Every dashboard route but sign-in and the stylesheet: a session (or a valid
 * Access JWT, which opens one) is required; without it a page redirects to
 * sign-in. A POST must also carry the session's CSRF token in the `csrf` field.
 */
export function requireSession(options: { csrfRefused(c: Ctx): Response | Promise<Response> }) {
  return createMiddleware<DashboardEnv>(async (c, next) => {
    let who = await currentSession(c);
    if (!who) {
      const access = accessConfigOf(c.env);
      const jwt = c.req.header("Cf-Access-Jwt-Assertion");
      if (access && jwt) {
        const email = await verifyAccessJwt(jwt, access);
        if (email) who = await startSession(c, { tenantId: access.tenantId, role: "reviewer", principal: `${email} (Cloudflare Access)`, keyId: null });
      }
    }
    if (!who) {
      const path = new URL(c.req.url).pathname + new URL(c.req.url).search;
      const target = c.req.method === "GET" ? `/dashboard/login?next=${encodeURIComponent(safeNext(path))}` : "/dashboard/login";
      return c.redirect(target, 303);
    }
    if (c.req.method === "POST") {
      const body = await c.req.parseBody();
      const token = typeof body.csrf === "string" ? body.csrf : "";
      if (!safeEqual(token, who.csrfToken)) return options.csrfRefused(c);
    }
    c.set("tenantId", who.tenantId);
    c.set("role", who.role);
    c.set("principal", who.principal);
    c.set("csrfToken", who.csrfToken);
    await next();
  });
}
