/**
 * Issue 16 on the dashboard: a reviewer can clear a queue. Claims on the item
 * page (another reviewer sees who holds it, their form is disabled, only an
 * operator gets Take over), filters in the URL, cursor paging without
 * duplicates, bulk decisions with a result per item, amend by typing an
 * amount, field errors next to the field, the keyboard script (with the CSP
 * nonce) over plain forms, and the 390 px layout rules.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { STYLESHEET } from "../../src/dashboard/styles";
import { sha256Hex } from "../../src/runtime/ids";
import { call, setDeployment } from "../support/http";
import { count, csrfOf, escalate, escalatingReport, OPERATOR, ORIGIN, page, signIn } from "./support";

const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

/** A second reviewer key of the demo tenant (the seed has one reviewer). */
async function secondReviewer(): Promise<string> {
  const token = `dev-second-reviewer-${crypto.randomUUID()}`;
  await env.DB.prepare("INSERT INTO api_keys (id, tenant_id, key_hash, role, label, created_at) VALUES (?, 'demo', ?, 'reviewer', 'Jane Second', ?)")
    .bind(`key_${crypto.randomUUID().slice(0, 8)}`, await sha256Hex(token), Date.now())
    .run();
  return token;
}

let seq = 0;
/** Open items written straight to D1 (no run behind them): enough for lists, filters and paging. */
async function insertItems(n: number, fields: { agent?: string; priority?: number; amountCents?: number; subject?: Record<string, string> } = {}) {
  const tag = `pg${Date.now().toString(36)}${++seq}`;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `rev_${tag}_${String(i).padStart(2, "0")}`;
    ids.push(id);
    await env.DB.prepare(
      "INSERT INTO review_items (id, tenant_id, run_id, agent, reasons, priority, proposal, subject, status, amount_cents, created_at) VALUES (?, 'demo', ?, ?, '[\"REVIEW_THRESHOLD\"]', ?, NULL, ?, 'open', ?, ?)",
    )
      .bind(id, `run_${tag}_${i}`, fields.agent ?? "expense-reports", fields.priority ?? 4, JSON.stringify(fields.subject ?? { tag }), fields.amountCents ?? 1000, Date.now() - 1000 * (n - i))
      .run();
  }
  return { tag, ids };
}

/** An economy flight above the review threshold: REVIEW_THRESHOLD only, a reason the expense agent lets reviewers decide in bulk. */
function thresholdReport() {
  const report = escalatingReport();
  // Only the flight (its amount is unique per report): a repeated meal amount could read as a DUPLICATE of an earlier approved one.
  report.items = [{ ...report.items[0]!, travelClass: "economy" }];
  return report;
}

const rowIds = (html: string) => [...html.matchAll(/<tr[^>]*data-review-id="([^"]+)"/g)].map((m) => m[1]!);


// The 5% audit sample would add AUDIT_SAMPLE to a random item's reasons (its task key is new each run), and bulk needs one reason set.
beforeAll(() => setDeployment("expense-reports", "supervised", 0));

