// `npm run e2e`: the reviewer dashboard end to end, in a real browser.
//
// Self-contained and local: makes sure Debian's Chromium is installed (apt, as
// root), starts its own `wrangler dev` on a free port with fresh state in
// .wrangler/e2e-state (migrated and seeded), submits an expense report that
// escalates (through the API), then drives headless Chromium with playwright-core:
// sign in as the reviewer, open the item, check reasons and timeline, approve
// with a comment, and check the run completed with exactly one payment (API,
// dashboard and D1). Screenshots go to test-artifacts/. First it checks that
// `npm run dev` stops every process it started when its npm gets SIGTERM (as a
// supervisor or CI sends it). Exits non-zero on any failure and always stops
// what it started. Then the refund agent: two tent returns (REVIEW_THRESHOLD)
// decided in the browser, one approved and one rejected, checked against the
// refunds ledger (screenshots test-artifacts/refund-*.png).
// Last the reviewer workflow (scripts/e2e/reviewer-workflow.mjs): claim collision,
// bulk approve with exactly three payments, a keyboard-only decision, 390 px
// (screenshots test-artifacts/review-*.png).
//
// Options: --keep   leave .wrangler/e2e-state in place after the run (for inspection)
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { descendants, freePort, stopProcessGroup, tail } from "./lib/process.mjs";
import { performance } from "node:perf_hooks";
import { reviewerWorkflow } from "./e2e/reviewer-workflow.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const STATE = path.join(ROOT, ".wrangler/e2e-state");
const LOG = path.join(ROOT, ".wrangler/e2e-wrangler.log");
const ARTIFACTS = path.join(ROOT, "test-artifacts");
const CHROMIUM = "/usr/bin/chromium";
const CLIENT_KEY = "dev-local-key";
const REVIEWER_TOKEN = "dev-reviewer-token";
const HARD_LIMIT_MS = 8 * 60_000; // watchdog: never leave wrangler or a browser running

const started = performance.now();
const timings = {};
const log = (...a) => console.error("[e2e]", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const baseEnv = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true" };

async function timed(name, fn) {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    timings[name] = Math.round(performance.now() - t);
    log(`${name}: ${(timings[name] / 1000).toFixed(1)} s`);
  }
}

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// ---- Chromium (Debian package) --------------------------------------------------------

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return "already installed";
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing; install it with: sudo apt-get update && sudo apt-get install -y chromium`);
  log("installing Debian's chromium (apt-get update && apt-get install -y chromium)");
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-qq"], ["install", "-y", "-qq", "chromium"]]) {
    const r = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env: aptEnv });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${r.status})`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt installed chromium but ${CHROMIUM} is still missing`);
  return "installed now";
}

async function loadPlaywright() {
  try {
    return await import("playwright-core");
  } catch {
    throw new Error("playwright-core is not installed: run `npm install` (it is a devDependency) or `npm install --no-save playwright-core`");
  }
}

// ---- wrangler dev ----------------------------------------------------------------------

const wrangler = { child: null, pid: null, port: null, exited: false };


function npxWrangler(args) {
  const r = spawnSync("npx", ["wrangler", ...args], { cwd: ROOT, env: baseEnv, encoding: "utf8" });
  fs.appendFileSync(LOG, `\n$ npx wrangler ${args.join(" ")}\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  if (r.status !== 0) throw new Error(`npx wrangler ${args.join(" ")} failed (exit ${r.status}); see ${LOG}`);
  return r.stdout;
}


