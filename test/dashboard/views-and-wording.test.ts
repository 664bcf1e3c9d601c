/**
 * Issue 11, dashboard wording and views: dry runs are marked and kept out of
 * the default runs list (4); every review item carries its agent's display
 * fields whatever paused the run (8); an agent without its own review view
 * gets a neutral generic view, and the queue and runs list show each agent's
 * own columns or neutral ones (10).
 */
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { command, runStub } from "../support/runs";
import { setDeployment, startRun } from "../support/http";
import { escalate, page, signIn, waitForReviewItem } from "./support";

const visible = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

async function waitForHistory(runId: string) {
  for (let i = 0; i < 200; i++) {
    if (await env.DB.prepare("SELECT 1 FROM runs WHERE id = ?").bind(runId).first()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} never reached the D1 history`);
}

/** Back to the seed's deployment (supervised, the default audit sample). */
async function restoreExpenseStage() {
  await setDeployment("expense-reports", "supervised");
  await env.DB.prepare("UPDATE agent_deployments SET audit_sample_bp = NULL WHERE tenant_id = 'demo' AND agent = 'expense-reports'").run();
  const { invalidateDeployment } = await import("../../src/deployment/admission");
  invalidateDeployment("demo", "expense-reports");
}

describe("runs list: dry runs of the online judge (item 4)", () => {
  it("leaves dry runs out of the default list, and shows them under a filter, labelled, linking to the run they judged", async () => {
    const { report, runId } = await escalate();
    // A dry run exactly as the online judge submits one (judgeOnline): same input, evaluation `online:<runId>`.
    const dry = command("expense-reports", report, { requestHash: `online:${runId}`, waitMs: 20_000, options: { evaluation: `online:${runId}`, dryRun: true } });
    const submitted = await runStub(dry.runId).submit(dry);
    expect(submitted.kind).toBe("accepted");
    await Promise.all([waitForHistory(runId), waitForHistory(dry.runId)]);
    const { cookie } = await signIn();

    for (const path of [`/dashboard/runs?q=${encodeURIComponent(report.reportId)}`, "/dashboard/runs"]) {
      const html = await (await page(path, { cookie })).text();
      expect(html, path).toContain(`/dashboard/runs/${runId}"`);
      expect(html, path).not.toContain(dry.runId);
    }
    expect(visible(await (await page("/dashboard/runs", { cookie })).text())).toContain("Dry runs of the online judge and evaluation runs are left out");

    const evaluations = await (await page(`/dashboard/runs?q=${encodeURIComponent(report.reportId)}&kind=evaluation`, { cookie })).text();
    expect(evaluations).toContain(`/dashboard/runs/${dry.runId}"`);
    const row = evaluations.slice(evaluations.indexOf(`/dashboard/runs/${dry.runId}"`), evaluations.indexOf("</tr>", evaluations.indexOf(`/dashboard/runs/${dry.runId}"`)));
    expect(visible(row)).toContain(`dry run online judge of ${runId}`);
    expect(row).toContain(`href="/dashboard/runs/${runId}"`);

    const both = await (await page(`/dashboard/runs?q=${encodeURIComponent(report.reportId)}&kind=all`, { cookie })).text();
    expect(both).toContain(`/dashboard/runs/${runId}"`);
    expect(both).toContain(`/dashboard/runs/${dry.runId}"`);

    const dryPage = visible(await (await page(`/dashboard/runs/${dry.runId}`, { cookie })).text());
    expect(dryPage).toContain(`A dry run of the online judge, not a second submission. It re-decided run ${runId}`);
    expect(dryPage).not.toContain("Payments"); // the report's payments belong to the run it judged
    const judged = visible(await (await page(`/dashboard/runs/${runId}`, { cookie })).text());
    expect(judged).toContain(`Checked by the online judge: ${dry.runId}`);
  });
});

describe("review subjects (item 8)", () => {
  afterAll(restoreExpenseStage);

  it("an item paused by a guard (shadow stage) carries the same display fields as an escalation, and the queue shows the amount", async () => {
    await setDeployment("expense-reports", "shadow");
    const report = {
      reportId: `R-SUBJ-${Date.now()}`,
      employeeId: "E1001",
      submittedAt: "2026-11-20",
      purpose: "Customer onboarding workshop in Boston",
      items: [
        { date: "2026-11-12", merchant: "Uber", amount: 23.4, currency: "USD", receipt: true },
        { date: "2026-11-12", merchant: "Hotel Lutetia", amount: 100, currency: "EUR", category: "lodging", receipt: true },
      ],
    };
    const { body } = await startRun("expense-reports", report, { Prefer: "wait=20" });
    expect(body.status).toBe("waiting_for_review");
    const item = await waitForReviewItem(body.runId);
    const row = await env.DB.prepare("SELECT reasons, subject FROM review_items WHERE id = ?").bind(item.id).first<{ reasons: string; subject: string }>();
    expect(JSON.parse(row!.reasons)).toContain("SHADOW");
    // 23.40 USD + 100 EUR (108.00 USD), from the run's own conversion step.
    expect(JSON.parse(row!.subject)).toEqual({ reportId: report.reportId, employeeId: "E1001", claimedCents: 13_140, items: 2 });

    const { cookie } = await signIn();
    const queue = await (await page("/dashboard", { cookie })).text();
    const at = queue.indexOf(`/dashboard/reviews/${item.id}"`);
    const tr = queue.slice(queue.lastIndexOf("<tr", at), at);
    expect(visible(tr)).toContain("$131.40");
    expect(visible(tr)).toContain("2 item(s)");
  });
});

