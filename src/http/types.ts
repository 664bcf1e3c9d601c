import type { ApiKey } from "../db/schema";

export type Role = ApiKey["role"];

/** Hono's env for every route: the Worker bindings plus who is calling. */
export interface AppEnv {
  Bindings: Env;
  Variables: { tenantId: string; role: Role };
}
