/**
 * Tenants through the admin API: created with three keys shown once (D1 holds
 * digests only), optionally with every agent's demo data and the demo stages,
 * isolated from each other, listed newest first with a cursor.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEMO_STAGES } from "../../src/tenants/demo-stages";
import { createTenant, listTenants } from "../../src/tenants/tenants";
import { ManualClock } from "../../src/runtime/clock";
import { sha256Hex } from "../../src/runtime/ids";
import { call } from "../support/http";
import { admin, newTenant } from "./support";

const wait = { Prefer: "wait=20" };
const expenseReport = () => ({
  reportId: `R-ADM-${crypto.randomUUID().slice(0, 8)}`,
  employeeId: "E1001",
  submittedAt: "2026-11-20",
  purpose: "Customer onboarding workshop in Boston",
  items: [{ date: "2026-11-12", merchant: "Uber", amount: 23.4, currency: "USD", receipt: true }],
});
const refundRequest = () => ({
  requestId: `RQ-ADM-${crypto.randomUUID().slice(0, 8)}`,
  customerId: "C2001",
  receivedAt: "2026-11-20",
  message: "Both blue mugs in N-10001 arrived shattered.",
  channel: "email",
});

async function runAs(key: string, agent: string, input: unknown) {
  const res = await call(`/v1/agents/${agent}/runs`, { method: "POST", key, json: { input }, headers: wait });
  const body = (await res.json()) as any;
  expect([200, 202], JSON.stringify(body)).toContain(res.status);
  return body;
}
/** Every code the run reported, in its proposal and outcome (the wording of the agent's own answer). */
const codesOf = (run: any) => JSON.stringify([run.proposal ?? null, run.outcome ?? null]);

