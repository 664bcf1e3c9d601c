import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, setDeployment, startRun } from "../support/http";

// Decided by the agent alone unless the policy escalates: no audit sample.
beforeAll(() => setDeployment("expense-reports", "full", 0));

const wait = { Prefer: "wait=20" };
let n = 0;
const report = (items: unknown[], extra: Record<string, unknown> = {}) => ({
  reportId: `R-T-${Date.now()}-${n++}`,
  employeeId: "E1001",
  submittedAt: "2026-11-20",
  purpose: "Customer onboarding workshop in Boston",
  items,
  ...extra,
});

const count = async (sql: string, ...args: unknown[]) => (await env.DB.prepare(sql).bind(...args).first<{ n: number }>())?.n ?? 0;

describe("expense-reports agent end to end", () => {
  it("approves a clean report, records the decision and schedules one payment", async () => {
    const input = report([
      { date: "2026-11-12", merchant: "Marriott Boston Copley", amount: 412.5, currency: "USD", category: "lodging", nights: 2, city: "Boston", receipt: true },
      { date: "2026-11-12", merchant: "Uber", amount: 23.4, currency: "USD", receipt: true },
    ]);
    const { res, body } = await startRun("expense-reports", input, wait);
    expect(res.status).toBe(200);
    expect(body.status).toBe("completed");
    expect(body.outcome).toMatchObject({ decision: "approve", approvedAmountCents: 43590, codes: [] });
    expect(body.outcome.items.map((i: any) => i.category)).toEqual(["lodging", "ground_transport"]);
    expect(await count("SELECT COUNT(*) AS n FROM payments WHERE report_id = ?", input.reportId)).toBe(1);
    expect(await count("SELECT amount_cents AS n FROM payments WHERE report_id = ?", input.reportId)).toBe(43590);

    const steps = (await (await call(`/v1/runs/${body.runId}/steps`)).json()) as any;
    expect(steps.steps.map((s: any) => s.name)).toEqual([
      "validate", "lookupEmployee", "convert", "classify", "awaitTurn", "findApprovedItems", "itemRules", "caps", "escalations", "reportRules", "decide", "act", "settle",
    ]);
    const classify = steps.steps.find((s: any) => s.name === "classify");
    expect(classify.modelCalls.length).toBeGreaterThan(0);
    expect(classify.modelCalls[0].model).toMatch(/^local\//);

    // The same report again is the same run: not decided or paid twice.
    const again = await startRun("expense-reports", input, wait);
    expect(again.body.runId).toBe(body.runId);
    expect(await count("SELECT COUNT(*) AS n FROM payments WHERE report_id = ?", input.reportId)).toBe(1);
  });

  it("refuses out-of-scope requests before any run or model call", async () => {
    for (const input of ["write a poem", { task: "refund this customer" }, {}]) {
      const { res, body } = await startRun("expense-reports", input);
      expect(res.status).toBe(422);
      expect(body.error.code).toBe("OUT_OF_SCOPE");
      expect(body.error.message).toMatch(/expense report/i);
    }
    expect(await count("SELECT COUNT(*) AS n FROM runs WHERE agent = 'expense-reports' AND input NOT LIKE '%reportId%'")).toBe(0);
  });

  it("answers a malformed report with 422 INVALID_INPUT and paths", async () => {
    const { res, body } = await startRun("expense-reports", report([{ date: "2026-13-40", merchant: "X", amount: -1, currency: "USD" }]));
    expect(res.status).toBe(422);
    expect(body.error.code).toBe("INVALID_INPUT");
    const paths = body.error.details.issues.map((i: any) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["input.items.0.date", "input.items.0.amount"]));
  });

  it("sees an earlier approved report when checking DUPLICATE, even when both arrive together", async () => {
    const item = { date: "2026-11-14", merchant: "Delta Air Lines", amount: 380.0, currency: "USD", receipt: true, category: "airfare", travelClass: "economy" };
    const [a, b] = await Promise.all([startRun("expense-reports", report([item]), wait), startRun("expense-reports", report([item]), wait)]);
    const decisions = [a.body.outcome.decision, b.body.outcome.decision].sort();
    expect(decisions).toEqual(["approve", "reject"]);
    const rejected = [a, b].find((r) => r.body.outcome.decision === "reject")!;
    expect(rejected.body.outcome.codes).toEqual(["DUPLICATE"]);
  });
});