describe("claims on the item page", () => {
  it("opening an item claims it; a second reviewer sees who holds it, their form is disabled and only an operator can take it over (audited)", async () => {
    const { reviewId } = await escalate();
    const first = await signIn();
    const mine = await (await page(`/dashboard/reviews/${reviewId}`, { cookie: first.cookie })).text();
    expect(mine).toContain('id="claim-status"');
    expect(visible(mine)).toMatch(/This item is claimed by you until \d\d:\d\d UTC/);
    expect(mine).toContain('id="claim-release"');
    const row = await env.DB.prepare("SELECT claimed_by, claim_expires_at FROM review_items WHERE id = ?").bind(reviewId).first<{ claimed_by: string; claim_expires_at: number }>();
    expect(row?.claimed_by).toBe("local reviewer (key_demo_reviewer)");

    const second = await signIn(await secondReviewer());
    const theirs = await (await page(`/dashboard/reviews/${reviewId}`, { cookie: second.cookie })).text();
    expect(visible(theirs)).toContain("This item is claimed by local reviewer (key_demo_reviewer) until");
    expect(theirs).toMatch(/<form class="decision-form"[^>]*>[\s\S]*?<fieldset disabled=""/);
    expect(theirs).not.toContain('id="claim-takeover"');
    // Still theirs: the second reviewer's claim did not move it.
    expect((await env.DB.prepare("SELECT claimed_by FROM review_items WHERE id = ?").bind(reviewId).first<{ claimed_by: string }>())?.claimed_by).toBe("local reviewer (key_demo_reviewer)");
    // A reviewer's takeover is refused; deciding under another's lease too.
    const refused = await page(`/dashboard/reviews/${reviewId}/claim`, { cookie: second.cookie, form: { csrf: second.csrf, action: "takeover" } });
    expect(refused.status).toBe(403);
    const decide = await page(`/dashboard/reviews/${reviewId}/decision`, { cookie: second.cookie, form: { csrf: second.csrf, decision: "approve", comment: "mine now" } });
    expect(decide.status).toBe(409);
    expect(visible(await decide.text())).toContain("Someone else holds this item.");

    const operator = await signIn(OPERATOR);
    const opView = await (await page(`/dashboard/reviews/${reviewId}`, { cookie: operator.cookie })).text();
    expect(opView).toContain('id="claim-takeover"');
    const took = await page(`/dashboard/reviews/${reviewId}/claim`, { cookie: operator.cookie, form: { csrf: operator.csrf, action: "takeover" } });
    expect(took.status).toBe(303);
    expect(visible(await (await page(`/dashboard/reviews/${reviewId}`, { cookie: operator.cookie })).text())).toContain("This item is claimed by you until");
    expect(await count("SELECT count(*) AS n FROM review_audit WHERE review_id = ? AND action = 'takeover' AND principal LIKE 'local operator%'", reviewId)).toBe(1);

    // Releasing goes back to the queue and frees the item.
    const released = await page(`/dashboard/reviews/${reviewId}/claim`, { cookie: operator.cookie, form: { csrf: operator.csrf, action: "release" } });
    expect(released.status).toBe(303);
    expect(released.headers.get("Location")).toBe(`/dashboard?released=${reviewId}`);
    expect((await env.DB.prepare("SELECT claimed_by FROM review_items WHERE id = ?").bind(reviewId).first<{ claimed_by: string | null }>())?.claimed_by).toBeNull();
  });

  it("the queue row says who holds an item and until when", async () => {
    const { reviewId } = await escalate();
    const { cookie } = await signIn();
    await page(`/dashboard/reviews/${reviewId}`, { cookie });
    const second = await signIn(await secondReviewer());
    const html = await (await page(`/dashboard?q=${reviewId}`, { cookie: second.cookie })).text();
    expect(rowIds(html)).toContain(reviewId);
    expect(visible(html)).toMatch(/claimed by local reviewer \(key_demo_reviewer\) until \d\d:\d\d UTC/);
    expect(visible(html)).toMatch(/\d+ h \d\d min left/);
  });
});