describe("review views (item 10)", () => {
  it("an agent without its own view gets neutral words: no expense wording and no raw $review JSON", async () => {
    // echo-steps' output guardrail blocks this payload: the step asks a person.
    const { body } = await startRun("echo-steps", { steps: 2, effectEvery: 1, payload: "forbidden" }, { Prefer: "wait=20" });
    expect(body.status).toBe("waiting_for_review");
    const item = await waitForReviewItem(body.runId);
    const { cookie, csrf } = await signIn();
    const html = await (await page(`/dashboard/reviews/${item.id}`, { cookie })).text();
    const text = visible(html);
    expect(text).toContain("Why it stopped");
    expect(text).toContain("The run's input");
    expect(text).toContain("forbidden"); // the input, as data
    expect(text).toContain("waits for a person's decision (ECHO_FORBIDDEN)");
    expect(text).toContain("Accept the agent's proposal");
    expect(text).toContain("Step timeline");
    expect(html).not.toContain("$review");
    for (const word of [/report/i, /employee/i, /reimburse/i, /Nothing is paid/i, /policy allows/i, /pays what you decided/i, /Merchant/]) {
      expect(text, String(word)).not.toMatch(word);
    }

    // The generic form decides too.
    const res = await page(`/dashboard/reviews/${item.id}/decision`, { cookie, form: { csrf, decision: "reject", comment: "Not this payload." } });
    expect(res.status, visible(await res.clone().text()).slice(0, 300)).toBe(303);
  });

  it("the expense agent's item still shows its own view", async () => {
    const { reviewId } = await escalate();
    const { cookie } = await signIn();
    const text = visible(await (await page(`/dashboard/reviews/${reviewId}`, { cookie })).text());
    for (const words of ["The report as submitted", "What the agent gathered", "Reject the whole report. Nothing is paid.", "Pay what the policy allows", "Amend"]) {
      expect(text).toContain(words);
    }
  });
});

describe("shared lists in the agent's words (item 10)", () => {
  const expenseWords = /Report|Employee|Claimed/;
  const rowOf = (html: string, href: string) => {
    const at = html.indexOf(href);
    expect(at, href).toBeGreaterThan(0);
    return visible(html.slice(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at)));
  };
  const headersOf = (html: string) => [...html.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]!.trim()).filter(Boolean);

  it("an echo-steps item and run show neutral columns (task key, key: value), none of the expense agent's words", async () => {
    const key = `echo-task-${Date.now()}`;
    const { body } = await startRun("echo-steps", { steps: 2, effectEvery: 1, payload: "forbidden" }, { Prefer: "wait=20", "Idempotency-Key": key });
    expect(body.status).toBe("waiting_for_review");
    const item = await waitForReviewItem(body.runId);
    await waitForHistory(body.runId);
    const { cookie } = await signIn();

    const queue = await (await page("/dashboard?agent=echo-steps", { cookie })).text();
    expect(visible(queue)).not.toMatch(expenseWords);
    expect(headersOf(queue)).toEqual(expect.arrayContaining(["Task", "Details"]));
    const row = rowOf(queue, `/dashboard/reviews/${item.id}"`);
    expect(row).toContain(key);
    expect(row).toContain("steps: 2");
    expect(row).toContain("payload: forbidden");

    for (const path of ["/dashboard/runs?agent=echo-steps", `/dashboard/runs?q=${encodeURIComponent(key)}`]) {
      const runs = await (await page(path, { cookie })).text();
      expect(visible(runs), path).not.toMatch(expenseWords);
      expect(headersOf(runs), path).toEqual(expect.arrayContaining(["Task", "Details"]));
      const runRow = rowOf(runs, `/dashboard/runs/${body.runId}"`);
      expect(runRow, path).toContain(key);
      expect(runRow, path).toContain("payload: forbidden");
    }
  });

  it("the expense agent's queue and runs list still show its columns, with the employee's name and the amount", async () => {
    const { report, runId, reviewId } = await escalate();
    await waitForHistory(runId);
    const { cookie } = await signIn();
    const queue = await (await page("/dashboard?agent=expense-reports", { cookie })).text();
    expect(headersOf(queue)).toEqual(expect.arrayContaining(["Report", "Employee", "Claimed"]));
    const row = rowOf(queue, `/dashboard/reviews/${reviewId}"`);
    const claimed = (report.items[0]!.amount + report.items[1]!.amount).toLocaleString("en-US", { minimumFractionDigits: 2 });
    for (const words of [report.reportId, "Bruno Silva", "E1002", `$${claimed}`, "2 item(s)", "expense-reports"]) expect(row).toContain(words);

    const runs = await (await page(`/dashboard/runs?q=${encodeURIComponent(report.employeeId)}&agent=expense-reports`, { cookie })).text();
    expect(headersOf(runs)).toEqual(expect.arrayContaining(["Report", "Employee"]));
    expect(rowOf(runs, `/dashboard/runs/${runId}"`)).toContain(report.reportId);
  });
});