async function startWrangler() {
  fs.rmSync(STATE, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(LOG), { recursive: true });
  fs.writeFileSync(LOG, `e2e ${new Date().toISOString()}\n`);
  log("migrating and seeding D1 in", path.relative(ROOT, STATE));
  npxWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", STATE]);
  npxWrangler(["d1", "execute", "DB", "--local", "--persist-to", STATE, "--file", "scripts/seed.sql"]);

  const port = await freePort();
  const inspectorPort = await freePort();
  const out = fs.openSync(LOG, "a");
  const child = spawn(
    "npx",
    ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--persist-to", STATE, "--show-interactive-dev-session=false", "--var", "ADMIN_TOKEN:dev-admin-token"],
    { cwd: ROOT, env: baseEnv, stdio: ["ignore", out, out], detached: true }, // own process group, stopped as a whole
  );
  fs.closeSync(out);
  Object.assign(wrangler, { child, pid: child.pid, port });
  child.on("exit", () => (wrangler.exited = true));
  log(`wrangler dev (pid ${child.pid}) on 127.0.0.1:${port}, log ${path.relative(ROOT, LOG)}`);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (wrangler.exited) throw new Error(`wrangler dev exited during startup; see ${LOG}:\n${tail(LOG)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(`/healthz did not answer within 120 s; see ${LOG}:\n${tail(LOG)}`);
}


async function stopWrangler() {
  const pgid = wrangler.pid;
  if (!pgid) return;
  wrangler.pid = null;
  await stopProcessGroup(pgid);
}

// ---- API ---------------------------------------------------------------------------------

const url = (p) => `http://127.0.0.1:${wrangler.port}${p}`;

async function api(method, p, { key = CLIENT_KEY, body, headers = {} } = {}) {
  const res = await fetch(url(p), {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text };
}

/** A business-class flight without pre-approval (PREMIUM_CLASS, REVIEW_THRESHOLD) and a description hiding a zero-width space. */
function escalatingReport() {
  return {
    reportId: `R-E2E-${Date.now()}`,
    employeeId: "E1002",
    submittedAt: "2026-11-20",
    purpose: "Board meeting in London",
    items: [
      { date: "2026-11-10", merchant: "British Airways", amount: 2410.0, currency: "USD", category: "airfare", travelClass: "business", receipt: true, description: "LHR\u200B return flight" },
      { date: "2026-11-11", merchant: "Pret A Manger", amount: 12.4, currency: "GBP", category: "meals" },
    ],
  };
}

async function submitAndWaitForReview(report) {
  const r = await api("POST", "/v1/agents/expense-reports/runs", { body: { input: report }, headers: { Prefer: "wait=30" } });
  check(r.status === 200, `submit answered ${r.status}: ${r.text.slice(0, 300)}`);
  check(r.json.status === "waiting_for_review", `run is ${r.json.status} (${r.json.stopReason}), expected waiting_for_review`);
  const runId = r.json.runId;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const list = await api("GET", "/v1/reviews?status=open&agent=expense-reports", { key: REVIEWER_TOKEN });
    const item = list.json?.items?.find((i) => i.runId === runId);
    if (item) return { runId, reviewId: item.reviewId, reasons: item.reasons };
    await sleep(250);
  }
  throw new Error("the queue consumer did not write a review item within 30 s");
}

// ---- the browser flow ------------------------------------------------------------------------

async function browserFlow(chromium, report, runId, reviewId) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    browserFlow.page = page; // for the failure artifacts
    page.setDefaultTimeout(15_000);
    const shot = async (name) => {
      const file = path.join(ARTIFACTS, name);
      await page.screenshot({ path: file, fullPage: true });
      log("screenshot", path.relative(ROOT, file));
    };

    // Sign in (JavaScript is off: the dashboard must work without it).
    await page.goto(url("/dashboard"));
    check(new URL(page.url()).pathname === "/dashboard/login", `expected the sign-in page, got ${page.url()}`);
    await shot("dashboard-login.png");
    await page.fill("#token", REVIEWER_TOKEN);
    await Promise.all([page.waitForURL((u) => u.pathname === "/dashboard"), page.click("button[type=submit]")]);

    // The queue lists the escalated report.
    const row = page.locator("tbody tr", { hasText: report.reportId });
    await row.waitFor();
    const rowText = await row.innerText();
    check(rowText.includes("Bruno Silva") && rowText.includes("Premium class"), `queue row lacks employee or reason: ${rowText}`);
    await shot("dashboard-queue.png");

    // The item: reasons in plain words, the timeline, hidden characters made visible.
    await Promise.all([page.waitForURL((u) => u.pathname === `/dashboard/reviews/${reviewId}`), row.getByRole("link", { name: "Review" }).click()]);
    const body = await page.locator("main").innerText();
    check(body.includes("Why it stopped"), "no 'Why it stopped' section");
    check(body.includes("A business or first class flight was booked without a pre-approval ID"), "PREMIUM_CLASS sentence missing");
    check(body.includes("Step timeline"), "no timeline");
    for (const step of ["validate", "lookupEmployee", "classify", "findApprovedItems", "decide", "act"]) {
      check(await page.locator("table.timeline td.step", { hasText: step }).count() > 0, `timeline lacks step ${step}`);
    }
    check(await page.locator("mark.hidden-char", { hasText: "[U+200B]" }).count() > 0, "the zero-width space is not shown as [U+200B]");
    check(body.includes("Suspicious text"), "the flagged description is not marked");
    await shot("dashboard-item.png");

    // Approve with a comment.
    await page.check("input[name=decision][value=approve]");
    await page.fill("#comment", "Pre-approved by the CFO by email (e2e).");
    await Promise.all([page.waitForURL((u) => u.searchParams.get("decided") === "1"), page.click("text=Submit decision")]);
    const decided = await page.locator("main").innerText();
    check(decided.includes("Decision recorded."), "no confirmation after deciding");
    check(decided.includes("Pre-approved by the CFO by email (e2e)."), "the comment is not shown");
    check(/Payments\s+1 scheduled/.test(decided), `the item page does not show one payment: ${decided.match(/Payments.*$/m)?.[0]}`);
    await shot("dashboard-decided.png");

    // The run page and the other sections render too.
    await page.goto(url(`/dashboard/runs?q=${encodeURIComponent(report.reportId)}`));
    await Promise.all([page.waitForURL((u) => u.pathname === `/dashboard/runs/${runId}`), page.locator(`a[href="/dashboard/runs/${runId}"]`).click()]);
    const runText = await page.locator("main").innerText();
    check(runText.includes("completed") && /1 scheduled/.test(runText), "run page does not show completed with one payment");
    await shot("dashboard-run.png");
    await page.goto(url("/dashboard/agents"));
    check((await page.locator("svg.chart").count()) > 0, "agents page has no chart");
    await shot("dashboard-agents.png");
    await context.close();
  } catch (error) {
    // Keep what the browser saw for whoever reads the failure.
    try {
      fs.writeFileSync(path.join(ARTIFACTS, "dashboard-failure.html"), await browserFlow.page.content());
      await browserFlow.page.screenshot({ path: path.join(ARTIFACTS, "dashboard-failure.png"), fullPage: true });
      log("failure page saved to test-artifacts/dashboard-failure.{html,png}");
    } catch {
      /* the page itself may be gone */
    }
    throw error;
  } finally {
    await browser.close();
  }
}

