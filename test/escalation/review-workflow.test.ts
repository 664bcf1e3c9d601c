/**
 * Issue 16, the reviewer workflow in the domain layer: claims with leases
 * (one winner, expiry, release, takeover), the SLA clock and the queue's
 * order, filters and text search, keyset paging under inserts.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CLAIM_LEASE_MS, claimReview, releaseClaim } from "../../src/escalation/claims";
import { listReviews, ReviewQuerySchema } from "../../src/escalation/review-query";
import { DEFAULT_REVIEW_SLA, overdueReviewCounts, slaOf } from "../../src/escalation/sla";
import { ManualClock } from "../../src/runtime/clock";
import { RuntimeError } from "../../src/runtime/errors";

const HOUR = 3_600_000;
const ALICE = "alice (key_a)";
const BOB = "bob (key_b)";

interface Row {
  id: string;
  agent: string;
  priority?: number;
  createdAt: number;
  reasons?: string[];
  subject?: Record<string, string | number>;
  amountCents?: number | null;
  status?: "open" | "decided" | "cancelled";
  decidedBy?: string | null;
  decidedAt?: number | null;
}

async function insert(rows: Row[]) {
  const stmt = env.DB.prepare(
    `INSERT INTO review_items (id, tenant_id, run_id, agent, reasons, priority, subject, status, created_at, amount_cents, decided_by, decided_at, decision)
     VALUES (?, 'demo', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  await env.DB.batch(
    rows.map((r) =>
      stmt.bind(
        r.id, `run_${r.id.slice(4)}`, r.agent, JSON.stringify(r.reasons ?? ["REVIEW_THRESHOLD"]), r.priority ?? 3, JSON.stringify(r.subject ?? {}),
        r.status ?? "open", r.createdAt, r.amountCents ?? null, r.decidedBy ?? null, r.decidedAt ?? null, r.status === "decided" ? "approve" : null,
      ),
    ),
  );
}

const tag = () => crypto.randomUUID().replace(/-/g, "").slice(0, 10);
const query = (q: Record<string, unknown>) => ReviewQuerySchema.parse(q);
const ids = async (q: Record<string, unknown>, now: number) => (await listReviews(env.DB, "demo", query(q), now)).items.map((i) => i.reviewId);

async function codeOf(p: Promise<unknown>): Promise<{ code: string; status: number; details: unknown }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RuntimeError) return { code: e.code, status: e.status, details: e.details };
    throw e;
  }
  throw new Error("expected a refusal");
}

const audit = (reviewId: string) =>
  env.DB.prepare("SELECT action, principal, at, detail FROM review_audit WHERE review_id = ? ORDER BY at, action").bind(reviewId).all<{ action: string; principal: string; at: number; detail: string | null }>();

describe("claims", () => {
  it("two reviewers racing for one item: exactly one wins, the other learns who and until when", async () => {
    const id = `rev_race${tag()}`;
    await insert([{ id, agent: "wf-claims", createdAt: 1_000 }]);
    const clock = new ManualClock(10 * HOUR);
    const attempts = await Promise.allSettled([
      claimReview(env.DB, { tenantId: "demo", principal: ALICE, role: "reviewer", reviewId: id }, clock),
      claimReview(env.DB, { tenantId: "demo", principal: BOB, role: "reviewer", reviewId: id }, clock),
    ]);
    const won = attempts.filter((a) => a.status === "fulfilled");
    const lost = attempts.filter((a) => a.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ claimedBy: string; claimExpiresAt: string }>).value;
    expect(winner.claimExpiresAt).toBe(new Date(10 * HOUR + CLAIM_LEASE_MS).toISOString());
    const refusal = (lost[0] as PromiseRejectedResult).reason as RuntimeError;
    expect(refusal.code).toBe("REVIEW_CLAIMED");
    expect(refusal.status).toBe(409);
    expect(refusal.details).toEqual({ claimedBy: winner.claimedBy, claimExpiresAt: winner.claimExpiresAt });
    expect((await audit(id)).results.map((a) => [a.action, a.principal])).toEqual([["claim", winner.claimedBy]]);
  });

  it("a lease expires by itself: after 15 minutes another reviewer may claim; before, not", async () => {
    const id = `rev_lease${tag()}`;
    await insert([{ id, agent: "wf-claims", createdAt: 1_000 }]);
    const clock = new ManualClock(20 * HOUR);
    await claimReview(env.DB, { tenantId: "demo", principal: ALICE, role: "reviewer", reviewId: id }, clock);
    clock.advance(CLAIM_LEASE_MS - 1);
    expect(await codeOf(claimReview(env.DB, { tenantId: "demo", principal: BOB, role: "reviewer", reviewId: id }, clock))).toMatchObject({ code: "REVIEW_CLAIMED" });
    // The holder renews by acting: the lease restarts from now.
    const renewed = await claimReview(env.DB, { tenantId: "demo", principal: ALICE, role: "reviewer", reviewId: id }, clock);
    expect(renewed.claimExpiresAt).toBe(new Date(clock.now() + CLAIM_LEASE_MS).toISOString());
    clock.advance(CLAIM_LEASE_MS);
    const [listed] = (await listReviews(env.DB, "demo", query({ q: id }), clock.now())).items;
    expect(listed).toMatchObject({ reviewId: id, claimedBy: null, claimExpiresAt: null });
    const taken = await claimReview(env.DB, { tenantId: "demo", principal: BOB, role: "reviewer", reviewId: id }, clock);
    expect(taken.claimedBy).toBe(BOB);
    // A renewal is not a new claim in the audit.
    expect((await audit(id)).results.map((a) => [a.action, a.principal])).toEqual([["claim", ALICE], ["claim", BOB]]);
  });

  it("release: only the holder's release frees the item; releasing a free item is a no-op", async () => {
    const id = `rev_release${tag()}`;
    await insert([{ id, agent: "wf-claims", createdAt: 1_000 }]);
    const clock = new ManualClock(30 * HOUR);
    await claimReview(env.DB, { tenantId: "demo", principal: ALICE, role: "reviewer", reviewId: id }, clock);
    expect(await codeOf(releaseClaim(env.DB, { tenantId: "demo", principal: BOB, reviewId: id }, clock))).toMatchObject({ code: "REVIEW_CLAIMED", status: 409 });
    clock.advance(1_000);
    expect(await releaseClaim(env.DB, { tenantId: "demo", principal: ALICE, reviewId: id }, clock)).toEqual({ reviewId: id, claimedBy: null, claimExpiresAt: null });
    expect(await releaseClaim(env.DB, { tenantId: "demo", principal: ALICE, reviewId: id }, clock)).toEqual({ reviewId: id, claimedBy: null, claimExpiresAt: null });
    clock.advance(1_000);
    expect((await claimReview(env.DB, { tenantId: "demo", principal: BOB, role: "reviewer", reviewId: id }, clock)).claimedBy).toBe(BOB);
    expect((await audit(id)).results.map((a) => [a.action, a.principal])).toEqual([["claim", ALICE], ["release", ALICE], ["claim", BOB]]);
  });

  it("an operator takes an item over (audited with the previous holder); a reviewer may not (403)", async () => {
    const id = `rev_takeover${tag()}`;
    await insert([{ id, agent: "wf-claims", createdAt: 1_000 }]);
    const clock = new ManualClock(40 * HOUR);
    await claimReview(env.DB, { tenantId: "demo", principal: ALICE, role: "reviewer", reviewId: id }, clock);
    expect(await codeOf(claimReview(env.DB, { tenantId: "demo", principal: BOB, role: "reviewer", reviewId: id, takeover: true }, clock))).toMatchObject({
      code: "TAKEOVER_FORBIDDEN",
      status: 403,
    });
    clock.advance(1_000);
    const taken = await claimReview(env.DB, { tenantId: "demo", principal: "ops (key_o)", role: "operator", reviewId: id, takeover: true }, clock);
    expect(taken).toMatchObject({ reviewId: id, claimedBy: "ops (key_o)" });
    const rows = (await audit(id)).results;
    expect(rows.at(-1)).toMatchObject({ action: "takeover", principal: "ops (key_o)", at: 40 * HOUR + 1_000 });
    expect(JSON.parse(rows.at(-1)!.detail!)).toEqual({ from: ALICE });
  });

  it("refuses to claim a decided item or one of another tenant", async () => {
    const id = `rev_closed${tag()}`;
    await insert([{ id, agent: "wf-claims", createdAt: 1_000, status: "decided", decidedBy: ALICE, decidedAt: 2_000 }]);
    expect(await codeOf(claimReview(env.DB, { tenantId: "demo", principal: BOB, role: "reviewer", reviewId: id }))).toMatchObject({ code: "REVIEW_ALREADY_DECIDED", status: 409 });
    expect(await codeOf(claimReview(env.DB, { tenantId: "other", principal: BOB, role: "reviewer", reviewId: id }))).toMatchObject({ code: "REVIEW_NOT_FOUND", status: 404 });
  });
});

describe("the SLA clock", () => {
  it("dueAt is created_at plus the agent's deadline for the priority; slaSecondsLeft goes negative when overdue; the queue sorts by dueAt", async () => {
    const t = tag();
    const now = 1_000 * HOUR;
    // p3 created long ago is still due after a p1 created just now would be, if their deadlines say so.
    await insert([
      { id: `rev_sla${t}_p3old`, agent: `wf-sla-${t}`, priority: 3, createdAt: now - 70 * HOUR }, // due in 2h
      { id: `rev_sla${t}_p1new`, agent: `wf-sla-${t}`, priority: 1, createdAt: now - 1 * HOUR }, // due in 3h
      { id: `rev_sla${t}_p2late`, agent: `wf-sla-${t}`, priority: 2, createdAt: now - 30 * HOUR }, // 6h overdue
      // The refund agent's own deadlines: p2 is 8 hours.
      { id: `rev_sla${t}_refund`, agent: "refund-requests", priority: 2, createdAt: now - 7.5 * HOUR, subject: { tag: `wfsla${t}` } }, // due in 30 min
    ]);
    expect(slaOf("refund-requests")[2]).toBe(8 * 3_600);
    expect(slaOf(`wf-sla-${t}`)).toEqual(DEFAULT_REVIEW_SLA);
    const page = await listReviews(env.DB, "demo", query({ q: `sla${t}`, limit: 10 }), now);
    expect(page.items.map((i) => i.reviewId)).toEqual([`rev_sla${t}_p2late`, `rev_sla${t}_refund`, `rev_sla${t}_p3old`, `rev_sla${t}_p1new`]);
    const late = page.items[0]!;
    expect(late).toMatchObject({ dueAt: new Date(now - 6 * HOUR).toISOString(), slaSecondsLeft: -6 * 3_600, pastSla: true });
    expect(page.items[1]).toMatchObject({ slaSecondsLeft: 1_800, pastSla: false });
    expect(page.items[3]).toMatchObject({ dueAt: new Date(now + 3 * HOUR).toISOString(), slaSecondsLeft: 3 * 3_600 });
    expect(await overdueReviewCounts(env.DB, "demo", now, `wf-sla-${t}`)).toEqual({ [`wf-sla-${t}`]: 1 });
  });
});

describe("filters and text search", () => {
  it("filters by agent, reason, priority, dates, amount, reviewer and status; q searches ids and subject names", async () => {
    const t = tag();
    const agent = `wf-filter-${t}`;
    await insert([
      { id: `rev_f${t}_a`, agent, priority: 1, createdAt: 1_000, reasons: ["REVIEW_THRESHOLD"], amountCents: 150_000, subject: { employee: "Ada Park" } },
      { id: `rev_f${t}_b`, agent, priority: 2, createdAt: 2_000, reasons: ["PREMIUM_CLASS"], amountCents: 40_000, subject: { employee: "Bruno Silva" } },
      { id: `rev_f${t}_c`, agent, priority: 2, createdAt: 3_000, reasons: ["PREMIUM_CLASS", "REVIEW_THRESHOLD"], amountCents: null, subject: { employee: "Chen Wei" } },
      { id: `rev_f${t}_d`, agent, priority: 3, createdAt: 4_000, status: "decided", decidedBy: ALICE, decidedAt: 10_000, amountCents: 5_000 },
      { id: `rev_f${t}_e`, agent, priority: 3, createdAt: 5_000, status: "decided", decidedBy: BOB, decidedAt: 20_000, amountCents: 7_000 },
      { id: `rev_f${t}_x`, agent: `${agent}-other`, priority: 1, createdAt: 1_000, subject: { employee: "Ada Park" } },
    ]);
    const now = 100_000;
    const all = (q: Record<string, unknown>) => ids({ agent, limit: 200, ...q }, now);
    const id = (s: string) => `rev_f${t}_${s}`;
    expect(await all({})).toEqual([id("a"), id("b"), id("c")]);
    expect(await all({ reason: "PREMIUM_CLASS" })).toEqual([id("b"), id("c")]);
    expect(await all({ priority: 2 })).toEqual([id("b"), id("c")]);
    expect(await all({ since: new Date(2_000).toISOString(), until: new Date(3_000).toISOString() })).toEqual([id("b")]);
    expect(await all({ minAmountCents: 40_000 })).toEqual([id("a"), id("b")]);
    expect(await all({ minAmountCents: 40_001, maxAmountCents: 200_000 })).toEqual([id("a")]);
    expect(await all({ maxAmountCents: 40_000 })).toEqual([id("b")]);
    expect(await all({ status: "decided" })).toEqual([id("e"), id("d")]);
    expect(await all({ status: "decided", reviewer: "key_a" })).toEqual([id("d")]);
    expect(await all({ status: "decided", since: new Date(15_000).toISOString() })).toEqual([id("e")]);
    expect(await all({ q: "chen" })).toEqual([id("c")]);
    expect(await all({ q: `f${t}_b` })).toEqual([id("b")]);
    expect(await all({ q: `run_f${t}_a` })).toEqual([id("a")]);
    // q escapes LIKE wildcards: "%" is text, not "anything".
    expect(await all({ q: "%" })).toEqual([]);
    expect(await ids({ q: "Ada Park", limit: 200 }, now).then((l) => l.filter((x) => x.includes(t)))).toEqual([id("a"), id("x")]);
    // Who holds a live lease is the open queue's reviewer.
    await claimReview(env.DB, { tenantId: "demo", principal: BOB, role: "reviewer", reviewId: id("b") }, new ManualClock(now));
    expect(await all({ reviewer: "key_b" })).toEqual([id("b")]);
  });

  it("refuses bad ranges and a cursor it did not give out", async () => {
    expect(ReviewQuerySchema.safeParse({ since: "2026-02-01T00:00:00Z", until: "2026-01-01T00:00:00Z" }).success).toBe(false);
    expect(ReviewQuerySchema.safeParse({ minAmountCents: "5", maxAmountCents: "4" }).success).toBe(false);
    expect(await codeOf(listReviews(env.DB, "demo", query({ cursor: "not-a-cursor!" })))).toMatchObject({ code: "INVALID_CURSOR", status: 400 });
  });
});

describe("paging", () => {
  it("pages by cursor without duplicates or gaps while items are inserted between pages", async () => {
    const t = tag();
    const agent = `wf-page-${t}`;
    const now = 500 * HOUR;
    await insert(Array.from({ length: 7 }, (_, i) => ({ id: `rev_p${t}_${i}`, agent, priority: 3, createdAt: now - 10 * HOUR + i * 1_000 })));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listReviews(env.DB, "demo", query({ agent, limit: 3, ...(cursor ? { cursor } : {}) }), now);
      seen.push(...page.items.map((i) => i.reviewId));
      cursor = page.nextCursor ?? undefined;
      // Inserted meanwhile: one due before every key handed out, one due after all of them.
      if (pages === 0) await insert([{ id: `rev_p${t}_early`, agent, priority: 1, createdAt: now - 10 * HOUR }, { id: `rev_p${t}_late`, agent, priority: 3, createdAt: now }]);
      pages++;
    } while (cursor && pages < 10);
    const original = Array.from({ length: 7 }, (_, i) => `rev_p${t}_${i}`);
    expect(seen.filter((s) => original.includes(s))).toEqual(original);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(`rev_p${t}_late`);
    expect(seen).not.toContain(`rev_p${t}_early`);
  });
});
