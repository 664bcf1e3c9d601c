/**
 * Issue 14: per-tenant agent data as named, validated collections. Operators
 * replace a collection whole (validated record by record, written at once or
 * not at all), operators and reviewers page through it, and every tenant's
 * agents read only that tenant's rows.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { findCustomer } from "../../src/agents/refund-requests/store";
import { MAX_RECORDS } from "../../src/runtime/agent-data";
import { sha256Hex } from "../../src/runtime/ids";
import { MAX_DATA_BODY_BYTES } from "../../src/http/routes/agent-data";
import { call, DEMO_KEY } from "../support/http";

const suffix = crypto.randomUUID().slice(0, 8);
const REVIEWER = "dev-reviewer-token";

/** A tenant of its own, with an operator key (inserted as an admin would: the key's SHA-256 only). */
async function newTenant(name: string) {
  const id = `data-${name}-${suffix}`;
  const key = `op-${name}-${suffix}-${crypto.randomUUID()}`;
  await env.DB.prepare("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, 0)").bind(id, id).run();
  await env.DB.prepare("INSERT INTO api_keys (id, tenant_id, key_hash, role, label, created_at) VALUES (?, ?, ?, 'operator', 'test operator', 0)")
    .bind(`key_${id}`, id, await sha256Hex(key))
    .run();
  return { id, key };
}

let A: { id: string; key: string };
let B: { id: string; key: string };
beforeAll(async () => {
  A = await newTenant("a");
  B = await newTenant("b");
});

const employee = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: `Person ${id}`, status: "active", level: "staff", ...extra });
const put = (path: string, key: string, json: unknown) => call(path, { method: "PUT", key, json });
const ndjson = (path: string, key: string, body: string) => call(path, { method: "PUT", key, body, headers: { "Content-Type": "application/x-ndjson" } });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; details?: any } }).error;
const EMPLOYEES = "/v1/agents/expense-reports/data/employees";