// ---- the refund agent: one tent refund approved, one rejected ------------------------------

const REFUND_AGENT = "refund-requests";

/** A change-of-mind return of the $289.00 tent (C2002, order N-10006): over $250.00, so a person approves the refund (REVIEW_THRESHOLD). */
function tentRequest(tag) {
  return { requestId: `RQ-E2E-${tag}-${Date.now()}`, customerId: "C2002", receivedAt: "2026-11-20", channel: "email", message: "The tent is too small for us, I want to send it back." };
}

/** The review item of a run, once the queue consumer has written it. */
async function reviewItemOf(runId) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const list = await api("GET", `/v1/reviews?status=open&agent=${REFUND_AGENT}`, { key: REVIEWER_TOKEN });
    const item = list.json?.items?.find((i) => i.runId === runId);
    if (item) return item;
    await sleep(250);
  }
  throw new Error("the queue consumer did not write the refund's review item within 30 s");
}

/**
 * Submits tent requests until one waits on its issueRefund of $289.00. The audit sample
 * (5%, by task key) can pause an earlier side effect first (AUDIT_SAMPLE on the reply);
 * that run is left in the queue and another request is sent.
 */
async function submitRefundAndWaitForReview(tag) {
  for (let tries = 0; tries < 5; tries++) {
    const request = tentRequest(tag);
    const r = await api("POST", `/v1/agents/${REFUND_AGENT}/runs`, { body: { input: request }, headers: { Prefer: "wait=30" } });
    check(r.status === 200, `refund submit answered ${r.status}: ${r.text.slice(0, 300)}`);
    check(r.json.status === "waiting_for_review", `refund run is ${r.json.status} (${r.json.stopReason}), expected waiting_for_review`);
    const item = await reviewItemOf(r.json.runId);
    const call = r.json.proposal?.calls?.[0];
    if (call?.tool !== "issueRefund" && item.reasons?.includes("AUDIT_SAMPLE")) {
      log(`refund request ${request.requestId} was audit-sampled before its refund; submitting another`);
      continue;
    }
    check(call?.tool === "issueRefund" && call.arguments?.amountCents === 28_900, `the run waits on ${JSON.stringify(r.json.proposal).slice(0, 200)}, expected issueRefund of 28900`);
    return { request, runId: r.json.runId, reviewId: item.reviewId };
  }
  throw new Error("five tent requests in a row were audit-sampled before their refund");
}

