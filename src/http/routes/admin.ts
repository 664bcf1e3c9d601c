/**
 * The platform-admin API (issue 14): tenants and their keys. Every route needs
 * the ADMIN_TOKEN (admin-auth.ts); keys are shown once, in the answer that
 * creates them. Mounted at /v1/admin before the tenant-key middleware; the
 * catch-all at the end answers unknown admin paths here, so no admin request
 * ever reaches apiKeyAuth.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ApiError } from "../../runtime/errors";
import { TenantError, type TenantErrorCode } from "../../tenants/errors";
import { issueKey, KEY_ROLES, listKeys, revokeKey, type IssuedKey, type KeyView } from "../../tenants/keys";
import { createTenant, getTenant, listTenants, PAGE_LIMIT } from "../../tenants/tenants";
import { ErrorBodySchema, errorResponse } from "../errors";
import { adminAuth } from "../middleware/admin-auth";
import { jsonBody } from "../middleware/json-body";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

const STATUS_OF: Record<TenantErrorCode, 400 | 404 | 422> = {
  TENANT_NOT_FOUND: 404,
  KEY_NOT_FOUND: 404,
  INVALID_CURSOR: 400,
  EXPIRY_NOT_IN_FUTURE: 422,
};

/** Runs domain work, turning its coded refusals into HTTP answers. */
async function domain<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof TenantError) throw new ApiError(STATUS_OF[err.code], err.code, err.message, err.details);
    throw err;
  }
}

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } }]));
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });
const security = [{ adminToken: [] }];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const TenantSchema = z.object({ tenantId: z.string(), name: z.string(), createdAt: z.string() }).openapi("Tenant");
const KeysOnce = z.object(Object.fromEntries(KEY_ROLES.map((r) => [r, z.string()])) as Record<(typeof KEY_ROLES)[number], z.ZodString>);
const CreatedTenantSchema = TenantSchema.extend({ demoData: z.boolean(), keys: KeysOnce.describe("One key per role, shown only in this answer") });
const TenantDetailSchema = TenantSchema.extend({ activeKeys: z.number().int(), stages: z.record(z.string(), z.string()) });
const TenantPageSchema = z.object({ items: z.array(TenantSchema), nextCursor: z.string().nullable() });
const KeySchema = z
  .object({
    keyId: z.string(),
    tenantId: z.string(),
    role: z.enum(KEY_ROLES),
    label: z.string(),
    prefix: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");
const IssuedKeySchema = KeySchema.extend({ key: z.string().describe("The key itself, shown only in this answer") });

const tenantParam = z.object({ tenantId: z.string().min(1).max(100) });
const keyParam = tenantParam.extend({ keyId: z.string().min(1).max(100) });

const tenantOut = (t: { id: string; name: string; createdAt: number }) => ({ tenantId: t.id, name: t.name, createdAt: new Date(t.createdAt).toISOString() });
const keyOut = ({ id, createdAt, lastUsedAt, expiresAt, revokedAt, ...rest }: KeyView): z.infer<typeof KeySchema> => ({
  keyId: id,
  ...rest,
  createdAt: new Date(createdAt).toISOString(),
  lastUsedAt: iso(lastUsedAt),
  expiresAt: iso(expiresAt),
  revokedAt: iso(revokedAt),
});
const issuedOut = ({ key, ...view }: IssuedKey) => ({ ...keyOut(view), key });

const createTenantRoute = createRoute({
  method: "post",
  path: "/tenants",
  summary: "Create a tenant with one key per role (shown once); demoData seeds every agent's demo data and the demo stages",
  security,
  middleware: [jsonBody] as const,
  request: { body: body(z.object({ name: z.string().trim().min(1).max(100), demoData: z.boolean().default(false) })) },
  responses: { 201: json(CreatedTenantSchema, "The tenant and its keys"), ...errors(400, 401, 403, 413, 415, 422) },
});

const listTenantsRoute = createRoute({
  method: "get",
  path: "/tenants",
  summary: "Tenants, newest first; pass nextCursor as cursor for the next page",
  security,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(PAGE_LIMIT.min).max(PAGE_LIMIT.max).default(PAGE_LIMIT.default),
      cursor: z.string().min(1).max(512).optional(),
    }),
  },
  responses: { 200: json(TenantPageSchema, "A page of tenants"), ...errors(400, 401, 403, 422) },
});