describe("filters and paging", () => {
  it("filters in the URL narrow the list, and a bad amount is named next to its field", async () => {
    const cheap = await insertItems(2, { amountCents: 5_000, priority: 4 });
    const dear = await insertItems(2, { amountCents: 90_000, priority: 5 });
    const { cookie } = await signIn();
    const byAmount = await (await page("/dashboard?minAmount=800&maxAmount=1000", { cookie })).text();
    for (const id of dear.ids) expect(rowIds(byAmount)).toContain(id);
    for (const id of cheap.ids) expect(rowIds(byAmount)).not.toContain(id);
    expect(byAmount).toContain('value="800"'); // the form shows the filter it applied
    const byPriority = rowIds(await (await page("/dashboard?priority=4", { cookie })).text());
    expect(byPriority).toEqual(expect.arrayContaining(cheap.ids));
    expect(byPriority).not.toContain(dear.ids[0]);
    const bySearch = rowIds(await (await page(`/dashboard?q=${cheap.tag}`, { cookie })).text());
    expect(bySearch.sort()).toEqual(cheap.ids);
    const other = rowIds(await (await page(`/dashboard?q=${cheap.tag}&agent=echo-steps`, { cookie })).text());
    expect(other).toEqual([]);

    const bad = await page("/dashboard?minAmount=lots", { cookie });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/<input id="f-minAmount"[^>]*aria-invalid="true"[^>]*>\s*<p class="field-error" id="error-f-minAmount">Amount from: &quot;lots&quot; is not an amount/);
  });

  it("the Next page link carries the cursor and the filters; pages do not repeat items", async () => {
    const { tag, ids } = await insertItems(55, { priority: 5 });
    const { cookie } = await signIn();
    const first = await (await page(`/dashboard?q=${tag}`, { cookie })).text();
    const one = rowIds(first);
    expect(one).toHaveLength(50);
    const next = /<a class="button secondary" id="queue-next" rel="next" href="([^"]+)"/.exec(first)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toContain(`q=${tag}`);
    expect(next).toContain("cursor=");
    // An item escalated between pages (due last) joins the end; nothing shown on page one comes again.
    const late = await insertItems(1, { priority: 5, subject: { tag } });
    const two = rowIds(await (await page(next!, { cookie })).text());
    expect(two).toHaveLength(6);
    expect(two.at(-1)).toBe(late.ids[0]);
    expect(new Set([...one, ...two]).size).toBe(56);
    expect([...one, ...two.slice(0, 5)].sort()).toEqual(ids);
    expect((await page("/dashboard?cursor=not-ours", { cookie })).status).toBe(400);
  });

  it("the runs list pages by a cursor too", async () => {
    const { cookie } = await signIn();
    const tag = `pgrun${Date.now()}`;
    for (let i = 0; i < 52; i++) {
      await env.DB.prepare("INSERT INTO runs (id, tenant_id, agent, agent_version, status, created_at, updated_at) VALUES (?, 'demo', 'echo-steps', '1', 'failed', ?, ?)")
        .bind(`run_${tag}${String(i).padStart(2, "0")}`, 4_000_000_000_000 + i, 4_000_000_000_000 + i)
        .run();
    }
    const first = await (await page("/dashboard/runs?agent=echo-steps&since=2096-10-01", { cookie })).text();
    const runIds = (html: string) => [...html.matchAll(/href="\/dashboard\/runs\/(run_[a-z0-9]+)"/g)].map((m) => m[1]!).filter((id) => id.includes(tag));
    expect(runIds(first)).toHaveLength(50);
    const next = /id="runs-next" rel="next" href="([^"]+)"/.exec(first)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toContain("since=2096-10-01");
    const second = runIds(await (await page(next!, { cookie })).text());
    expect(second).toHaveLength(2);
    expect(new Set([...runIds(first), ...second]).size).toBe(52);
  });
});

