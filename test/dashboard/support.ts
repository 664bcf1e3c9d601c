/** Helpers for the dashboard tests: cookie sign-in, CSRF tokens, escalated runs. */
import { env, exports } from "cloudflare:workers";
import { call, startRun } from "../support/http";

export const ORIGIN = "http://runtime.test";
export const REVIEWER = "dev-reviewer-token";
export const OPERATOR = "dev-operator-token";

/** A browser-like request: no API key, the session cookie if any, same-origin headers on POST. */
export function page(path: string, init: { cookie?: string | undefined; method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.cookie ? { Cookie: init.cookie } : {}) };
  let body: string | undefined;
  if (init.form) {
    body = new URLSearchParams(init.form).toString();
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers.Origin = ORIGIN;
  }
  return call(path, { key: null, method: init.method ?? (init.form ? "POST" : "GET"), redirect: "manual", headers: { ...headers, ...init.headers }, body });
}

/** Signs in with a token; returns the Cookie header value and the page's CSRF token. */
export async function signIn(token = REVIEWER) {
  const res = await page("/dashboard/login", { form: { token, next: "/dashboard" } });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get("Set-Cookie") ?? "";
  const cookie = setCookie.split(";")[0]!;
  const queue = await page("/dashboard", { cookie });
  const csrf = csrfOf(await queue.text());
  return { cookie, csrf, setCookie };
}

export function csrfOf(html: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error("no CSRF field on the page");
  return m[1]!;
}

let n = 0;
/** A report with a business-class flight and no pre-approval: PREMIUM_CLASS (and REVIEW_THRESHOLD). */
export function escalatingReport(overrides: { description?: string; merchant?: string } = {}) {
  n += 1;
  const id = `R-DASH-${Date.now()}-${n}`;
  return {
    reportId: id,
    employeeId: "E1002",
    submittedAt: "2026-11-20",
    purpose: "Board meeting in London",
    items: [
      {
        date: "2026-11-10",
        merchant: overrides.merchant ?? "British Airways",
        amount: 2400 + n,
        currency: "USD",
        category: "airfare",
        travelClass: "business",
        receipt: true,
        ...(overrides.description !== undefined ? { description: overrides.description } : {}),
      },
      { date: "2026-11-11", merchant: "Pret A Manger", amount: 10 + (n % 10), currency: "USD", category: "meals" },
    ],
  };
}

export async function waitForReviewItem(runId: string) {
  for (let i = 0; i < 200; i++) {
    const row = await env.DB.prepare("SELECT id, status FROM review_items WHERE run_id = ?").bind(runId).first<{ id: string; status: string }>();
    if (row) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no review item was written by the queue consumer");
}

/** Submits a report as the client, waits for the run to pause and the queue consumer to write the item. */
export async function escalate(report = escalatingReport()) {
  const { res, body } = await startRun("expense-reports", report, { Prefer: "wait=20" });
  if (res.status !== 200 || body.status !== "waiting_for_review") throw new Error(`expected a paused run, got ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  const item = await waitForReviewItem(body.runId);
  return { report, runId: body.runId as string, reviewId: item.id };
}

export const count = async (sql: string, ...args: unknown[]) => (await env.DB.prepare(sql).bind(...args).first<{ n: number }>())?.n ?? 0;

/** An https request straight to the Worker (the cookie is then Secure and __Host- prefixed). */
export function httpsPage(path: string, init: RequestInit = {}) {
  return exports.default.fetch(new Request(`https://runtime.test${path}`, { redirect: "manual", ...init }));
}