/** Signs in, then decides each item through the form: the queue row and the item page must be in the refund agent's words. */
async function refundBrowserFlow(chromium, cases) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  let page = null;
  try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, javaScriptEnabled: false });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const shot = async (name) => {
      const file = path.join(ARTIFACTS, name);
      await page.screenshot({ path: file, fullPage: true });
      log("screenshot", path.relative(ROOT, file));
    };
    await page.goto(url("/dashboard/login"));
    await page.fill("#token", REVIEWER_TOKEN);
    await Promise.all([page.waitForURL((u) => u.pathname === "/dashboard"), page.click("button[type=submit]")]);
    await page.goto(url(`/dashboard?agent=${REFUND_AGENT}`));
    for (const c of cases) {
      const rowText = await page.locator("tbody tr", { hasText: c.request.requestId }).innerText();
      check(rowText.includes("Tom Becker") && rowText.includes("N-10006") && rowText.includes("$289.00"), `refund queue row lacks customer, order or amount: ${rowText}`);
    }
    await shot("refund-queue.png");

    for (const c of cases) {
      await page.goto(url(`/dashboard/reviews/${c.reviewId}`));
      const body = await page.locator("main").innerText();
      check(body.includes(`Refund request ${c.request.requestId}`), "the item page is not titled with the refund request");
      check(body.includes("read it as data, never as instructions"), "the message is not marked as data");
      check(body.includes("What the eligibility check answered") && body.includes("TENT-2"), "no eligibility section with the tent's line");
      check(body.includes("Refund $289.00 on order N-10006"), "the proposed refund is not shown");
      check(!body.includes("Employee") && !body.includes("reimburs"), "the refund item uses expense words");
      await shot(`refund-item-${c.decision}.png`);
      await page.check(`input[name=decision][value=${c.decision}]`);
      await page.fill("#comment", c.comment);
      await Promise.all([page.waitForURL((u) => u.searchParams.get("decided") === "1"), page.click("text=Submit decision")]);
      const decided = await page.locator("main").innerText();
      check(decided.includes("Decision recorded.") && decided.includes(c.comment), `no confirmation or comment after ${c.decision}`);
      await shot(`refund-decided-${c.decision}.png`);
    }
    await context.close();
  } catch (error) {
    try {
      if (page) {
        fs.writeFileSync(path.join(ARTIFACTS, "refund-failure.html"), await page.content());
        await page.screenshot({ path: path.join(ARTIFACTS, "refund-failure.png"), fullPage: true });
        log("failure page saved to test-artifacts/refund-failure.{html,png}");
      }
    } catch {
      /* the page itself may be gone */
    }
    throw error;
  } finally {
    await browser.close();
  }
}

async function refundFlow(chromium) {
  // Both wait before either is decided, so the approved refund cannot make the other's tent ALREADY_REFUNDED.
  const cases = [
    { tag: "approve", decision: "approve", comment: "Plus member, tent unused (e2e)." },
    { tag: "reject", decision: "reject", comment: "Used outdoors; not a change of mind (e2e)." },
  ];
  for (const c of cases) Object.assign(c, await submitRefundAndWaitForReview(c.tag));
  log(`refund runs ${cases.map((c) => c.runId).join(", ")} wait for review`);
  await refundBrowserFlow(chromium, cases);

  for (const c of cases) {
    let run = null;
    const deadline = Date.now() + 30_000;
    do {
      run = await api("GET", `/v1/runs/${c.runId}`);
      if (run.json?.status === "completed") break;
      await sleep(250);
    } while (Date.now() < deadline);
    check(run.json?.status === "completed", `refund run ${c.runId} is ${run.json?.status}, expected completed`);
    const want = c.decision === "approve" ? { decision: "refund", refundCents: 28_900 } : { decision: "deny", refundCents: 0 };
    check(run.json.outcome?.decision === want.decision && run.json.outcome?.refundCents === want.refundCents, `refund outcome ${JSON.stringify(run.json.outcome)?.slice(0, 200)}, expected ${JSON.stringify(want)}`);
    const out = npxWrangler(["d1", "execute", "DB", "--local", "--persist-to", STATE, "--json", "--command", `SELECT COUNT(*) AS n, COALESCE(SUM(amount_cents), 0) AS cents FROM refunds_issued WHERE tenant_id = 'demo' AND request_id = '${c.request.requestId}'`]);
    const row = JSON.parse(out)[0]?.results?.[0];
    const expected = c.decision === "approve" ? { n: 1, cents: 28_900 } : { n: 0, cents: 0 };
    check(row?.n === expected.n && row?.cents === expected.cents, `refunds_issued for ${c.decision}: ${JSON.stringify(row)}, expected ${JSON.stringify(expected)}`);
  }
  log("refunds: the approved tent issued exactly 1 refund of 28900 cents, the rejected one none");
}

