/**
 * GET /v1/runs: the caller's tenant's runs, newest first, paged by an opaque
 * cursor that stays exact while runs are inserted between pages, filtered by
 * agent, status, time and kind, with every bad value refused by code.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newRunId } from "../../src/runtime/ids";
import { call } from "../support/http";
import { newTenant } from "../support/tenants";

type Row = { id?: string; agent?: string; status?: string; createdAt: number; evaluation?: string | null };

/** History rows as the outbox writes them (D1 is what the listing reads). */
async function insertRuns(tenantId: string, rows: Row[]): Promise<string[]> {
  const ids = rows.map((r) => r.id ?? newRunId());
  await env.DB.batch(
    rows.map((r, i) =>
      env.DB.prepare(
        `INSERT INTO runs (id, tenant_id, agent, agent_version, status, evaluation, steps, created_at, updated_at)
         VALUES (?, ?, ?, '1.0.0', ?, ?, 1, ?, ?)`,
      ).bind(ids[i], tenantId, r.agent ?? "echo-steps", r.status ?? "completed", r.evaluation ?? null, r.createdAt, r.createdAt),
    ),
  );
  return ids;
}

async function list(query: string, key: string) {
  const res = await call(`/v1/runs${query}`, { key });
  return { status: res.status, body: (await res.json()) as any };
}

const T0 = Date.parse("2026-06-01T00:00:00Z");