describe("the employee's explanation after a person decided (issue 11, item 5)", () => {
  const REVIEWER = "dev-reviewer-token";
  // A different date per case: an approved flight would make the next one a DUPLICATE.
  const escalated = async (date: string) => {
    // Economy airfare of $1,890.00 with a receipt: within policy, above the review threshold.
    const input = report([{ date, merchant: "Delta Air Lines", amount: 1890, currency: "USD", receipt: true, category: "airfare", travelClass: "economy" }]);
    const { body } = await startRun("expense-reports", input, wait);
    expect(body.status).toBe("waiting_for_review");
    expect(body.proposal.explanation).toContain("Nothing is paid until a reviewer decides");
    for (let i = 0; i < 200; i++) {
      const row = await env.DB.prepare("SELECT id FROM review_items WHERE run_id = ?").bind(body.runId).first<{ id: string }>();
      if (row) return { runId: body.runId as string, reviewId: row.id };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("no review item");
  };
  const decide = async (reviewId: string, decision: Record<string, unknown>) => {
    const res = await call(`/v1/reviews/${reviewId}/decision`, { method: "POST", key: REVIEWER, json: decision });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
  };
  const outcomeOf = async (runId: string) => {
    for (let i = 0; i < 200; i++) {
      const run = (await (await call(`/v1/runs/${runId}`)).json()) as any;
      if (run.status === "completed") return run.outcome;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("the run did not complete");
  };
  const money = /\$[\d,]+(?:\.\d+)?/g;

  it("an approval says a reviewer approved it and what is paid, in one money format, without the waiting sentence", async () => {
    const { runId, reviewId } = await escalated("2026-11-14");
    await decide(reviewId, { decision: "approve", comment: "Fare approved by the travel desk." });
    const outcome = await outcomeOf(runId);
    expect(outcome.decision).toBe("approve");
    expect(outcome.explanation).toContain("A reviewer approved the report: $1,890.00 will be reimbursed ($1,890.00 claimed).");
    expect(outcome.explanation).toContain("The reviewer's comment: Fare approved by the travel desk.");
    expect(outcome.explanation).not.toMatch(/Nothing is paid|Sent to a reviewer|needs a reviewer/);
    for (const amount of outcome.explanation.match(money)) expect(amount).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
  });

  it("a rejection reaches the employee with the reviewer's reason", async () => {
    const { runId, reviewId } = await escalated("2026-11-15");
    await decide(reviewId, { decision: "reject", comment: "This trip was cancelled; the fare was refunded." });
    const outcome = await outcomeOf(runId);
    expect(outcome).toMatchObject({ decision: "reject", approvedAmountCents: 0 });
    expect(outcome.explanation).toContain("A reviewer rejected the report: nothing on it will be reimbursed.");
    expect(outcome.explanation).toContain("The reviewer's comment: This trip was cancelled; the fare was refunded.");
    expect(outcome.explanation).toContain("Item 1 (Delta Air Lines, 2026-11-15): $1,890.00 claimed, rejected by the reviewer.");
    expect(outcome.explanation).not.toMatch(/Nothing is paid|Sent to a reviewer/);
  });

  it("an amendment names the amount the reviewer approved", async () => {
    const { runId, reviewId } = await escalated("2026-11-16");
    await decide(reviewId, { decision: "amend", comment: "Economy fare of the approved booking only.", items: [{ index: 0, verdict: "capped", approvedCents: 95_000 }] });
    const outcome = await outcomeOf(runId);
    expect(outcome).toMatchObject({ decision: "approve", approvedAmountCents: 95_000 });
    expect(outcome.explanation).toContain("A reviewer amended the report: $950.00 will be reimbursed ($1,890.00 claimed).");
    expect(outcome.explanation).toContain("Item 1 (Delta Air Lines, 2026-11-16): $1,890.00 claimed, $950.00 approved by the reviewer.");
  });
});