describe("POST /v1/admin/tenants", () => {
  it("creates a tenant with one key per role, shown once and stored only as SHA-256 digests", async () => {
    const { res, body } = await admin("/tenants", { method: "POST", json: { name: "  Acme Corp  ", demoData: false } });
    expect(res.status).toBe(201);
    expect(body).toMatchObject({ tenantId: expect.stringMatching(/^ten_[0-9a-z]{20}$/), name: "Acme Corp", demoData: false });
    expect(Object.keys(body.keys).sort()).toEqual(["client", "operator", "reviewer"]);
    expect(body.keys.client).toMatch(/^ak_client_[0-9a-z]{40}$/);
    expect(body.keys.reviewer).toMatch(/^ak_reviewer_/);
    expect(body.keys.operator).toMatch(/^ak_operator_/);

    const rows = (await env.DB.prepare("SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY role").bind(body.tenantId).all<Record<string, unknown>>()).results;
    expect(rows.map((r) => r.role)).toEqual(["client", "operator", "reviewer"]);
    for (const row of rows) {
      const key = body.keys[row.role as string] as string;
      expect(row.key_hash).toBe(await sha256Hex(key));
      expect(row.prefix).toBe(key.slice(0, (row.prefix as string).length));
      // No column holds the key itself.
      for (const value of Object.values(row)) expect(String(value)).not.toContain(key);
    }
    // Never shown again: not in the tenant, not in the key listing.
    const again = JSON.stringify([(await admin(`/tenants/${body.tenantId}`)).body, (await admin(`/tenants/${body.tenantId}/keys`)).body, (await admin("/tenants?limit=200")).body]);
    for (const key of Object.values(body.keys) as string[]) expect(again).not.toContain(key);

    // Each key works with its role.
    expect((await call("/v1/agents", { key: body.keys.client })).status).toBe(200);
    expect((await call("/v1/reviews", { key: body.keys.client })).status).toBe(403);
    expect((await call("/v1/reviews", { key: body.keys.reviewer })).status).toBe(200);
    const stage = await call("/v1/agents/echo-steps/stage", { method: "POST", key: body.keys.operator, json: { to: "shadow", reason: "already there" } });
    expect(stage.status).toBe(409); // the operator key is accepted; a new tenant's agents start in shadow
  });

  it("without demo data: no rows for the tenant, every agent in shadow, unknown employees and customers", async () => {
    const t = await newTenant(undefined, false);
    const detail = await admin(`/tenants/${t.tenantId}`);
    expect(detail.body).toMatchObject({ tenantId: t.tenantId, activeKeys: 3, stages: {} });
    const agents = (await (await call("/v1/agents", { key: t.keys.client })).json()) as any;
    expect(agents.agents.length).toBeGreaterThanOrEqual(3);
    for (const a of agents.agents) expect(a.stage, a.name).toBe("shadow");
    for (const table of ["employees", "refund_customers", "refund_orders"]) {
      expect((await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`).bind(t.tenantId).first<{ n: number }>())?.n, table).toBe(0);
    }
    // The control for the demo-data test below: the same tasks find nobody here.
    expect(codesOf(await runAs(t.keys.client, "expense-reports", expenseReport()))).toContain("UNKNOWN_EMPLOYEE");
    expect(codesOf(await runAs(t.keys.client, "refund-requests", refundRequest()))).toContain("UNKNOWN_CUSTOMER");
  });

  it("with demo data: every agent's demo rows and the seed's stages, so the contracts' employees and customers are known", async () => {
    const t = await newTenant(undefined, true);
    const count = async (table: string, tenant: string) => (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`).bind(tenant).first<{ n: number }>())?.n;
    for (const table of ["employees", "refund_customers", "refund_orders"]) {
      expect(await count(table, t.tenantId), table).toBe(await count(table, "demo"));
    }
    expect(await count("employees", t.tenantId)).toBe(6);

    // The stages are the local seed's for `demo` (scripts/seed.sql), from one list in code.
    const stages = async (tenant: string) =>
      (await env.DB.prepare("SELECT agent, stage, audit_sample_bp AS auditSampleBp FROM agent_deployments WHERE tenant_id = ? ORDER BY agent").bind(tenant).all()).results;
    expect(await stages(t.tenantId)).toEqual([...DEMO_STAGES].sort((a, b) => a.agent.localeCompare(b.agent)));
    const seedSql = env.TEST_SEED_SQL;
    for (const s of DEMO_STAGES) expect(seedSql).toMatch(new RegExp(`\\('demo', '${s.agent}', '${s.stage}', ${s.auditSampleBp ?? "NULL"},`));
    expect((await admin(`/tenants/${t.tenantId}`)).body.stages).toEqual({ "echo-steps": "full", "expense-reports": "supervised", "refund-requests": "supervised" });

    const expense = await runAs(t.keys.client, "expense-reports", expenseReport());
    expect((expense.outcome ?? expense.proposal).decision).toBe("approve"); // Ada Park (E1001) is an active employee here
    expect(codesOf(expense)).not.toContain("UNKNOWN_EMPLOYEE");
    const refund = await runAs(t.keys.client, "refund-requests", refundRequest());
    expect(codesOf(refund)).toContain('"orderId":"N-10001"'); // Maya Lopez's (C2001) order was found and acted on
    expect(codesOf(refund)).not.toContain("UNKNOWN_CUSTOMER");
  });

  it("keeps tenants apart: a new tenant's keys cannot read the demo tenant's runs, nor the demo keys its runs", async () => {
    const t = await newTenant(undefined, true);
    const demoRun = (await (await call("/v1/agents/echo-steps/runs", { method: "POST", json: { input: { steps: 1 } }, headers: wait })).json()) as any;
    const mine = (await (await call("/v1/agents/echo-steps/runs", { method: "POST", key: t.keys.client, json: { input: { steps: 1 } }, headers: wait })).json()) as any;
    expect(demoRun.runId).toBeTruthy();
    expect(mine.runId).toBeTruthy();
    for (const key of [t.keys.client, t.keys.reviewer, t.keys.operator]) {
      const res = await call(`/v1/runs/${demoRun.runId}`, { key });
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).error.code).toBe("RUN_NOT_FOUND");
      expect((await call(`/v1/runs/${demoRun.runId}/steps`, { key })).status).toBe(404);
    }
    expect((await call(`/v1/runs/${mine.runId}`)).status).toBe(404); // the demo client key
    expect((await call(`/v1/runs/${mine.runId}`, { key: t.keys.client })).status).toBe(200);
    expect((await call(`/v1/runs/${demoRun.runId}`)).status).toBe(200);
  });

  it("refuses a bad body with a coded 4xx", async () => {
    for (const json of [{}, { name: "" }, { name: "x", demoData: "yes" }, { name: "n".repeat(101) }]) {
      const { res, body } = await admin("/tenants", { method: "POST", json });
      expect(res.status, JSON.stringify(json)).toBe(422);
      expect(body.error.code).toBe("INVALID_INPUT");
    }
    const notJson = await call("/v1/admin/tenants", { method: "POST", key: "dev-admin-token", body: "{", headers: { "Content-Type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).error.code).toBe("INVALID_JSON");
  });
});

describe("GET /v1/admin/tenants and /v1/admin/tenants/{tenantId}", () => {
  it("reads one tenant, and answers 404 TENANT_NOT_FOUND for an unknown one", async () => {
    const demo = await admin("/tenants/demo");
    expect(demo.res.status).toBe(200);
    expect(demo.body).toMatchObject({ tenantId: "demo", name: "Demo tenant", createdAt: new Date(1764000000000).toISOString() });
    const missing = await admin("/tenants/ten_doesnotexist");
    expect(missing.res.status).toBe(404);
    expect(missing.body.error.code).toBe("TENANT_NOT_FOUND");
  });

  it("pages newest first with an opaque cursor: every tenant once, ties on created_at broken by id", async () => {
    // Five tenants in the same millisecond (a pinned clock), far in the future so they come first.
    const clock = new ManualClock(4_000_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createTenant(env.DB, { name: `page-${i}`, demoData: false }, clock)).tenant.id);
    clock.advance(1);
    made.push((await createTenant(env.DB, { name: "page-newest", demoData: false }, clock)).tenant.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { res, body }: { res: Response; body: any } = await admin(`/tenants?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((t: any) => t.tenantId));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 500);
    expect(new Set(seen).size).toBe(seen.length);
    const total = (await env.DB.prepare("SELECT COUNT(*) AS n FROM tenants").first<{ n: number }>())!.n;
    expect(seen.length).toBe(total);
    // Newest first: the later tenant, then the five tied ones by id descending.
    const tied = made.slice(0, 5).sort().reverse();
    const mine = seen.filter((id) => made.includes(id));
    expect(mine).toEqual([made[5], ...tied]);
    expect(seen.indexOf("demo")).toBeGreaterThan(seen.indexOf(made[5]!));

    const direct = await listTenants(env.DB, { limit: 3 });
    expect(direct.items).toHaveLength(3);
    expect(direct.nextCursor).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]+$/));
  });

  it("refuses a cursor it did not give out and a limit outside 1..200", async () => {
    for (const cursor of ["garbage", "WzEsMl0", btoa("[1]"), btoa('["x","y"]')]) {
      const { res, body } = await admin(`/tenants?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBe(400);
      expect(body.error.code).toBe("INVALID_CURSOR");
    }
    for (const limit of ["0", "201", "abc", "1.5"]) {
      const { res, body } = await admin(`/tenants?limit=${limit}`);
      expect(res.status, limit).toBe(422);
      expect(body.error.code).toBe("INVALID_INPUT");
    }
    const { body } = await admin("/tenants");
    expect(body.items.length).toBeLessThanOrEqual(50);
  });
});
