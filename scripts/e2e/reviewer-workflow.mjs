// The reviewer workflow of issue 16 in real Chromium, part of `npm run e2e`
// (scripts/e2e.mjs calls it once its wrangler dev is up):
//   1. claim collision: reviewer A opens an item (claims it), a second reviewer
//      sees who holds it with the form disabled and is refused by the API (409
//      REVIEW_CLAIMED), an operator is offered Take over and takes it;
//   2. bulk approve: three REVIEW_THRESHOLD expense reports ticked in the queue,
//      approved with one comment: three ok rows, and exactly three payments
//      (runs' outcomes and the D1 payments ledger);
//   3. keyboard only: search with /, j and Enter from the queue, r to reject,
//      Tab to the comment and the submit button, Enter: no mouse at all;
//   4. 390 px: the queue and an item page do not scroll sideways.
// Screenshots: test-artifacts/review-*.png (review-failure.{html,png} on failure).
import fs from "node:fs";
import path from "node:path";

const AGENT = "expense-reports";
const REVIEWER_TOKEN = "dev-reviewer-token";
const OPERATOR_TOKEN = "dev-operator-token";
const ADMIN_TOKEN = "dev-admin-token";
/** The only reason the bulk items may have: expense-reports allows it in bulk, and a bulk needs one reason set. */
const BULK_REASON = "REVIEW_THRESHOLD";
const MOBILE = { width: 390, height: 844 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let serial = 0;
/** An economy flight above $1,000 with a receipt: REVIEW_THRESHOLD only (as in test/http/reviews-api.test.ts). */
function thresholdReport(tag) {
  serial += 1;
  return {
    reportId: `R-E2E-${tag}-${Date.now()}-${serial}`,
    employeeId: "E1003",
    submittedAt: "2026-11-20",
    purpose: "Customer visit in Chicago",
    items: [{ date: `2026-11-1${serial % 10}`, merchant: "United Airlines", amount: 1_100 + serial, currency: "USD", category: "airfare", travelClass: "economy", receipt: true }],
  };
}

/**
 * @param {object} e2e what scripts/e2e.mjs shares: `chromium` (playwright), `launchArgs`, `executablePath`,
 *   `url(path)`, `api(method, path, opts)`, `d1(sql)` (rows of the local D1), `check`, `log`, `timed`, `artifacts`, `root`.
 */
export async function reviewerWorkflow(e2e) {
  const { api, check, log, timed } = e2e;
  // A failure page from an earlier run would read as this run's.
  for (const f of ["review-failure.html", "review-failure.png"]) fs.rmSync(path.join(e2e.artifacts, f), { force: true });

  /** Submits a report and waits for its review item; null when it escalated for other reasons than REVIEW_THRESHOLD alone. */
  async function escalate(tag) {
    const report = thresholdReport(tag);
    const r = await api("POST", `/v1/agents/${AGENT}/runs`, { body: { input: report }, headers: { Prefer: "wait=30" } });
    check(r.status === 200 && r.json?.status === "waiting_for_review", `${tag} report: ${r.status} ${r.json?.status} (${r.json?.stopReason}), expected waiting_for_review`);
    const item = await waitFor(async () => {
      const list = await api("GET", `/v1/reviews?status=open&agent=${AGENT}&q=${encodeURIComponent(r.json.runId)}`, { key: REVIEWER_TOKEN });
      return list.json?.items?.find((i) => i.runId === r.json.runId);
    }, `the review item of ${report.reportId}`);
    // The audit sample (5%, by task key) can add AUDIT_SAMPLE; such an item cannot join a bulk of REVIEW_THRESHOLD items.
    return item.reasons.length === 1 && item.reasons[0] === BULK_REASON ? { report, runId: r.json.runId, reviewId: item.reviewId } : null;
  }

  /** `count` items escalated for REVIEW_THRESHOLD alone (an audit-sampled one is skipped; it stays in the queue). */
  async function escalations(tag, count) {
    const found = [];
    for (let tries = 0; found.length < count && tries < count + 4; tries++) {
      const item = await escalate(tag);
      if (item) found.push(item);
      else log(`a ${tag} report was also audit-sampled; submitting another`);
    }
    check(found.length === count, `only ${found.length} of ${count} ${tag} reports escalated for ${BULK_REASON} alone`);
    return found;
  }

  async function waitFor(read, what, ms = 30_000) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const v = await read();
      if (v) return v;
      await sleep(250);
    }
    throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
  }

  const completedRun = (runId) =>
    waitFor(async () => {
      const run = await api("GET", `/v1/runs/${runId}`);
      return run.json?.status === "completed" ? run.json : null;
    }, `run ${runId} to complete`);

  const [claimItem, keyboardItem, ...bulkItems] = await timed("review_escalate", () => escalations("RW", 5));
  log(`reviewer workflow: ${[claimItem, keyboardItem, ...bulkItems].map((i) => i.reviewId).join(", ")} wait for review`);

  // The second reviewer: a key issued through the admin API, as a platform admin would.
  const issued = await api("POST", "/v1/admin/tenants/demo/keys", { key: ADMIN_TOKEN, body: { role: "reviewer", label: "second reviewer (e2e)" } });
  check(issued.status === 201 && typeof issued.json?.key === "string", `issuing a second reviewer key answered ${issued.status}: ${issued.text.slice(0, 200)}`);
  const secondToken = issued.json.key;

  const browser = await e2e.chromium.launch({ executablePath: e2e.executablePath, args: e2e.launchArgs });
  let page = null; // the page a failure is about
  const shot = async (p, name) => {
    const file = path.join(e2e.artifacts, name);
    await p.screenshot({ path: file, fullPage: true });
    log("screenshot", path.relative(e2e.root, file));
  };
  /** A fresh context signed in with `token`, its page on the queue. */
  const signedIn = async (token, options = {}) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, ...options });
    const p = await context.newPage();
    p.setDefaultTimeout(15_000);
    page = p;
    await p.goto(e2e.url("/dashboard/login"));
    await p.fill("#token", token);
    await Promise.all([p.waitForURL((u) => u.pathname === "/dashboard"), p.click("button[type=submit]")]);
    return p;
  };
  const itemPath = (reviewId) => `/dashboard/reviews/${encodeURIComponent(reviewId)}`;

  try {
    await timed("review_claim", async () => {
      const a = await signedIn(REVIEWER_TOKEN);
      await a.clock.install(); // the item page's timers run on a clock this script moves
      await a.goto(e2e.url(itemPath(claimItem.reviewId)));
      check((await a.getAttribute("#claim-status", "data-holder")) === "mine", "reviewer A's opening did not claim the item");
      // The page renews A's lease while A works on it: after a key press and 5 minutes on the page's
      // clock, the item's lease ends later than the claim its opening made (the server's clock is real).
      const leaseEnd = () => Number(e2e.d1(`SELECT claim_expires_at AS at FROM review_items WHERE id = '${claimItem.reviewId}'`)[0]?.at ?? 0);
      const openedUntil = leaseEnd();
      await sleep(50);
      await a.keyboard.press("Shift");
      await a.clock.fastForward(5 * 60_000 + 1_000);
      let renewedUntil = openedUntil;
      for (let i = 0; i < 10 && renewedUntil <= openedUntil; i++) {
        await sleep(300);
        renewedUntil = leaseEnd();
      }
      check(renewedUntil > openedUntil, `the page did not renew A's claim (lease end ${openedUntil} -> ${renewedUntil})`);
      log(`claims: the item page renewed A's lease while A worked on it (+${renewedUntil - openedUntil} ms)`);

      const b = await signedIn(secondToken);
      await b.goto(e2e.url(itemPath(claimItem.reviewId)));
      const status = b.locator("#claim-status");
      check((await status.getAttribute("data-holder")) === "theirs", `reviewer B sees holder=${await status.getAttribute("data-holder")}, expected theirs`);
      check((await status.innerText()).includes("local reviewer"), `B's claim banner does not name reviewer A: ${await status.innerText()}`);
      check(await b.locator("#submit-decision").isDisabled(), "B's Submit decision button is enabled");
      check(await b.locator("#choice-approve").isDisabled(), "B's Approve choice is enabled");
      check((await b.locator("#claim-takeover").count()) === 0, "a reviewer is offered Take over");
      await shot(b, "review-claimed.png");

      const refused = await api("POST", `/v1/reviews/${claimItem.reviewId}/decision`, { key: secondToken, body: { decision: "approve", comment: "not mine (e2e)" } });
      check(refused.status === 409 && refused.json?.error?.code === "REVIEW_CLAIMED", `B's API decision answered ${refused.status} ${refused.json?.error?.code}, expected 409 REVIEW_CLAIMED`);

      const op = await signedIn(OPERATOR_TOKEN);
      await op.goto(e2e.url(itemPath(claimItem.reviewId)));
      check((await op.getAttribute("#claim-status", "data-holder")) === "theirs", "the operator does not see the item as someone else's");
      await Promise.all([op.waitForURL((u) => u.pathname === itemPath(claimItem.reviewId)), op.click("#claim-takeover")]);
      await op.locator("#claim-status[data-holder=mine]").waitFor();
      await a.reload();
      check((await a.getAttribute("#claim-status", "data-holder")) === "theirs", "after the takeover reviewer A still sees the item as theirs to decide");
      for (const p of [a, b, op]) await p.context().close();
      log("claims: B saw A's claim with the form disabled, the API refused B (409 REVIEW_CLAIMED), the operator took it over");
    });

    await timed("review_bulk", async () => {
      const q = await signedIn(REVIEWER_TOKEN);
      await q.goto(e2e.url(`/dashboard?agent=${AGENT}`));
      for (const item of bulkItems) await q.check(`#pick-${item.reviewId}`);
      await q.fill("#bulk-comment", "Customer visits within the travel budget (e2e bulk).");
      await Promise.all([q.waitForURL((u) => u.pathname === "/dashboard/bulk"), q.click("#bulk-approve")]);
      const rows = q.locator("#bulk-results tbody tr");
      check((await rows.count()) === 3, `the bulk results list ${await rows.count()} rows, expected 3`);
      check((await q.locator("#bulk-results tr[data-ok=true]").count()) === 3, `not every bulk row is ok: ${await q.locator("#bulk-results").innerText()}`);
      for (const item of bulkItems) check((await q.locator(`#bulk-results tr[data-review-id="${item.reviewId}"][data-ok=true]`).count()) === 1, `no ok row for ${item.reviewId}`);
      check((await q.locator("#bulk-summary").innerText()).includes("3 of 3 item(s) approved"), `bulk summary: ${await q.locator("#bulk-summary").innerText()}`);
      await shot(q, "review-bulk.png");
      await q.context().close();

      for (const item of bulkItems) {
        const run = await completedRun(item.runId);
        check(run.outcome?.decision === "approve" && run.outcome.approvedAmountCents > 0, `bulk run ${item.runId} outcome ${JSON.stringify(run.outcome)?.slice(0, 200)}, expected an approval`);
        item.approvedCents = run.outcome.approvedAmountCents;
      }
      const ids = bulkItems.map((i) => `'${i.report.reportId}'`).join(", ");
      const rowsPaid = e2e.d1(`SELECT report_id AS reportId, COUNT(*) AS n, SUM(amount_cents) AS cents FROM payments WHERE report_id IN (${ids}) GROUP BY report_id`);
      check(rowsPaid.length === 3, `payments exist for ${rowsPaid.length} of the 3 bulk-approved reports`);
      for (const item of bulkItems) {
        const paid = rowsPaid.find((r) => r.reportId === item.report.reportId);
        check(paid?.n === 1 && paid.cents === item.approvedCents, `report ${item.report.reportId}: ${JSON.stringify(paid)}, expected 1 payment of ${item.approvedCents} cents`);
      }
      log(`bulk: 3 of 3 approved, exactly 3 payments (${bulkItems.map((i) => i.approvedCents).join(", ")} cents)`);
    });

    await timed("review_keyboard", async () => {
      const k = await signedIn(REVIEWER_TOKEN);
      const press = (key) => k.keyboard.press(key);
      // From here on, the keyboard only: `/` to search, j and Enter to open, r to reject.
      await press("/");
      check(await k.evaluate(() => document.activeElement?.id === "search"), "/ did not focus the search box");
      await k.keyboard.type(keyboardItem.report.reportId);
      await Promise.all([k.waitForURL((u) => u.searchParams.get("q") === keyboardItem.report.reportId), press("Enter")]);
      await press("j");
      check(await k.evaluate(() => document.querySelector("#queue tr.selected")?.getAttribute("data-review-id")), "j selected no row");
      await press("k"); // still the first (and only) row
      await Promise.all([k.waitForURL((u) => u.pathname === itemPath(keyboardItem.reviewId)), press("Enter")]);
      check(await k.evaluate(() => document.activeElement?.tagName === "H1"), "focus does not start on the item's heading");
      await press("r");
      check(await k.evaluate(() => document.getElementById("choice-reject")?.checked === true), "r did not choose Reject");
      for (let i = 0; i < 40 && !(await k.evaluate(() => document.activeElement?.id === "comment")); i++) await press("Tab");
      check(await k.evaluate(() => document.activeElement?.id === "comment"), "Tab never reached the comment");
      await k.keyboard.type("Rejected from the keyboard (e2e).");
      await press("Tab");
      check(await k.evaluate(() => document.activeElement?.id === "submit-decision"), "Tab from the comment does not reach Submit decision");
      await Promise.all([k.waitForURL((u) => u.searchParams.get("decided") === "1"), press("Enter")]);
      check((await k.locator("main").innerText()).includes("Decision recorded."), "no confirmation after the keyboard decision");
      await shot(k, "review-keyboard.png");
      await k.context().close();

      const decided = await api("GET", `/v1/reviews?status=decided&agent=${AGENT}&q=${encodeURIComponent(keyboardItem.reviewId)}`, { key: REVIEWER_TOKEN });
      const item = decided.json?.items?.find((i) => i.reviewId === keyboardItem.reviewId);
      check(item?.decision === "reject" && item.comment === "Rejected from the keyboard (e2e).", `the keyboard item is ${JSON.stringify(item)?.slice(0, 300)}, expected rejected with the typed comment`);
      const run = await completedRun(keyboardItem.runId);
      check(run.outcome?.decision === "reject", `the keyboard run's outcome is ${run.outcome?.decision}, expected reject`);
      const paid = e2e.d1(`SELECT COUNT(*) AS n FROM payments WHERE report_id = '${keyboardItem.report.reportId}'`);
      check(paid[0]?.n === 0, `the rejected report has ${paid[0]?.n} payment(s)`);
      log("keyboard: searched, opened and rejected with keys only; no payment");
    });

    await timed("review_390px", async () => {
      const m = await signedIn(REVIEWER_TOKEN, { viewport: MOBILE, isMobile: true, hasTouch: true });
      // The page must not scroll sideways, and since the stylesheet clips the body's overflow, the controls must also fit (clipped = unreachable).
      const fits = async (what, selectors) => {
        const width = await m.evaluate(() => document.documentElement.scrollWidth);
        check(width <= MOBILE.width, `${what} is ${width} px wide at ${MOBILE.width} px`);
        const past = await m.evaluate(
          ([sels, max]) => sels.filter((s) => document.querySelector(s)).map((s) => [s, Math.round(document.querySelector(s).getBoundingClientRect().right)]).filter(([, right]) => right > max),
          [selectors, MOBILE.width],
        );
        check(past.length === 0, `${what} at ${MOBILE.width} px: ${past.map(([s, r]) => `${s} ends at ${r} px`).join(", ")}`);
      };
      await m.goto(e2e.url("/dashboard"));
      await m.locator("#queue").waitFor();
      await fits("the queue", ["h1", "#search", "#bulk-comment", "#bulk-approve", "#bulk-reject", "#queue"]);
      await shot(m, "review-queue-390.png");
      await m.goto(e2e.url(itemPath(claimItem.reviewId)));
      await m.locator("#claim-status").waitFor();
      await shot(m, "review-item-390.png"); // before the checks: the picture is what a failure is about
      await fits("the item page", ["h1", "#claim-status", "#decision", "#choice-approve", "#comment", "#submit-decision"]);
      await m.context().close();
    });
  } catch (error) {
    try {
      if (page && !page.isClosed()) {
        fs.writeFileSync(path.join(e2e.artifacts, "review-failure.html"), await page.content());
        await page.screenshot({ path: path.join(e2e.artifacts, "review-failure.png"), fullPage: true });
        log("failure page saved to test-artifacts/review-failure.{html,png}");
      }
    } catch {
      /* the page itself may be gone */
    }
    throw error;
  } finally {
    await browser.close();
  }
}