describe("bulk decisions", () => {
  it("approves the selected items with one comment and lists each item's result; an item decided before says so", async () => {
    const items = [await escalate(thresholdReport()), await escalate(thresholdReport()), await escalate(thresholdReport())];
    const reasonSets = await Promise.all(items.map(async (i) => (await env.DB.prepare("SELECT reasons FROM review_items WHERE id = ?").bind(i.reviewId).first<{ reasons: string }>())?.reasons));
    expect(new Set(reasonSets).size, JSON.stringify(reasonSets)).toBe(1);
    const { cookie, csrf } = await signIn();
    const queue = await (await page("/dashboard?agent=expense-reports", { cookie })).text();
    for (const { reviewId } of items) expect(queue).toContain(`id="pick-${reviewId}" name="reviewIds" value="${reviewId}" form="bulk"`);
    expect(queue).toContain('id="bulk-approve"');
    // One of them is decided first, on its own page.
    const done = await page(`/dashboard/reviews/${items[2]!.reviewId}/decision`, { cookie, form: { csrf, decision: "reject", comment: "not this one" } });
    expect(done.status).toBe(303);

    const body = new URLSearchParams([["csrf", csrf], ...items.map((i): [string, string] => ["reviewIds", i.reviewId]), ["comment", "CFO pre-approved the trip"], ["decision", "approve"]]);
    const posted = await fetchForm("/dashboard/bulk", cookie, body);
    expect(posted.status).toBe(200);
    const html = await posted.text();
    expect(visible(html)).toContain("2 of 3 item(s) approved.");
    const result = (id: string) => new RegExp(`<tr data-review-id="${id}" data-ok="(true|false)"`).exec(html)?.[1];
    expect(result(items[0]!.reviewId)).toBe("true");
    expect(result(items[1]!.reviewId)).toBe("true");
    expect(result(items[2]!.reviewId)).toBe("false");
    expect(html).toContain("REVIEW_ALREADY_DECIDED");
    for (const { reviewId } of items.slice(0, 2)) {
      expect((await env.DB.prepare("SELECT decision, comment FROM review_items WHERE id = ?").bind(reviewId).first())).toEqual({ decision: "approve", comment: "CFO pre-approved the trip" });
    }
  });

  it("refuses a mixed selection with a clear message and decides nothing", async () => {
    const expense = await escalate();
    const other = await insertItems(1, { agent: "echo-steps" });
    const { cookie, csrf } = await signIn();
    const body = new URLSearchParams([["csrf", csrf], ["reviewIds", expense.reviewId], ["reviewIds", other.ids[0]!], ["comment", "together"], ["decision", "approve"]]);
    const res = await fetchForm("/dashboard/bulk", cookie, body);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="bulk-refused"');
    expect(visible(html)).toContain("one agent escalated for the same reasons");
    expect(await count("SELECT count(*) AS n FROM review_items WHERE id = ? AND status = 'open'", expense.reviewId)).toBe(1);
  });
});

/** A form POST with repeated fields (page() takes a plain object). */
function fetchForm(path: string, cookie: string, body: URLSearchParams) {
  return call(path, { key: null, method: "POST", redirect: "manual", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN }, body: body.toString() });
}

