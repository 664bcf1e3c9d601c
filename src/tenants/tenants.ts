/**
 * The tenant directory for the platform admin: create a tenant (with one key
 * per role, shown once, and optionally every agent's demo data and the demo
 * stages), list tenants newest first with an opaque cursor, read one.
 *
 * Creation loads the demo data first (idempotent, keyed by a tenant id nobody
 * holds yet), then writes the tenant, its keys and stages in one D1 batch: a
 * failure leaves at worst unreachable demo rows, never a tenant without keys.
 */
import { and, count, desc, eq, isNull, lt, or } from "drizzle-orm";
import { listAgents } from "../agents/registry";
import { database } from "../db/client";
import { agentDeployments, apiKeys, tenants, type Tenant } from "../db/schema";
import { systemClock, type Clock } from "../runtime/clock";
import { newTenantId } from "./credentials";
import { decodeCursor, encodeCursor } from "./cursor";
import { demoStageRows } from "./demo-stages";
import { TenantError } from "./errors";
import { KEY_ROLES, newKeyRow, type KeyRole } from "./keys";

export const PAGE_LIMIT = { min: 1, max: 200, default: 50 } as const;

export interface NewTenant {
  name: string;
  demoData: boolean;
}

export interface CreatedTenant {
  tenant: Tenant;
  /** The three keys, shown once: D1 keeps only their digests. */
  keys: Record<KeyRole, string>;
}

export async function createTenant(d1: D1Database, spec: NewTenant, clock: Clock = systemClock): Promise<CreatedTenant> {
  const now = clock.now();
  const tenant: Tenant = { id: newTenantId(), name: spec.name, createdAt: now };
  if (spec.demoData) for (const agent of listAgents()) await agent.demoData?.load(d1, tenant.id);
  const minted = await Promise.all(KEY_ROLES.map((role) => newKeyRow(tenant.id, { role, label: `${role} key (created with the tenant)` }, now)));
  const db = database(d1);
  const stages = spec.demoData ? demoStageRows(tenant.id, now) : [];
  await db.batch([
    db.insert(tenants).values(tenant),
    db.insert(apiKeys).values(minted.map((m) => m.row)),
    ...(stages.length ? [db.insert(agentDeployments).values(stages)] : []),
  ]);
  const keys = Object.fromEntries(minted.map((m) => [m.issued.role, m.issued.key])) as Record<KeyRole, string>;
  return { tenant, keys };
}

export interface TenantPage {
  items: Tenant[];
  nextCursor: string | null;
}

/** Newest first by (created_at, id); `cursor` is the previous page's nextCursor. */
export async function listTenants(d1: D1Database, page: { limit: number; cursor?: string }): Promise<TenantPage> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const rows = await database(d1)
    .select()
    .from(tenants)
    .where(after ? or(lt(tenants.createdAt, after[0]), and(eq(tenants.createdAt, after[0]), lt(tenants.id, after[1]))) : undefined)
    .orderBy(desc(tenants.createdAt), desc(tenants.id))
    .limit(page.limit + 1)
    .all();
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
}

export interface TenantDetail extends Tenant {
  /** Keys that are not revoked (expired ones included: they still show in the listing). */
  activeKeys: number;
  /** Agents with a stage row; every other agent is in shadow. */
  stages: Record<string, string>;
}

export async function getTenant(d1: D1Database, tenantId: string): Promise<TenantDetail> {
  const db = database(d1);
  const [tenant, keyCount, stages] = await Promise.all([
    db.select().from(tenants).where(eq(tenants.id, tenantId)).get(),
    db.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt))).get(),
    db.select({ agent: agentDeployments.agent, stage: agentDeployments.stage }).from(agentDeployments).where(eq(agentDeployments.tenantId, tenantId)).all(),
  ]);
  if (!tenant) throw new TenantError("TENANT_NOT_FOUND", `There is no tenant "${tenantId}".`);
  return { ...tenant, activeKeys: keyCount?.n ?? 0, stages: Object.fromEntries(stages.map((s) => [s.agent, s.stage])) };
}