async function allIds(path: string, key: string, limit = 200): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(`${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { key });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe("agent data collections: auth", () => {
  it("lets only operators load, and operators and reviewers read; client keys and no key are refused", async () => {
    const records = [employee("E1")];
    expect((await call(EMPLOYEES, { method: "PUT", key: null, json: records })).status).toBe(401);
    const client = await put(EMPLOYEES, DEMO_KEY, records);
    expect(client.status).toBe(403);
    expect((await errorOf(client)).code).toBe("FORBIDDEN");
    expect((await put(EMPLOYEES, REVIEWER, records)).status).toBe(403);
    expect((await call(EMPLOYEES, { key: DEMO_KEY })).status).toBe(403);
    expect((await call("/v1/agents/expense-reports/data", { key: DEMO_KEY })).status).toBe(403);

    // The demo tenant's seeded directory, read by its reviewer (nothing written).
    const reviewer = await call(`${EMPLOYEES}?limit=200`, { key: REVIEWER });
    expect(reviewer.status).toBe(200);
    expect(((await reviewer.json()) as { items: { id: string }[] }).items.map((e) => e.id)).toEqual(expect.arrayContaining(["E1001", "E1006"]));
  });

  it("names unknown agents and collections with their codes, and lists the agent's collections with JSON Schemas", async () => {
    const agent = await put("/v1/agents/nope/data/employees", A.key, []);
    expect(agent.status).toBe(404);
    expect((await errorOf(agent)).code).toBe("AGENT_NOT_FOUND");
    const collection = await put("/v1/agents/refund-requests/data/employees", A.key, []);
    expect(collection.status).toBe(404);
    const error = await errorOf(collection);
    expect(error.code).toBe("COLLECTION_NOT_FOUND");
    expect(error.details.collections).toEqual(["customers", "orders"]);
    expect((await errorOf(await call("/v1/agents/expense-reports/data/toString", { key: A.key }))).code).toBe("COLLECTION_NOT_FOUND");

    const listed = (await (await call("/v1/agents/refund-requests/data", { key: A.key })).json()) as any;
    expect(listed.collections.map((c: any) => c.name)).toEqual(["customers", "orders"]);
    const orders = listed.collections[1].schema;
    expect(orders.required).toEqual(expect.arrayContaining(["id", "customerId", "status", "promisedBy", "lines"]));
    expect(orders.properties.promisedBy.format).toBe("date");
    expect(((await (await call("/v1/agents/echo-steps/data", { key: A.key })).json()) as any).collections).toEqual([]);

    const doc = (await (await call("/openapi.json", { key: null })).json()) as any;
    expect(Object.keys(doc.paths["/v1/agents/{agent}/data/{collection}"]).sort()).toEqual(["get", "put"]);
    expect(Object.keys(doc.paths["/v1/agents/{agent}/data/{collection}"].put.requestBody.content)).toEqual(["application/json", "application/x-ndjson"]);
  });
});

describe("agent data collections: loads", () => {
  it("replaces atomically: a load whose 3rd record fails writes nothing and leaves the previous data", async () => {
    const before = [employee("E-OLD-1"), employee("E-OLD-2"), employee("E-OLD-3", { status: "on_leave" })];
    const ok = await put(EMPLOYEES, A.key, before);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as any;
    expect(body).toMatchObject({ agent: "expense-reports", collection: "employees", records: 3 });
    expect(Number.isNaN(Date.parse(body.replacedAt))).toBe(false);

    const bad = await put(EMPLOYEES, A.key, [employee("E-NEW-1"), employee("E-NEW-2"), employee("E-NEW-3", { status: "retired" }), employee("E-NEW-4")]);
    expect(bad.status).toBe(422);
    const error = await errorOf(bad);
    expect(error.code).toBe("INVALID_RECORD");
    expect(error.details).toMatchObject({ index: 2, path: ["status"] });
    expect(error.details.message).toEqual(expect.any(String));
    expect(await allIds(EMPLOYEES, A.key)).toEqual(["E-OLD-1", "E-OLD-2", "E-OLD-3"]);

    // A duplicate id names both records; still nothing written.
    const dup = await put(EMPLOYEES, A.key, [employee("E-NEW-1"), employee("E-NEW-2"), employee("E-NEW-1")]);
    expect(dup.status).toBe(422);
    expect(await errorOf(dup)).toMatchObject({ code: "DUPLICATE_KEY", details: { index: 2, indexes: [0, 2], key: "E-NEW-1" } });
    expect(await allIds(EMPLOYEES, A.key)).toEqual(["E-OLD-1", "E-OLD-2", "E-OLD-3"]);

    // A valid load replaces the whole set: old ids are gone, not merged.
    expect((await put(EMPLOYEES, A.key, [employee("E-NEW-1"), employee("E-NEW-2", { level: "director" })])).status).toBe(200);
    expect(await allIds(EMPLOYEES, A.key)).toEqual(["E-NEW-1", "E-NEW-2"]);
    const stored = await env.DB.prepare("SELECT id, level FROM employees WHERE tenant_id = ? ORDER BY id").bind(A.id).all();
    expect(stored.results).toEqual([{ id: "E-NEW-1", level: "staff" }, { id: "E-NEW-2", level: "director" }]);
  });

  it("loads the largest allowed directory in one batch (inserts split under D1's parameter limit)", async () => {
    const many = Array.from({ length: MAX_RECORDS }, (_, i) => employee(`E-BIG-${String(i).padStart(5, "0")}`));
    const res = await put(EMPLOYEES, B.key, many);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).records).toBe(MAX_RECORDS);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM employees WHERE tenant_id = ?").bind(B.id).first<{ n: number }>();
    expect(n?.n).toBe(MAX_RECORDS);
  });

  it("takes NDJSON and answers a line that is not JSON with its index", async () => {
    const lines = [employee("E-ND-1"), employee("E-ND-2")].map((e) => JSON.stringify(e)).join("\n");
    const ok = await ndjson(EMPLOYEES, B.key, `${lines}\n`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).records).toBe(2);

    const bad = await ndjson(EMPLOYEES, B.key, `${JSON.stringify(employee("E-ND-3"))}\n{"id": "E-ND-4",\n`);
    expect(bad.status).toBe(422);
    expect(await errorOf(bad)).toMatchObject({ code: "INVALID_JSON_LINE", details: { index: 1, line: 2 } });
    expect(await allIds(EMPLOYEES, B.key)).toEqual(["E-ND-1", "E-ND-2"]);
  });

  it("refuses bodies that are not records: wrong type, not JSON, not an array, too large, too many", async () => {
    const text = await call(EMPLOYEES, { method: "PUT", key: A.key, body: "E1,Ada", headers: { "Content-Type": "text/csv" } });
    expect(text.status).toBe(415);
    const notJson = await call(EMPLOYEES, { method: "PUT", key: A.key, body: "[{", headers: { "Content-Type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).code).toBe("INVALID_JSON");
    const object = await put(EMPLOYEES, A.key, { records: [] });
    expect(object.status).toBe(422);
    expect((await errorOf(object)).code).toBe("NOT_AN_ARRAY");
    const large = await call(EMPLOYEES, { method: "PUT", key: A.key, body: `["${"x".repeat(MAX_DATA_BODY_BYTES)}"]`, headers: { "Content-Type": "application/json" } });
    expect(large.status).toBe(413);
    const many = await put(EMPLOYEES, A.key, Array.from({ length: MAX_RECORDS + 1 }, () => ({})));
    expect(many.status).toBe(422);
    expect((await errorOf(many)).code).toBe("TOO_MANY_RECORDS");
    expect(await allIds(EMPLOYEES, A.key)).toEqual(["E-NEW-1", "E-NEW-2"]);
  });

  it("validates refund orders in depth and against the tenant's stored customers", async () => {
    const CUSTOMERS = "/v1/agents/refund-requests/data/customers";
    const ORDERS = "/v1/agents/refund-requests/data/orders";
    const line = (sku: string, extra: Record<string, unknown> = {}) => ({ sku, name: `Item ${sku}`, quantity: 2, unitCents: 1500, ...extra });
    const order = (id: string, customerId: string, extra: Record<string, unknown> = {}) => ({
      id, customerId, status: "delivered", promisedBy: "2026-11-03", deliveredAt: "2026-11-02", shippingCents: 500, lines: [line("A-1"), line("B-2")], ...extra,
    });

    const unknown = await put(ORDERS, A.key, [order("N-1", "C-A")]);
    expect(unknown.status).toBe(422);
    expect(await errorOf(unknown)).toMatchObject({ code: "UNKNOWN_CUSTOMER", details: { index: 0, path: ["customerId"] } });

    const customers = await put(CUSTOMERS, A.key, [
      { id: "C-A", name: "Ana A", tier: "plus", status: "active", priorRefunds: ["2026-10-01"] },
      { id: "C-B", name: "Ben B", tier: "standard", status: "blocked" },
    ]);
    expect(customers.status).toBe(200);

    const cases: [unknown, (string | number)[]][] = [
      [order("N-2", "C-A", { lines: [line("A-1"), line("B-2", { refundedQuantity: 3 })] }), ["lines", 1, "refundedQuantity"]],
      [order("N-2", "C-A", { promisedBy: "2026-02-30" }), ["promisedBy"]],
      [order("N-2", "C-A", { shippingCents: -1 }), ["shippingCents"]],
      [order("N-2", "C-A", { lines: [line("A-1", { unitCents: 12.5 })] }), ["lines", 0, "unitCents"]],
      [order("N-2", "C-A", { deliveredAt: null }), ["deliveredAt"]],
      [order("n-2", "C-A"), ["id"]],
    ];
    for (const [bad, path] of cases) {
      const res = await put(ORDERS, A.key, [order("N-1", "C-A"), bad]);
      expect(res.status, JSON.stringify(path)).toBe(422);
      expect(await errorOf(res), JSON.stringify(path)).toMatchObject({ code: "INVALID_RECORD", details: { index: 1, path } });
    }

    const third = await put(ORDERS, A.key, [order("N-1", "C-A"), order("N-2", "C-B"), order("N-3", "C-GONE")]);
    expect(await errorOf(third)).toMatchObject({ code: "UNKNOWN_CUSTOMER", details: { index: 2 } });

    const ok = await put(ORDERS, A.key, [order("N-2", "C-B", { status: "shipped", deliveredAt: null }), order("N-1", "C-A")]);
    expect(ok.status).toBe(200);
    const page = (await (await call(ORDERS, { key: A.key })).json()) as any;
    expect(page.items.map((o: any) => o.id)).toEqual(["N-1", "N-2"]);
    // Defaults are stored, and a page returns what a load takes.
    expect(page.items[0]).toEqual({ ...order("N-1", "C-A"), shippingRefunded: false, lines: [line("A-1", { finalSale: false, refundedQuantity: 0 }), line("B-2", { finalSale: false, refundedQuantity: 0 })] });
    expect(((await (await call(CUSTOMERS, { key: A.key })).json()) as any).items[1]).toEqual({ id: "C-B", name: "Ben B", tier: "standard", status: "blocked", priorRefunds: [] });
  });
});

describe("agent data collections: paging", () => {
  it("pages in id order with an opaque cursor until null, and refuses cursors it did not make", async () => {
    const ids = ["E-P-07", "E-P-03", "E-P-01", "E-P-05", "E-P-02", "E-P-06", "E-P-04"];
    expect((await put(EMPLOYEES, B.key, ids.map((id) => employee(id)))).status).toBe(200);

    const first = (await (await call(`${EMPLOYEES}?limit=3`, { key: B.key })).json()) as any;
    expect(first.items.map((e: any) => e.id)).toEqual(["E-P-01", "E-P-02", "E-P-03"]);
    expect(first.items[0]).toEqual(employee("E-P-01"));
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(first.nextCursor).not.toContain("E-P-03");
    expect(await allIds(EMPLOYEES, B.key, 3)).toEqual([...ids].sort());
    const last = (await (await call(`${EMPLOYEES}?limit=7`, { key: B.key })).json()) as any;
    expect(last.items).toHaveLength(7);
    expect(last.nextCursor).toBeNull();
    const byDefault = (await (await call(EMPLOYEES, { key: B.key })).json()) as any;
    expect(byDefault.items).toHaveLength(7);

    for (const cursor of ["garbage", btoa("{}")]) {
      const res = await call(`${EMPLOYEES}?cursor=${encodeURIComponent(cursor)}`, { key: B.key });
      expect(res.status).toBe(422);
      expect((await errorOf(res)).code).toBe("INVALID_CURSOR");
    }
    // A cursor of one collection is not one of another.
    const other = await call(`/v1/agents/refund-requests/data/customers?cursor=${encodeURIComponent(first.nextCursor)}`, { key: B.key });
    expect((await errorOf(other)).code).toBe("INVALID_CURSOR");
    for (const limit of ["0", "201", "abc"]) {
      const res = await call(`${EMPLOYEES}?limit=${limit}`, { key: B.key });
      expect(res.status, limit).toBe(422);
      expect((await errorOf(res)).code).toBe("INVALID_INPUT");
    }
  });
});

describe("agent data collections: isolation between tenants", () => {
  async function lookupSummary(tenant: { key: string }, employeeId: string): Promise<string> {
    const res = await call("/v1/agents/expense-reports/runs", {
      method: "POST",
      key: tenant.key,
      json: {
        input: {
          reportId: `R-DATA-${suffix}-${crypto.randomUUID().slice(0, 6)}`, employeeId, submittedAt: "2026-11-20", purpose: "Team offsite in Denver",
          items: [{ date: "2026-11-12", merchant: "Uber", amount: 23.4, currency: "USD", receipt: true }],
        },
      },
    });
    expect(res.status).toBeLessThan(300);
    const { runId } = (await res.json()) as { runId: string };
    for (let i = 0; i < 200; i++) {
      const steps = (await (await call(`/v1/runs/${runId}/steps`, { key: tenant.key })).json()) as { steps?: { name: string; status: string; outputSummary: string | null }[] };
      const step = steps.steps?.find((s) => s.name === "lookupEmployee" && s.status === "completed");
      if (step) return step.outputSummary ?? "";
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("lookupEmployee did not complete");
  }

  it("a record loaded into tenant B is seen by B's runs and pages, never by tenant A's", async () => {
    expect((await put(EMPLOYEES, B.key, [employee("E-ISO-1", { name: "Bea Iso" })])).status).toBe(200);
    expect(await allIds(EMPLOYEES, B.key)).toEqual(["E-ISO-1"]);
    expect(await allIds(EMPLOYEES, A.key)).not.toContain("E-ISO-1");

    expect(await lookupSummary(B, "E-ISO-1")).toMatch(/Bea Iso \(E-ISO-1\)/);
    expect(await lookupSummary(A, "E-ISO-1")).toBe("not in the directory");

    // The refund agent's store reads by tenant too; and a load in one tenant leaves the other's rows alone.
    expect((await put("/v1/agents/refund-requests/data/customers", B.key, [{ id: "C-ISO", name: "Cy Iso", tier: "standard", status: "active" }])).status).toBe(200);
    expect(await findCustomer(env.DB, B.id, "C-ISO")).toMatchObject({ name: "Cy Iso" });
    expect(await findCustomer(env.DB, A.id, "C-ISO")).toBeUndefined();
    expect(await allIds("/v1/agents/refund-requests/data/customers", A.key)).not.toContain("C-ISO");
    const demo = await env.DB.prepare("SELECT COUNT(*) AS n FROM employees WHERE tenant_id = 'demo'").first<{ n: number }>();
    expect(demo?.n).toBeGreaterThanOrEqual(6);
  });
});