describe("GET /v1/runs", () => {
  it("pages newest first with no duplicate and no skip while runs are inserted between pages", async () => {
    const { tenantId, key } = await newTenant();
    // Ten runs, three of them created in the same millisecond (the id breaks the tie).
    const original = await insertRuns(tenantId, [0, 1, 2, 3, 3, 3, 4, 5, 6, 7].map((m) => ({ createdAt: T0 + m * 1000 })));
    const expected = (await env.DB.prepare("SELECT id FROM runs WHERE tenant_id = ? ORDER BY created_at DESC, id DESC").bind(tenantId).all<{ id: string }>()).results.map((r) => r.id);
    expect(expected).toHaveLength(10);

    const seen: string[] = [];
    const inserted: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ""}`, key);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((r: any) => r.runId));
      cursor = body.nextCursor;
      pages++;
      // Between pages: new runs arrive, one through the API (a real run) and one in the same millisecond as a run already shown.
      if (pages === 1) {
        const res = await call("/v1/agents/echo-steps/runs", { method: "POST", key, json: { input: { steps: 1, effectEvery: 0 } }, headers: { Prefer: "wait=10" } });
        inserted.push(((await res.json()) as any).runId);
      }
      // (The largest possible id: by key it is newer than the run shown first, so it belongs before page one.)
      if (pages === 2) inserted.push(...(await insertRuns(tenantId, [{ id: `run_${"z".repeat(26)}-${tenantId}`, createdAt: T0 + 7_000 }])));
    } while (cursor);

    expect(pages).toBe(4);
    expect(seen).toEqual(expected);
    // A fresh listing shows the new runs first (the real run's history row lands through its outbox).
    for (let i = 0; i < 50; i++) {
      if (await env.DB.prepare("SELECT 1 FROM runs WHERE id = ?").bind(inserted[0]).first()) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const fresh = await list("?limit=200", key);
    expect(fresh.body.items.map((r: any) => r.runId).slice(0, 2).sort()).toEqual([...inserted].sort());
    expect(fresh.body.items).toHaveLength(12);
    expect(fresh.body.nextCursor).toBeNull();
  });

  it("answers each item as a summary with a link, and an empty page with a null cursor", async () => {
    const { tenantId, key } = await newTenant();
    expect((await list("", key)).body).toEqual({ items: [], nextCursor: null });
    const [id] = await insertRuns(tenantId, [{ createdAt: T0 }]);
    const { body } = await list("", key);
    expect(body.items).toEqual([
      {
        runId: id, agent: "echo-steps", agentVersion: "1.0.0", status: "completed", kind: "task", stage: null,
        createdAt: new Date(T0).toISOString(), updatedAt: new Date(T0).toISOString(), stopReason: null,
        usage: { steps: 1, modelCalls: 0, toolCalls: 0, costMicroUsd: 0, wallMs: 0, reviewWaitMs: 0 },
        links: { self: `/v1/runs/${id}` },
      },
    ]);
  });

  it("filters by agent, status, since/until and kind (task runs by default)", async () => {
    const { tenantId, key } = await newTenant();
    const [a, b, c, d, evaluation] = await insertRuns(tenantId, [
      { agent: "echo-steps", status: "completed", createdAt: T0 },
      { agent: "echo-steps", status: "failed", createdAt: T0 + 1_000 },
      { agent: "expense-reports", status: "waiting_for_review", createdAt: T0 + 2_000 },
      { agent: "expense-reports", status: "completed", createdAt: T0 + 3_000 },
      { agent: "echo-steps", status: "completed", createdAt: T0 + 4_000, evaluation: "online:run_x" },
    ]);
    const ids = async (q: string) => (await list(q, key)).body.items.map((r: any) => r.runId);
    expect(await ids("")).toEqual([d, c, b, a]);
    expect(await ids("?agent=echo-steps")).toEqual([b, a]);
    expect(await ids("?status=completed")).toEqual([d, a]);
    expect(await ids("?agent=expense-reports&status=waiting_for_review")).toEqual([c]);
    const at = (ms: number) => encodeURIComponent(new Date(T0 + ms).toISOString());
    expect(await ids(`?since=${at(1_000)}&until=${at(3_000)}`)).toEqual([c, b]); // since inclusive, until exclusive
    expect(await ids("?kind=evaluation")).toEqual([evaluation]);
    expect(await ids("?kind=all&agent=echo-steps")).toEqual([evaluation, b, a]);
    expect((await list("?kind=evaluation", key)).body.items[0].kind).toBe("evaluation");
  });

  it("refuses a limit above 200, a bad status, timestamp or kind with 422 INVALID_INPUT naming the field", async () => {
    const { key } = await newTenant();
    for (const [query, field] of [
      ["?limit=201", "limit"],
      ["?limit=0", "limit"],
      ["?limit=ten", "limit"],
      ["?status=done", "status"],
      ["?since=yesterday", "since"],
      ["?until=2026-13-01T00:00:00Z", "until"],
      [`?since=${encodeURIComponent("2026-06-02T00:00:00Z")}&until=${encodeURIComponent("2026-06-01T00:00:00Z")}`, "since"],
      ["?kind=dry", "kind"],
    ] as const) {
      const { status, body } = await list(query, key);
      expect([query, status, body.error.code]).toEqual([query, 422, "INVALID_INPUT"]);
      expect(body.error.details.issues.map((i: any) => i.path[0])).toContain(field);
    }
    expect((await list("?limit=200", key)).status).toBe(200);
  });

  it("refuses a cursor it did not issue with 400 INVALID_CURSOR", async () => {
    const { key } = await newTenant();
    const forged = btoa(JSON.stringify({ createdAt: 1, id: "x" })).replace(/=+$/, "");
    for (const cursor of ["not a cursor", "%%%", forged, btoa("[1,2]").replace(/=+$/, "")]) {
      const { status, body } = await list(`?cursor=${encodeURIComponent(cursor)}`, key);
      expect([cursor, status, body.error.code]).toEqual([cursor, 400, "INVALID_CURSOR"]);
      expect(body.error.message).toEqual(expect.any(String));
    }
  });

  it("shows only the caller's tenant's runs, and needs a key", async () => {
    const one = await newTenant();
    const two = await newTenant();
    const [mine] = await insertRuns(one.tenantId, [{ createdAt: T0 }]);
    const [theirs] = await insertRuns(two.tenantId, [{ createdAt: T0 }]);
    expect((await list("", one.key)).body.items.map((r: any) => r.runId)).toEqual([mine]);
    expect((await list("", two.key)).body.items.map((r: any) => r.runId)).toEqual([theirs]);
    // The demo tenant sees neither.
    const demo = (await list("?limit=200&kind=all", "dev-local-key")).body.items.map((r: any) => r.runId);
    expect(demo).not.toContain(mine);
    expect(demo).not.toContain(theirs);
    // A cursor carries no tenant: another tenant's cursor only pages the caller's own runs.
    const { body } = await list("?limit=1", two.key);
    expect(body.nextCursor).toBeNull();
    const page = await list(`?cursor=${encodeURIComponent(btoa(JSON.stringify({ c: T0 + 1, i: theirs })).replace(/=+$/, ""))}`, one.key);
    expect(page.body.items.map((r: any) => r.runId)).toEqual([mine]);

    const res = await call("/v1/runs", { key: null });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe("UNAUTHENTICATED");
  });
});