describe("the decision form", () => {
  it("typing a lower amount amends that line, with Approve or Amend chosen and the verdict left alone", async () => {
    const { reviewId, report } = await escalate();
    const { cookie, csrf } = await signIn();
    await page(`/dashboard/reviews/${reviewId}`, { cookie });
    const res = await page(`/dashboard/reviews/${reviewId}/decision`, { cookie, form: { csrf, decision: "approve", comment: "economy fare only", verdict_0: "", amount_0: "600.00", verdict_1: "", amount_1: "" } });
    expect(res.status).toBe(303);
    const row = await env.DB.prepare("SELECT decision FROM review_items WHERE id = ?").bind(reviewId).first<{ decision: string }>();
    expect(row?.decision).toBe("amend");
    const html = await (await page(`/dashboard/reviews/${reviewId}?decided=1`, { cookie })).text();
    const meal = Math.round(report.items[1]!.amount * 100);
    expect(visible(html)).toContain(`$${((60_000 + meal) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
  });

  it("shows each error next to its field, with what was typed kept", async () => {
    const { reviewId } = await escalate();
    const { cookie, csrf } = await signIn();
    const res = await page(`/dashboard/reviews/${reviewId}/decision`, { cookie, form: { csrf, decision: "amend", comment: "half", verdict_0: "", amount_0: "six hundred" } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/name="amount_0"[^>]*value="six hundred"[^>]*aria-invalid="true" aria-describedby="error-amount_0"\/?>\s*<p class="field-error" id="error-amount_0" data-field="amount_0">Item 1 amount: &quot;six hundred&quot; is not an amount/);
    const noComment = await (await page(`/dashboard/reviews/${reviewId}/decision`, { cookie, form: { csrf, decision: "reject", comment: " " } })).text();
    expect(noComment).toMatch(/<textarea id="comment"[^>]*aria-invalid="true"[^>]*>[\s\S]*?<\/textarea>\s*<p class="field-error" id="error-comment" data-field="comment">Write a comment/);
  });
});

describe("keyboard, focus and small screens", () => {
  it("carries the keyboard script with the response's CSP nonce, over plain forms that work without it", async () => {
    const { reviewId } = await escalate();
    const { cookie } = await signIn();
    for (const path of ["/dashboard", `/dashboard/reviews/${reviewId}`]) {
      const res = await page(path, { cookie });
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      expect(csp).not.toContain("unsafe-inline");
      const html = await res.text();
      expect(html).toContain(`<script nonce="${nonce}">`);
      expect(html.match(/<script/g)).toHaveLength(1);
      expect(html).toContain('<a class="skip" href="#main">');
      expect(html).toMatch(/<h1 tabindex="-1" autofocus="">/);
    }
    const queue = await (await page("/dashboard", { cookie })).text();
    expect(queue).toMatch(/<form class="filters" method="get" action="\/dashboard"/);
    expect(queue).toContain('id="search" name="q"');
    expect(queue).toContain('<table id="queue" class="cards">');
    expect(queue).toMatch(/<form class="bulk" id="bulk" method="post" action="\/dashboard\/bulk"/);
    const item = await (await page(`/dashboard/reviews/${reviewId}`, { cookie })).text();
    for (const id of ["choice-approve", "choice-reject", "choice-amend"]) expect(item).toContain(`id="${id}"`);
    expect(item).toMatch(/<form class="decision-form" id="decision" method="post"/);
    // Another response, another nonce.
    const again = (await page("/dashboard", { cookie })).headers.get("Content-Security-Policy");
    expect(again).not.toBe((await page("/dashboard", { cookie })).headers.get("Content-Security-Policy"));
  });

  it("has a small-screen layout: the queue becomes cards and other tables scroll in their own box", () => {
    const media = /@media \(max-width:640px\)\{([\s\S]*?)\n\}/.exec(STYLESHEET)?.[1] ?? "";
    expect(media).toContain("html,body{max-width:100%;overflow-x:hidden}");
    expect(media).toContain("table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}");
    expect(media).toContain("table{display:block;max-width:100%;overflow-x:auto}");
    expect(media).toContain("table.cards td[data-label]::before{content:attr(data-label)");
    // No fixed page width anywhere: only max-widths.
    expect(STYLESHEET).not.toMatch(/(?:^|[;{])width:\d{3,}px/);
  });
});

describe("audit and agents", () => {
  it("lists a reviewer's decisions and offers the CSV of a date range; the agents page counts overdue items", async () => {
    const { reviewId } = await escalate();
    const { cookie, csrf } = await signIn();
    await page(`/dashboard/reviews/${reviewId}`, { cookie });
    await page(`/dashboard/reviews/${reviewId}/decision`, { cookie, form: { csrf, decision: "reject", comment: "audit me" } });
    const today = new Date().toISOString().slice(0, 10);
    const html = await (await page(`/dashboard/audit?reviewer=key_demo_reviewer&since=${today}&until=${today}`, { cookie })).text();
    expect(rowIds(html)).toContain(reviewId);
    expect(html).toContain(`href="/dashboard/audit/export.csv?reviewer=key_demo_reviewer&amp;since=${today}&amp;until=${today}"`);
    const csv = await page(`/dashboard/audit/export.csv?since=${today}&until=${today}`, { cookie });
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\n")[0]).toContain("reviewId,runId,agent,decision,decidedBy,decidedAt");
    expect(text).toContain(reviewId);

    await insertItems(1, { priority: 1 });
    await env.DB.prepare("UPDATE review_items SET created_at = ? WHERE id LIKE 'rev_pg%' AND priority = 1").bind(Date.now() - 5 * 3_600_000).run();
    const agents = await (await page("/dashboard/agents", { cookie })).text();
    expect(visible(/<p id="overdue-expense-reports">([\s\S]*?)<\/p>/.exec(agents)?.[1] ?? "")).toMatch(/\d+ overdue/);
    expect(csrfOf(agents)).toBe(csrf);
  });
});
