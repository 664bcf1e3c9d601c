import type { ApiKey } from "../db/schema";

export type Role = ApiKey["role"];

/** Hono's env for every route: the Worker bindings plus who is calling. */
export interface AppEnv {
  Bindings: Env;
  /** principal: who is calling, for audit (the key's label and id; never the key). */
  Variables: { tenantId: string; role: Role; principal: string };
}
