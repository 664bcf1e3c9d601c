/**
 * The platform-admin token, a role above and apart from tenants. It is the
 * ADMIN_TOKEN secret (`wrangler secret put ADMIN_TOKEN`; locally `npm run dev`
 * passes `dev-admin-token`), compared in constant time. No token, or a wrong
 * one: 401 UNAUTHENTICATED. A tenant's own key: 403 FORBIDDEN (it is a valid
 * credential, just not this role). Without ADMIN_TOKEN configured every admin
 * route is 401 and says so. Sets no tenant: admin routes name the tenant in
 * their path.
 *
 * @example
 * adminRoutes.use("*", adminAuth());
 */
import { createMiddleware } from "hono/factory";
import { ApiError } from "../../runtime/errors";
import type { AppEnv } from "../types";
import { bearerToken, resolveKey } from "./auth";
import { answers } from "./statuses";

/** Secrets are not in wrangler.toml, so `wrangler types` does not declare them. */
interface AdminSecrets {
  ADMIN_TOKEN?: string;
}

export const ADMIN_PRINCIPAL = "platform-admin";

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/** Equal digests, compared in constant time (same length whatever the input). */
async function sameToken(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export function adminAuth() {
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const env = c.env as Env & AdminSecrets;
    const expected = env.ADMIN_TOKEN?.trim();
    if (!expected) {
      throw new ApiError(401, "UNAUTHENTICATED", "The admin API is not configured: set the ADMIN_TOKEN secret (wrangler secret put ADMIN_TOKEN) to use it.");
    }
    const presented = bearerToken(c);
    if (!presented) throw new ApiError(401, "UNAUTHENTICATED", "Send the platform-admin token as 'Authorization: Bearer <token>'.");
    if (!(await sameToken(presented, expected))) {
      if (await resolveKey(c.env.DB, presented)) throw new ApiError(403, "FORBIDDEN", "This is a tenant API key; the admin API needs the platform-admin token.");
      throw new ApiError(401, "UNAUTHENTICATED", "That is not the platform-admin token.");
    }
    c.set("principal", ADMIN_PRINCIPAL);
    await next();
  });
  return answers(middleware, 401, 403);
}
