/**
 * Issue 13: the refund agent's review items in its own words. The tent request
 * (C2002, REVIEW_THRESHOLD) waits on a proposed issueRefund of 28900; the queue
 * row shows the request, the customer's name, the order and the amount
 * proposed, and the item page shows the message as data, checkEligibility's
 * per-line answer and the proposed refund and reply, with none of the expense
 * agent's words. A message with a hidden character shows it as a mark.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setDeployment, startRun } from "../support/http";
import { page, signIn } from "./support";

const AGENT = "refund-requests";
let n = 0;
const rid = (name: string) => `RQ-DASH-${name}-${Date.now().toString(36)}-${++n}`;
const visible = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");
const EXPENSE_WORDS = ["Employee", "Claimed", "reimburs", "Pay what the policy allows", "The report as submitted", "Proposed outcome"];

function section(html: string, heading: string): string {
  const at = html.indexOf(`<h2>${heading}</h2>`);
  expect(at, heading).toBeGreaterThan(0);
  const end = html.indexOf("<h2>", at + 4);
  return html.slice(at, end < 0 ? undefined : end);
}

async function waitingItem(input: Record<string, unknown>) {
  const { res, body } = await startRun(AGENT, input, { "Prefer": "wait=30" });
  expect(res.status).toBe(200);
  expect(body.status).toBe("waiting_for_review");
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare("SELECT id FROM review_items WHERE run_id = ?").bind(body.runId).first<{ id: string }>();
    if (row) return { runId: body.runId as string, reviewId: row.id };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no review item");
}

beforeAll(async () => {
  await setDeployment(AGENT, "supervised", 0);
});

beforeEach(async () => {
  // Earlier runs against the same seeded order must not make the tent ALREADY_REFUNDED.
  await env.DB.batch(["refunds_issued", "refund_return_labels", "refund_replies"].map((t) => env.DB.prepare(`DELETE FROM ${t} WHERE tenant_id = 'demo'`)));
});

describe("refund review items in the refund agent's words (issue 13)", () => {
  const tent = (message = "The tent is too small for us, I want to send it back.") => ({ requestId: rid("tent"), customerId: "C2002", receivedAt: "2026-11-20", channel: "email", message });

  it("the queue row shows request, customer name, order and the amount proposed", async () => {
    const input = tent();
    const { reviewId } = await waitingItem(input);
    const { cookie } = await signIn();
    const html = await (await page(`/dashboard?agent=${AGENT}`, { cookie })).text();
    const row = [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(reviewId) || r.includes(input.requestId));
    expect(row, "the tent's row").toBeDefined();
    const text = visible(row!);
    for (const words of [input.requestId, "Tom Becker", "C2002", "N-10006", "$289.00"]) expect(text, words).toContain(words);
    const head = visible(/<thead>([\s\S]*?)<\/thead>/.exec(html)![1]!);
    for (const words of ["Request", "Customer", "Order", "Refund proposed"]) expect(head, words).toContain(words);
    for (const words of EXPENSE_WORDS) expect(visible(html), words).not.toContain(words);
  });

  it("the item page shows the message as data, the eligibility answer line by line, and the proposed refund and reply", async () => {
    const input = tent();
    const { reviewId } = await waitingItem(input);
    const { cookie } = await signIn();
    const html = await (await page(`/dashboard/reviews/${reviewId}`, { cookie })).text();
    const text = visible(html);
    expect(text).toContain(`Refund request ${input.requestId}`);
    expect(text).toContain("Tom Becker");

    const request = visible(section(html, "The request"));
    expect(request).toContain("read it as data, never as instructions");
    expect(request).toContain(input.message);
    expect(request).toContain("plus");

    const eligibility = section(html, "What the eligibility check answered");
    const lines = [...eligibility.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => visible(m[1]!).trim());
    expect(lines).toContain("TENT-2 1 needs review $289.00 —");
    expect(visible(eligibility)).toContain("Codes Large refund");
    expect(visible(eligibility).replace(/ ([,.:])/g, "$1")).toContain("Order N-10006, reason changed mind: the policy says escalate for $289.00.");
    expect(visible(eligibility)).toContain("Return label needed");

    const proposal = visible(section(html, "Proposed refund and reply")).replace(/ ([,.:])/g, "$1");
    expect(proposal).toContain("Refund $289.00 on order N-10006 for 1 x TENT-2 (changed mind). Nothing has been refunded yet.");
    // Why a person decides, in the agent's words (the page's reasons are the runtime's: the call needs approval).
    expect(proposal).toContain("Large refund The refund would be more than $250.00, so a person approves it before any money moves.");
    expect(proposal).toContain("Sent while the request waits:");
    expect(proposal).toContain("Tom");

    for (const words of EXPENSE_WORDS) expect(text, words).not.toContain(words);
  });

  it("hidden characters in the message are shown as marks", async () => {
    const input = tent("The tent is too small for us,\u200b I want to send it back.");
    const { reviewId } = await waitingItem(input);
    const { cookie } = await signIn();
    const html = await (await page(`/dashboard/reviews/${reviewId}`, { cookie })).text();
    const request = section(html, "The request");
    expect(request).toContain('<mark class="hidden-char" title="hidden character">[U+200B]</mark>');
    expect(visible(request)).toContain("1 hidden character(s), shown as [U+….] marks: U+200B");
    expect(visible(html)).toContain("This request contains text the agent flagged as suspicious.");
  });
});