// ---- `npm run dev` stops everything on SIGTERM ------------------------------------------------

const DEV_STATE = path.join(ROOT, ".wrangler/e2e-dev-state");
const DEV_LOG = path.join(ROOT, ".wrangler/e2e-dev.log");

/** Pids that still run (a zombie waiting for its reaper has stopped). */
function running(pids) {
  if (pids.length === 0) return [];
  const out = spawnSync("ps", ["-o", "pid=,stat=", "-p", pids.join(",")], { encoding: "utf8" }).stdout ?? "";
  return out.split("\n").map((l) => l.trim().split(/\s+/)).filter(([pid, stat]) => pid && stat && !stat.startsWith("Z")).map(([pid]) => Number(pid));
}

const portAccepts = (port) =>
  fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);

/**
 * Starts `npm run dev` as a supervisor would, sends SIGTERM to npm, and checks
 * nothing it started survives and the port is free; `npm run reset` refuses
 * while it runs and clears its state after.
 */
async function devStopsOnSigterm() {
  fs.rmSync(DEV_STATE, { recursive: true, force: true });
  const port = await freePort();
  const inspectorPort = await freePort();
  fs.mkdirSync(path.dirname(DEV_LOG), { recursive: true }); // a fresh clone has no .wrangler yet
  const out = fs.openSync(DEV_LOG, "w");
  const npm = spawn("npm", ["run", "dev", "--", "--inspector-port", String(inspectorPort), "--persist-to", DEV_STATE, "--show-interactive-dev-session=false"], {
    cwd: ROOT,
    env: { ...baseEnv, PORT: String(port) },
    stdio: ["ignore", out, out],
    detached: true, // its own group, so this check can always clean up after a failure
  });
  fs.closeSync(out);
  let tree = [];
  try {
    const deadline = Date.now() + 120_000;
    while (!(await portAccepts(port))) {
      check(npm.exitCode === null, `npm run dev exited during startup; see ${DEV_LOG}:\n${tail(DEV_LOG)}`);
      check(Date.now() < deadline, `npm run dev did not answer within 120 s; see ${DEV_LOG}`);
      await sleep(250);
    }
    tree = descendants(npm.pid);
    check(tree.length >= 3, `expected npm -> dev.mjs -> wrangler -> workerd, found ${tree.length} processes`);
    // `npm run reset` refuses while the service runs (it would pull state from under it).
    const early = spawnSync("node", ["scripts/reset.mjs", "--persist-to", path.relative(ROOT, DEV_STATE)], { cwd: ROOT, env: { ...baseEnv, PORT: String(port) }, encoding: "utf8" });
    check(early.status === 1 && fs.existsSync(DEV_STATE), `npm run reset did not refuse while dev runs (exit ${early.status})`);
    const exited = new Promise((resolve) => npm.once("exit", resolve));
    process.kill(npm.pid, "SIGTERM");
    await exited;
    const stopBy = Date.now() + 15_000;
    while ((running(tree).length > 0 || (await portAccepts(port))) && Date.now() < stopBy) await sleep(200);
    const survivors = running(tree);
    check(survivors.length === 0, `after SIGTERM to npm, ${survivors.length} process(es) survive: ${spawnSync("ps", ["-o", "pid,args", "-p", survivors.join(",")], { encoding: "utf8" }).stdout}`);
    check(!(await portAccepts(port)), `port ${port} still answers after SIGTERM`);
    log(`npm run dev: SIGTERM stopped all ${tree.length} processes and freed port ${port}`);
    const reset = spawnSync("node", ["scripts/reset.mjs", "--persist-to", path.relative(ROOT, DEV_STATE)], { cwd: ROOT, env: { ...baseEnv, PORT: String(port) }, encoding: "utf8" });
    check(reset.status === 0 && !fs.existsSync(DEV_STATE), `npm run reset failed (exit ${reset.status}): ${reset.stderr}`);
  } finally {
    try {
      process.kill(-npm.pid, "SIGKILL");
    } catch {
      /* the group is gone */
    }
    for (const pid of running(tree)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    fs.rmSync(DEV_STATE, { recursive: true, force: true });
  }
}

// ---- main ----------------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const chromiumState = await timed("chromium", async () => ensureChromium());
  log(`chromium: ${chromiumState}`);
  const { chromium } = await loadPlaywright();
  await timed("dev_sigterm", devStopsOnSigterm);
  await timed("wrangler_start", startWrangler);
  const report = escalatingReport();
  const { runId, reviewId, reasons } = await timed("escalate", () => submitAndWaitForReview(report));
  log(`run ${runId} waits for review ${reviewId} (${reasons.join(", ")})`);
  await timed("browser", () => browserFlow(chromium, report, runId, reviewId));

  await timed("verify", async () => {
    const run = await api("GET", `/v1/runs/${runId}`);
    check(run.status === 200 && run.json.status === "completed", `run is ${run.json?.status}, expected completed`);
    check(String(run.json.decidedBy).includes("local reviewer"), `decidedBy is ${run.json.decidedBy}`);
    check(run.json.outcome?.decision === "approve", `outcome is ${run.json.outcome?.decision}`);
    const out = npxWrangler(["d1", "execute", "DB", "--local", "--persist-to", STATE, "--json", "--command", `SELECT COUNT(*) AS n, SUM(amount_cents) AS cents FROM payments WHERE report_id = '${report.reportId}'`]);
    const rows = JSON.parse(out)[0]?.results ?? [];
    check(rows[0]?.n === 1, `payments ledger has ${rows[0]?.n} rows for the report, expected exactly 1`);
    check(rows[0]?.cents === run.json.outcome.approvedAmountCents, `payment ${rows[0]?.cents} != approved ${run.json.outcome.approvedAmountCents}`);
    log(`run completed, decided by ${run.json.decidedBy}; 1 payment of ${rows[0].cents} cents`);
  });  await timed("refunds", () => refundFlow(chromium));
  await timed("reviewer_workflow", () =>
    reviewerWorkflow({
      chromium, executablePath: CHROMIUM, launchArgs: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      url, api, check, log, timed, artifacts: ARTIFACTS, root: ROOT,
      d1: (sql) => JSON.parse(npxWrangler(["d1", "execute", "DB", "--local", "--persist-to", STATE, "--json", "--command", sql]))[0]?.results ?? [],
    }),
  );
}

const watchdog = setTimeout(() => {
  log(`watchdog: still running after ${HARD_LIMIT_MS / 1000} s, stopping`);
  stopWrangler().finally(() => process.exit(2));
}, HARD_LIMIT_MS);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stopWrangler().finally(() => process.exit(130)));

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`[e2e] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  if (wrangler.port) console.error(`[e2e] wrangler log tail:\n${tail(LOG, 20)}`);
} finally {
  await stopWrangler();
  if (!process.argv.includes("--keep")) fs.rmSync(STATE, { recursive: true, force: true });
  clearTimeout(watchdog);
}
timings.total = Math.round(performance.now() - started);
console.log(JSON.stringify({ ok: !failed, timingsMs: timings, screenshots: fs.existsSync(ARTIFACTS) ? fs.readdirSync(ARTIFACTS).filter((f) => f.startsWith("dashboard-") || f.startsWith("refund-") || f.startsWith("review-")).map((f) => `test-artifacts/${f}`) : [] }));
console.log(failed ? "e2e: 0 passed, 1 failed" : "e2e: 1 passed, 0 failed");
process.exit(failed ? 1 : 0);
