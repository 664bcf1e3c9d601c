/**
 * A tenant's API keys: issue (the key is returned once; D1 holds its SHA-256
 * digest and prefix), list (never the key), revoke, and the lookup every
 * authenticated request makes. Revocation and expiry are read from D1 on every
 * lookup, so they hold at once in every isolate; use is recorded at most once
 * per LAST_USED_EVERY_MS per key, by a conditional update, so a busy key costs
 * one write a minute however many isolates serve it.
 */
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { database } from "../db/client";
import { apiKeys, tenants, type ApiKey } from "../db/schema";
import { systemClock, type Clock } from "../runtime/clock";
import { cachedFor } from "../util/per-object-cache";
import { mintKey, newKeyId } from "./credentials";
import { TenantError } from "./errors";

export const KEY_ROLES = apiKeys.role.enumValues;
export type KeyRole = ApiKey["role"];
export const LAST_USED_EVERY_MS = 60_000;

export interface KeySpec {
  role: KeyRole;
  label: string;
  /** Epoch ms; null or absent = no expiry. */
  expiresAt?: number | null;
}

/** What a listing shows of a key (never the key or its digest). */
export type KeyView = Pick<ApiKey, "id" | "tenantId" | "role" | "label" | "prefix" | "createdAt" | "lastUsedAt" | "expiresAt" | "revokedAt">;
export type IssuedKey = KeyView & { key: string };

const viewColumns = {
  id: apiKeys.id,
  tenantId: apiKeys.tenantId,
  role: apiKeys.role,
  label: apiKeys.label,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
};

/** A new key's row and the key itself, for callers that insert it in a batch of their own (tenant creation). */
export async function newKeyRow(tenantId: string, spec: KeySpec, now: number): Promise<{ row: typeof apiKeys.$inferInsert; issued: IssuedKey }> {
  if (spec.expiresAt != null && spec.expiresAt <= now) {
    throw new TenantError("EXPIRY_NOT_IN_FUTURE", "expiresAt must be in the future: a key that is already expired could never be used.", { expiresAt: new Date(spec.expiresAt).toISOString() });
  }
  const { key, prefix, keyHash } = await mintKey(spec.role);
  const view: KeyView = { id: newKeyId(), tenantId, role: spec.role, label: spec.label, prefix, createdAt: now, lastUsedAt: null, expiresAt: spec.expiresAt ?? null, revokedAt: null };
  return { row: { ...view, keyHash }, issued: { ...view, key } };
}

async function requireTenant(d1: D1Database, tenantId: string): Promise<void> {
  const row = await database(d1).select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).get();
  if (!row) throw new TenantError("TENANT_NOT_FOUND", `There is no tenant "${tenantId}".`);
}

export async function issueKey(d1: D1Database, tenantId: string, spec: KeySpec, clock: Clock = systemClock): Promise<IssuedKey> {
  await requireTenant(d1, tenantId);
  const { row, issued } = await newKeyRow(tenantId, spec, clock.now());
  await database(d1).insert(apiKeys).values(row);
  return issued;
}

/** Every key of the tenant, oldest first, revoked ones included (with revokedAt). */
export async function listKeys(d1: D1Database, tenantId: string): Promise<KeyView[]> {
  await requireTenant(d1, tenantId);
  return database(d1).select(viewColumns).from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).all();
}

/** Revokes a key of this tenant; revoking it again keeps the first revocation time. */
export async function revokeKey(d1: D1Database, tenantId: string, keyId: string, clock: Clock = systemClock): Promise<KeyView> {
  const db = database(d1);
  const owned = and(eq(apiKeys.id, keyId), eq(apiKeys.tenantId, tenantId));
  await db.update(apiKeys).set({ revokedAt: clock.now() }).where(and(owned, isNull(apiKeys.revokedAt)));
  const row = await db.select(viewColumns).from(apiKeys).where(owned).get();
  if (!row) throw new TenantError("KEY_NOT_FOUND", `Tenant "${tenantId}" has no key "${keyId}".`);
  return row;
}

export type LiveKey = Pick<ApiKey, "id" | "tenantId" | "role" | "label" | "lastUsedAt">;

/** Every authenticated request runs this query: built once per D1 binding, bound per call. */
const keyByHash = (d1: D1Database) =>
  database(d1)
    .select({ id: apiKeys.id, tenantId: apiKeys.tenantId, role: apiKeys.role, label: apiKeys.label, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt, expiresAt: apiKeys.expiresAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, sql.placeholder("keyHash")))
    .prepare();
const keyQueries = new WeakMap<D1Database, ReturnType<typeof keyByHash>>();

/** The key with this digest if it may be used now: known, not revoked, not expired. */
export async function findLiveKey(d1: D1Database, keyHash: string, now: number): Promise<LiveKey | null> {
  const row = await cachedFor(keyQueries, d1, () => keyByHash(d1)).get({ keyHash });
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  return { id: row.id, tenantId: row.tenantId, role: row.role, label: row.label, lastUsedAt: row.lastUsedAt };
}

/**
 * Records that the key was used, unless that was recorded less than
 * LAST_USED_EVERY_MS ago (null: nothing to write). The WHERE clause repeats the
 * check, so isolates racing on the same key write once.
 */
export function recordKeyUse(d1: D1Database, key: Pick<LiveKey, "id" | "lastUsedAt">, now: number): Promise<unknown> | null {
  if (key.lastUsedAt !== null && now - key.lastUsedAt < LAST_USED_EVERY_MS) return null;
  return database(d1)
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, now - LAST_USED_EVERY_MS + 1))))
    .run();
}
