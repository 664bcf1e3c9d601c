/**
 * Issue 16, the JSON review API: claims over HTTP (collision, takeover,
 * release), the queue's deadlines and pages, bulk decisions (each on its own
 * run, exactly one payment per approved report), the audit and the CSV export.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/runtime/ids";
import { call, setDeployment, startRun } from "../support/http";

const REVIEWER = "dev-reviewer-token";
const OPERATOR = "dev-operator-token";
const SECOND = `second-reviewer-${crypto.randomUUID()}`;
const SECOND_ID = `key_wf_${crypto.randomUUID().slice(0, 8)}`;
const inserted: string[] = [];

beforeAll(async () => {
  await setDeployment("echo-steps", "full", 0);
  await setDeployment("expense-reports", "full", 0);
  await env.DB.prepare("INSERT INTO api_keys (id, tenant_id, key_hash, role, label, created_at) VALUES (?, 'demo', ?, 'reviewer', 'second reviewer', ?)")
    .bind(SECOND_ID, await sha256Hex(SECOND), Date.now())
    .run();
});

afterAll(async () => {
  // Rows made by hand for expense-reports would otherwise lead its queue in other tests.
  for (const id of inserted) await env.DB.prepare("DELETE FROM review_items WHERE id = ?").bind(id).run();
});

const body = async (res: Response) => (await res.json()) as any;
const post = (path: string, key: string, json?: unknown) => call(path, { method: "POST", key, ...(json === undefined ? {} : { json }) });
const count = async (sql: string, ...args: unknown[]) => (await env.DB.prepare(sql).bind(...args).first<{ n: number }>())?.n ?? 0;

async function waitFor<T>(read: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const itemOf = (runId: string) => env.DB.prepare("SELECT id, status, reasons, amount_cents AS amountCents FROM review_items WHERE run_id = ?").bind(runId).first<{ id: string; status: string; reasons: string; amountCents: number | null }>();

/** echo-steps refuses to record "forbidden": the run waits for a person (cheapest escalation). */
async function echoEscalation() {
  const { body: run } = await startRun("echo-steps", { steps: 2, effectEvery: 1, payload: "forbidden" }, { Prefer: "wait=10" });
  expect(run.status).toBe("waiting_for_review");
  const item = await waitFor(() => itemOf(run.runId), "review item");
  return { runId: run.runId as string, reviewId: item.id };
}

let n = 0;
/** An economy flight above $1,000: REVIEW_THRESHOLD only (bulk-eligible for expense-reports). */
const thresholdReport = () => {
  n += 1;
  return {
    reportId: `R-BULK-${Date.now()}-${n}`,
    employeeId: "E1003",
    submittedAt: "2026-11-20",
    purpose: "Customer visit in Chicago",
    items: [{ date: "2026-11-1" + (n % 10), merchant: "United Airlines", amount: 1_100 + n, currency: "USD", category: "airfare", travelClass: "economy", receipt: true }],
  };
};

async function expenseEscalation() {
  const report = thresholdReport();
  const { body: run } = await startRun("expense-reports", report, { Prefer: "wait=20" });
  expect(run).toMatchObject({ status: "waiting_for_review" });
  const item = await waitFor(() => itemOf(run.runId), "review item");
  return { report, runId: run.runId as string, reviewId: item.id, reasons: JSON.parse(item.reasons) as string[], amountCents: item.amountCents };
}