const getTenantRoute = createRoute({
  method: "get",
  path: "/tenants/{tenantId}",
  summary: "One tenant: its active key count and deployment stages",
  security,
  request: { params: tenantParam },
  responses: { 200: json(TenantDetailSchema, "The tenant"), ...errors(401, 403, 404, 422) },
});

const createKeyRoute = createRoute({
  method: "post",
  path: "/tenants/{tenantId}/keys",
  summary: "Issue a key for the tenant (shown once). Rotation: issue the new key, then revoke the old one",
  security,
  middleware: [jsonBody] as const,
  request: {
    params: tenantParam,
    body: body(z.object({ role: z.enum(KEY_ROLES), label: z.string().trim().min(1).max(100), expiresAt: z.iso.datetime({ offset: true }).optional() })),
  },
  responses: { 201: json(IssuedKeySchema, "The key, shown once"), ...errors(400, 401, 403, 404, 413, 415, 422) },
});

const listKeysRoute = createRoute({
  method: "get",
  path: "/tenants/{tenantId}/keys",
  summary: "The tenant's keys (never the key itself): role, label, prefix, created, last used, expiry, revocation",
  security,
  request: { params: tenantParam },
  responses: { 200: json(z.object({ items: z.array(KeySchema) }), "The keys"), ...errors(401, 403, 404, 422) },
});

const revokeKeyRoute = createRoute({
  method: "delete",
  path: "/tenants/{tenantId}/keys/{keyId}",
  summary: "Revoke a key: refused on the very next request, in every isolate",
  security,
  request: { params: keyParam },
  responses: { 200: json(KeySchema, "The revoked key"), ...errors(401, 403, 404, 422) },
});

export const adminRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
adminRoutes.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
  type: "http",
  scheme: "bearer",
  description: "The platform-admin token (the ADMIN_TOKEN secret), not a tenant key",
});
adminRoutes.use("*", adminAuth());
adminRoutes
  .openapi(createTenantRoute, async (c) => {
    const spec = c.req.valid("json");
    const { tenant, keys } = await domain(() => createTenant(c.env.DB, spec));
    return c.json({ ...tenantOut(tenant), demoData: spec.demoData, keys }, 201);
  })
  .openapi(listTenantsRoute, async (c) => {
    const page = await domain(() => listTenants(c.env.DB, c.req.valid("query")));
    return c.json({ items: page.items.map(tenantOut), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getTenantRoute, async (c) => {
    const { activeKeys, stages, ...tenant } = await domain(() => getTenant(c.env.DB, c.req.valid("param").tenantId));
    return c.json({ ...tenantOut(tenant), activeKeys, stages }, 200);
  })
  .openapi(createKeyRoute, async (c) => {
    const { tenantId } = c.req.valid("param");
    const { role, label, expiresAt } = c.req.valid("json");
    const issued = await domain(() => issueKey(c.env.DB, tenantId, { role, label, expiresAt: expiresAt === undefined ? null : Date.parse(expiresAt) }));
    return c.json(issuedOut(issued), 201);
  })
  .openapi(listKeysRoute, async (c) => {
    const keys = await domain(() => listKeys(c.env.DB, c.req.valid("param").tenantId));
    return c.json({ items: keys.map(keyOut) }, 200);
  })
  .openapi(revokeKeyRoute, async (c) => {
    const { tenantId, keyId } = c.req.valid("param");
    return c.json(keyOut(await domain(() => revokeKey(c.env.DB, tenantId, keyId))), 200);
  });
// Unknown admin paths end here (after the token check), never in the tenant-key middleware mounted on /v1.
adminRoutes.all("*", (c) => errorResponse(c, 404, "NOT_FOUND", `No admin route for ${c.req.method} ${c.req.path}.`));
