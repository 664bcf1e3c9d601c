/** Hono env of the dashboard: the Worker bindings plus the signed-in person. */
import type { SecureHeadersVariables } from "hono/secure-headers";
import type { Role } from "../http/types";

export interface DashboardVariables extends SecureHeadersVariables {
  tenantId: string;
  role: Role;
  /** Who is signed in, for audit and display (a key's label and id, or an Access email; never a token). */
  principal: string;
  /** This session's CSRF token: every POST form carries it in a hidden field. */
  csrfToken: string;
}

export interface DashboardEnv {
  Bindings: Env;
  Variables: DashboardVariables;
}

/** Optional vars (set in [env.production.vars]) that turn on Cloudflare Access sign-in. */
export interface AccessVars {
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  ACCESS_TENANT_ID?: string;
}