describe("claims over HTTP", () => {
  it("a second reviewer is refused with who and until when, cannot decide or take over; an operator takes over (audited) and decides", async () => {
    const { reviewId } = await echoEscalation();
    const claim = await post(`/v1/reviews/${reviewId}/claim`, REVIEWER);
    expect(claim.status).toBe(200);
    const lease = await body(claim);
    expect(lease).toEqual({ reviewId, claimedBy: expect.stringContaining("key_demo_reviewer"), claimExpiresAt: expect.any(String) });
    expect(Date.parse(lease.claimExpiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);

    const collide = await post(`/v1/reviews/${reviewId}/claim`, SECOND);
    expect(collide.status).toBe(409);
    expect((await body(collide)).error).toMatchObject({ code: "REVIEW_CLAIMED", details: { claimedBy: lease.claimedBy, claimExpiresAt: lease.claimExpiresAt } });
    const decideUnder = await post(`/v1/reviews/${reviewId}/decision`, SECOND, { decision: "reject", comment: "not mine to decide" });
    expect(decideUnder.status).toBe(409);
    expect((await body(decideUnder)).error.code).toBe("REVIEW_CLAIMED");
    expect((await post(`/v1/reviews/${reviewId}/claim`, SECOND, { takeover: true })).status).toBe(403);

    const listed = (await body(await call(`/v1/reviews?q=${reviewId}`, { key: SECOND }))).items[0];
    expect(listed).toMatchObject({ reviewId, status: "open", claimedBy: lease.claimedBy, claimExpiresAt: lease.claimExpiresAt });

    const takeover = await post(`/v1/reviews/${reviewId}/claim`, OPERATOR, { takeover: true });
    expect(takeover.status).toBe(200);
    const taken = await body(takeover);
    expect(taken.claimedBy).toContain("key_demo_operator");
    expect((await post(`/v1/reviews/${reviewId}/decision`, REVIEWER, { decision: "reject", comment: "mine?" })).status).toBe(409);
    const decided = await post(`/v1/reviews/${reviewId}/decision`, OPERATOR, { decision: "reject", comment: "Taken over and rejected." });
    expect(decided.status).toBe(200);
    expect((await body(decided)).review).toMatchObject({ status: "decided", claimedBy: null, claimExpiresAt: null });

    const audit = await body(await call(`/v1/reviews/audit?reviewer=key_demo_operator&since=${new Date(Date.now() - 60_000).toISOString()}`, { key: REVIEWER }));
    const events = audit.events.filter((e: any) => e.reviewId === reviewId).map((e: any) => e.action);
    expect(events).toEqual(["decide", "takeover"]);
    expect(audit.events.find((e: any) => e.reviewId === reviewId && e.action === "takeover").detail).toEqual({ from: lease.claimedBy });
  });

  it("DELETE releases the caller's claim, so another reviewer can claim it; a client key may not claim", async () => {
    const { reviewId } = await echoEscalation();
    expect((await post(`/v1/reviews/${reviewId}/claim`, REVIEWER)).status).toBe(200);
    const released = await call(`/v1/reviews/${reviewId}/claim`, { method: "DELETE", key: REVIEWER });
    expect(released.status).toBe(200);
    expect(await body(released)).toEqual({ reviewId, claimedBy: null, claimExpiresAt: null });
    expect((await post(`/v1/reviews/${reviewId}/claim`, SECOND)).status).toBe(200);
    expect((await call(`/v1/reviews/${reviewId}/claim`, { method: "DELETE", key: REVIEWER })).status).toBe(409);
    expect((await post(`/v1/reviews/${reviewId}/claim`, "dev-local-key")).status).toBe(403);
    expect((await post(`/v1/reviews/rev_nosuchitem/claim`, REVIEWER)).status).toBe(404);
    expect((await post(`/v1/reviews/${reviewId}/claim`, OPERATOR, { takeover: "yes" })).status).toBe(422);
  });
});

describe("GET /v1/reviews", () => {
  it("items carry dueAt and slaSecondsLeft, pages have nextCursor, bad input is 4xx with a code", async () => {
    await echoEscalation();
    await echoEscalation();
    const first = await body(await call("/v1/reviews?agent=echo-steps&limit=1", { key: REVIEWER }));
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({ dueAt: expect.any(String), slaSecondsLeft: expect.any(Number), pastSla: expect.any(Boolean) });
    expect(typeof first.nextCursor).toBe("string");
    const second = await body(await call(`/v1/reviews?agent=echo-steps&limit=1&cursor=${first.nextCursor}`, { key: REVIEWER }));
    expect(second.items[0].reviewId).not.toBe(first.items[0].reviewId);
    expect(Date.parse(second.items[0].dueAt)).toBeGreaterThanOrEqual(Date.parse(first.items[0].dueAt));
    const bad = await call("/v1/reviews?cursor=nope", { key: REVIEWER });
    expect(bad.status).toBe(400);
    expect((await body(bad)).error.code).toBe("INVALID_CURSOR");
    expect((await call("/v1/reviews?priority=9", { key: REVIEWER })).status).toBe(422);
  });
});

describe("POST /v1/reviews/bulk-decision", () => {
  it("approves three expense reports with one comment: three payments, and an item already decided in the batch decides nothing", async () => {
    const items = [await expenseEscalation(), await expenseEscalation(), await expenseEscalation(), await expenseEscalation()];
    for (const i of items) expect(i.reasons).toEqual(["REVIEW_THRESHOLD"]);
    expect(items[0]!.amountCents).toBeGreaterThan(100_000);
    const [a, b, c, done] = items as [typeof items[0], typeof items[0], typeof items[0], typeof items[0]];
    expect((await post(`/v1/reviews/${done.reviewId}/decision`, REVIEWER, { decision: "reject", comment: "Duplicate of an earlier trip." })).status).toBe(200);

    const res = await post("/v1/reviews/bulk-decision", REVIEWER, { reviewIds: [a.reviewId, done.reviewId, b.reviewId, c.reviewId], decision: "approve", comment: "Customer visits, approved by the VP." });
    expect(res.status).toBe(200);
    const { results } = await body(res);
    expect(results).toEqual([
      { reviewId: a.reviewId, ok: true, status: "decided" },
      { reviewId: done.reviewId, ok: false, status: "decided", error: expect.objectContaining({ code: "REVIEW_ALREADY_DECIDED" }) },
      { reviewId: b.reviewId, ok: true, status: "decided" },
      { reviewId: c.reviewId, ok: true, status: "decided" },
    ]);
    for (const i of [a, b, c]) {
      await waitFor(async () => (await count("SELECT COUNT(*) AS n FROM payments WHERE report_id = ?", i.report.reportId)) > 0, `payment of ${i.report.reportId}`);
    }
    const reports = items.map((i) => i.report.reportId);
    const paid = await env.DB.prepare(`SELECT report_id AS reportId, COUNT(*) AS n FROM payments WHERE report_id IN (?, ?, ?, ?) GROUP BY report_id`).bind(...reports).all<{ reportId: string; n: number }>();
    expect(Object.fromEntries(paid.results.map((p) => [p.reportId, p.n]))).toEqual({ [a.report.reportId]: 1, [b.report.reportId]: 1, [c.report.reportId]: 1 });
    const doneRow = await env.DB.prepare("SELECT decision, comment FROM review_items WHERE id = ?").bind(done.reviewId).first();
    expect(doneRow).toEqual({ decision: "reject", comment: "Duplicate of an earlier trip." });

    // The same batch again decides nothing and pays nothing more.
    const again = await body(await post("/v1/reviews/bulk-decision", REVIEWER, { reviewIds: [a.reviewId, b.reviewId], decision: "approve", comment: "again" }));
    expect(again.results.map((r: any) => r.error?.code)).toEqual(["REVIEW_ALREADY_DECIDED", "REVIEW_ALREADY_DECIDED"]);
    expect(await count(`SELECT COUNT(*) AS n FROM payments WHERE report_id IN (?, ?, ?, ?)`, ...reports)).toBe(3);

    // The reviewer's audit: what they decided, how long it took, agreement with the agent.
    const audit = await body(await call(`/v1/reviews/audit?reviewer=key_demo_reviewer&since=${new Date(Date.now() - 5 * 60_000).toISOString()}`, { key: OPERATOR }));
    const mine = audit.items.filter((i: any) => items.some((x) => x.reviewId === i.reviewId));
    expect(mine).toHaveLength(4);
    expect(mine.find((i: any) => i.reviewId === a.reviewId)).toMatchObject({ decision: "approve", decidedBy: expect.stringContaining("key_demo_reviewer"), secondsToDecide: expect.any(Number), amountCents: a.amountCents });
    expect(audit.reviewers.find((r: any) => r.reviewer.includes("key_demo_reviewer")).decided).toBeGreaterThanOrEqual(4);

    // And the export has them, one row each.
    const csv = await (await call(`/v1/reviews/export.csv?status=decided&since=${new Date(Date.now() - 5 * 60_000).toISOString()}`, { key: REVIEWER })).text();
    for (const i of items) expect(csv.split("\r\n").filter((line) => line.startsWith(`${i.reviewId},`))).toHaveLength(1);
  });

  it("refuses suspicious text and mixed agents or reasons with 422, deciding nothing", async () => {
    const t = crypto.randomUUID().replace(/-/g, "").slice(0, 10);
    const insert = env.DB.prepare("INSERT INTO review_items (id, tenant_id, run_id, agent, reasons, priority, status, created_at) VALUES (?, 'demo', ?, ?, ?, 1, 'open', ?)");
    const rows: [string, string, string[]][] = [
      [`rev_bs${t}_1`, "expense-reports", ["SUSPICIOUS_TEXT"]],
      [`rev_bs${t}_2`, "expense-reports", ["SUSPICIOUS_TEXT"]],
      [`rev_bs${t}_3`, "expense-reports", ["REVIEW_THRESHOLD"]],
      [`rev_bs${t}_4`, "refund-requests", ["REVIEW_THRESHOLD"]],
    ];
    await env.DB.batch(rows.map(([id, agent, reasons]) => insert.bind(id, `run_bs${t}${id.slice(-1)}`, agent, JSON.stringify(reasons), Date.now())));
    inserted.push(...rows.map((r) => r[0]));

    const suspicious = await post("/v1/reviews/bulk-decision", REVIEWER, { reviewIds: [`rev_bs${t}_1`, `rev_bs${t}_2`], decision: "approve", comment: "looks fine" });
    expect(suspicious.status).toBe(422);
    expect((await body(suspicious)).error.code).toBe("BULK_NOT_ALLOWED");
    const mixedAgents = await post("/v1/reviews/bulk-decision", REVIEWER, { reviewIds: [`rev_bs${t}_3`, `rev_bs${t}_4`], decision: "reject", comment: "no" });
    expect(mixedAgents.status).toBe(422);
    expect((await body(mixedAgents)).error).toMatchObject({ code: "BULK_MIXED", details: { agents: expect.arrayContaining(["expense-reports", "refund-requests"]) } });
    const mixedReasons = await post("/v1/reviews/bulk-decision", REVIEWER, { reviewIds: [`rev_bs${t}_1`, `rev_bs${t}_3`], decision: "reject", comment: "no" });
    expect((await body(mixedReasons)).error.code).toBe("BULK_MIXED");
    expect(await count(`SELECT COUNT(*) AS n FROM review_items WHERE id LIKE ? AND status = 'open'`, `rev_bs${t}_%`)).toBe(4);

    expect((await post("/v1/reviews/bulk-decision", REVIEWER, { reviewIds: [], decision: "approve", comment: "x" })).status).toBe(422);
    expect((await post("/v1/reviews/bulk-decision", REVIEWER, { reviewIds: ["a", "a"], decision: "approve", comment: "x" })).status).toBe(422);
    expect((await post("/v1/reviews/bulk-decision", REVIEWER, { reviewIds: ["a"], decision: "amend", comment: "x" })).status).toBe(422);
  });
});

describe("GET /v1/reviews/export.csv", () => {
  it("is text/csv with the header row, one row per decision, RFC 4180 quoting and formula-safe cells", async () => {
    const t = crypto.randomUUID().replace(/-/g, "").slice(0, 10);
    const agent = `csv-${t}`;
    const at = Date.UTC(2020, 0, 2, 3, 4, 5);
    const comment = '=HYPERLINK("http://x"), said "ok"\nsecond line';
    await env.DB.prepare(
      `INSERT INTO review_items (id, tenant_id, run_id, agent, reasons, priority, status, decision, comment, decided_by, decided_at, created_at, amount_cents, agreement)
       VALUES (?, 'demo', ?, ?, '["A","B"]', 2, 'decided', 'approve', ?, '@evil (key_x)', ?, ?, 12345, '{"comparable":true,"decisionAgrees":false}')`,
    )
      .bind(`rev_csv${t}`, `run_csv${t}`, agent, comment, at, at - 90_000)
      .run();
    const res = await call(`/v1/reviews/export.csv?status=decided&since=${new Date(at).toISOString()}&until=${new Date(at + 1).toISOString()}`, { key: REVIEWER });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
    const text = await res.text();
    const [header, ...rest] = text.split("\r\n");
    expect(header).toBe("reviewId,runId,agent,decision,decidedBy,decidedAt,createdAt,priority,reasons,amountCents,agreement,comment");
    const rows = rest.join("\r\n").trimEnd();
    expect(rows).toBe(
      `rev_csv${t},run_csv${t},${agent},approve,'@evil (key_x),2020-01-02T03:04:05.000Z,2020-01-02T03:02:35.000Z,2,A;B,12345,disagree,"'=HYPERLINK(""http://x""), said ""ok""\nsecond line"`,
    );
    expect((await call("/v1/reviews/export.csv?since=yesterday", { key: REVIEWER })).status).toBe(422);
    expect((await call("/v1/reviews/export.csv", { key: "dev-local-key" })).status).toBe(403);
  });
});

describe("overdue reviews in /v1/metrics", () => {
  it("counts an agent's open items past their deadline", async () => {
    const id = `rev_overdue${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;
    const before = await body(await call("/v1/metrics", { key: OPERATOR }));
    const was = before.agents.find((a: any) => a.agent === "refund-requests").overdueReviews;
    await env.DB.prepare("INSERT INTO review_items (id, tenant_id, run_id, agent, reasons, priority, status, created_at) VALUES (?, 'demo', ?, 'refund-requests', '[\"X\"]', 1, 'open', ?)")
      .bind(id, `run_${id.slice(4)}`, Date.now() - 3 * 3_600_000) // refund p1: 2 hours
      .run();
    inserted.push(id);
    const after = await body(await call("/v1/metrics", { key: OPERATOR }));
    expect(after.agents.find((a: any) => a.agent === "refund-requests").overdueReviews).toBe(was + 1);
  });
});
