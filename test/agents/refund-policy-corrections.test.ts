/**
 * Issue 13's corrections to `refund-requests`, on real D1 and real runs:
 * the agent's own refunds count towards FREQUENT_REFUNDS by their request's
 * date (not the day the tool ran); a late delivery whose shipping was already
 * refunded has NOTHING_TO_REFUND; a delivery dispute is only DELIVERY_DISPUTE
 * (no REVIEW_THRESHOLD for a proposal the policy does not refund); and the
 * evaluation's answer for a run paused only by a review gate is the refund proposed.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_CUSTOMERS, DEMO_ORDERS } from "../../src/agents/refund-requests/demo-data";
import { refundEvalSet } from "../../src/agents/refund-requests/eval-set";
import { checkEligibility, type IssuedRefund, type PolicyOrder } from "../../src/agents/refund-requests/policy";
import type { Eligibility, Line, Reason, RefundRequest } from "../../src/agents/refund-requests/schema";
import { checkEligibilityTool, issueRefund } from "../../src/agents/refund-requests/tools";
import type { RunOptions } from "../../src/runtime/run-store";
import { ToolError, type ToolContext } from "../../src/tools/define-tool";
import { newScope, script, type ScriptedAnswer } from "../support/model-standin";
import { callTool, finalAnswer, refundTables, request, runRefund } from "../support/refund-agent";
import { command, runStub } from "../support/runs";
import { driveWithModel, withModel } from "../support/tool-agents";

const customer = (id: string) => DEMO_CUSTOMERS.find((c) => c.id === id)!;
const order = (id: string, over: Partial<PolicyOrder> = {}): PolicyOrder => ({ ...DEMO_ORDERS.find((o) => o.id === id)!, shippingRefunded: false, ...over });
function check(orderId: string, reason: Reason, lines: Line[] = [], issued: IssuedRefund[] = [], over: Partial<PolicyOrder> = {}) {
  const o = order(orderId, over);
  return checkEligibility({ customer: customer(o.customerId), order: o, lines, reason, receivedAt: "2026-11-20", issued });
}

/** A clock on another day than the requests' receivedAt, as in a replay, an evaluation or a backfill. */
const LATER = Date.parse("2027-03-01T09:00:00Z");
let tenant = "";
const toolCtx = (input?: Pick<RefundRequest, "requestId" | "receivedAt">): ToolContext => {
  const key = crypto.randomUUID();
  return { env, tenantId: tenant, runId: `run_${key}`, idempotencyKey: key, clock: { now: () => LATER }, ...(input ? { input } : {}) };
};
const eligibility = (customerId: string, orderId: string, lines: Line[], reason: Reason) =>
  checkEligibilityTool.run({ customerId, orderId, lines, reason, receivedAt: "2026-11-20" }, toolCtx()) as Promise<Eligibility>;
/** issueRefund as the request's own run calls it: exactly the eligibility's refund. */
async function refundAsRun(requestId: string, e: Eligibility) {
  return issueRefund.run({ requestId, orderId: e.orderId, lines: e.refundLines, reason: e.reason, amountCents: e.refundCents }, toolCtx({ requestId, receivedAt: "2026-11-20" }));
}

describe("FREQUENT_REFUNDS counts the agent's refunds by their request's receivedAt", () => {
  beforeEach(async () => {
    tenant = `rpc-${crypto.randomUUID()}`;
    await refundTables(tenant);
  });

  it("three C2005 requests received 2026-11-20, run on 2027-03-01: the third is FREQUENT_REFUNDS", async () => {
    // C2005's prior refunds: 2026-08-01 (111 days back, out) and 2026-11-12 (in): one.
    const first = await eligibility("C2005", "N-10010", [{ sku: "YOGA-1", quantity: 1 }], "damaged");
    expect(first).toMatchObject({ decision: "refund", refundCents: 4200, codes: [] });
    await refundAsRun("RQ-F-1", first);
    const second = await eligibility("C2005", "N-10010", [{ sku: "BOT-02", quantity: 1 }], "damaged");
    expect(second).toMatchObject({ decision: "refund", refundCents: 2400, codes: [] });
    await refundAsRun("RQ-F-2", second);
    expect(await eligibility("C2005", "N-10009", [], "defective")).toMatchObject({ decision: "escalate", codes: ["FREQUENT_REFUNDS"], refundCents: 5900 });

    // Dated by the request; the instant it was issued is kept for audit.
    const rows = await env.DB.prepare("SELECT request_id AS r, refunded_on AS d, created_at AS t FROM refunds_issued WHERE tenant_id = ? ORDER BY request_id").bind(tenant).all();
    expect(rows.results).toEqual([{ r: "RQ-F-1", d: "2026-11-20", t: LATER }, { r: "RQ-F-2", d: "2026-11-20", t: LATER }]);
  });

  it("issueRefund outside its request's run has no date to count by: REQUEST_DATE_UNKNOWN, nothing written", async () => {
    const args = { requestId: "RQ-F-3", orderId: "N-10001", lines: [{ sku: "MUG-01", quantity: 2 }], reason: "damaged" as const, amountCents: 2900 };
    for (const ctx of [toolCtx(), toolCtx({ requestId: "RQ-OTHER", receivedAt: "2026-11-20" })]) {
      const e = await issueRefund.run(args, ctx).then(() => null, (err: unknown) => err);
      expect(e).toBeInstanceOf(ToolError);
      expect((e as ToolError).code).toBe("REQUEST_DATE_UNKNOWN");
    }
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM refunds_issued WHERE tenant_id = ?").bind(tenant).first<{ n: number }>())!.n).toBe(0);
  });

  it("late delivery twice: the second has NOTHING_TO_REFUND (the shipping is spent), not ALREADY_REFUNDED", async () => {
    const late = await eligibility("C2002", "N-10005", [], "late_delivery");
    expect(late).toMatchObject({ decision: "refund", refundCents: 999, refundLines: [] });
    await refundAsRun("RQ-F-4", late);
    expect(await eligibility("C2002", "N-10005", [], "late_delivery")).toMatchObject({ decision: "deny", refundCents: 0, codes: ["NOTHING_TO_REFUND"], lines: [] });
    // By description the model names the boots: the same answer.
    expect(await eligibility("C2002", "N-10005", [{ sku: "BOOT-43", quantity: 1 }], "late_delivery")).toMatchObject({ decision: "deny", codes: ["NOTHING_TO_REFUND"] });
  });
});

describe("checkEligibility: the corrected codes", () => {
  it("late_delivery after shipping was refunded (not_received by this agent, or before it): NOTHING_TO_REFUND", () => {
    const shippingRefund: IssuedRefund = { orderId: "N-10005", lines: [], shippingCents: 999, refundedOn: "2026-10-20" };
    expect(check("N-10005", "late_delivery", [], [shippingRefund])).toMatchObject({ decision: "deny", codes: ["NOTHING_TO_REFUND"] });
    expect(check("N-10005", "late_delivery", [], [], { shippingRefunded: true })).toMatchObject({ decision: "deny", codes: ["NOTHING_TO_REFUND"] });
    // On time stays NOT_LATE, even with the shipping refunded.
    expect(check("N-10001", "late_delivery", [], [], { shippingRefunded: true }).codes).toEqual(["NOT_LATE"]);
  });

  it("the disputed 289.00 tent: codes exactly [DELIVERY_DISPUTE]; the proposal for the reviewer is kept", () => {
    const e = check("N-10006", "not_received");
    expect(e).toMatchObject({ decision: "escalate", codes: ["DELIVERY_DISPUTE"], refundCents: 28_900, refundLines: [{ sku: "TENT-2", quantity: 1 }] });
    expect(e.lines).toEqual([{ sku: "TENT-2", quantity: 1, verdict: "needs_review", refundCents: 28_900, codes: [] }]);
    // Account codes still apply to a dispute; the threshold still applies to a refund the policy would make.
    expect(check("N-10007", "not_received").codes).toEqual(["DELIVERY_DISPUTE", "FREQUENT_REFUNDS"]);
    expect(check("N-10006", "damaged").codes).toEqual(["REVIEW_THRESHOLD"]);
  });
});

/** Starts a run of `input` (with run options, e.g. a review gate) and drives it until it rests. */
async function runWith(input: RefundRequest, answers: ScriptedAnswer[], options: RunOptions = {}) {
  const scope = await newScope();
  await script(scope, { answers });
  const cmd = command("refund-requests", input, { options });
  await withModel(cmd.runId, scope);
  await runStub(cmd.runId).submit(cmd);
  return { runId: cmd.runId, view: (await driveWithModel(cmd.runId, scope))! };
}
async function pendingAnswerOf(runId: string) {
  const evidence = (await runStub(runId).evidence("demo"))!;
  return refundEvalSet.pendingAnswer!(evidence) as Record<string, unknown>;
}

describe("the evaluation's answer for a run waiting on its proposed refund", () => {
  beforeEach(() => refundTables("demo", true));

  it("paused only by a review gate (audit sample): the refund it proposed, with its amount and label", async () => {
    const input = request({ orderId: "N-10002", message: "My rain jacket from N-10002 started leaking at the seams, it's faulty." });
    const r = await runWith(input, [
      callTool("lookupCustomer", { customerId: "C2001" }),
      callTool("checkEligibility", { customerId: "C2001", orderId: "N-10002", lines: [], reason: "defective", receivedAt: "2026-11-20" }),
      callTool("issueRefund", { requestId: input.requestId, orderId: "N-10002", lines: [{ sku: "JKT-11", quantity: 1 }], reason: "defective", amountCents: 12_900 }),
    ], { reviewGate: "AUDIT_SAMPLE" });
    expect(r.view.status).toBe("waiting_for_review");
    expect(await pendingAnswerOf(r.runId)).toMatchObject({
      decision: "refund", orderId: "N-10002", refundCents: 12_900, returnLabel: true, codes: [],
      lines: [{ sku: "JKT-11", quantity: 1, verdict: "refunded", refundCents: 12_900, codes: [] }],
    });
  });

  it("paused because an escalation code applies (the tent, REVIEW_THRESHOLD): escalate, nothing refunded", async () => {
    const input = request({ customerId: "C2002", orderId: "N-10006", message: "The tent is too small for us, I want to send it back." });
    const r = await runWith(input, [
      callTool("lookupCustomer", { customerId: "C2002" }),
      callTool("checkEligibility", { customerId: "C2002", orderId: "N-10006", lines: [{ sku: "TENT-2", quantity: 1 }], reason: "changed_mind", receivedAt: "2026-11-20" }),
      callTool("issueRefund", { requestId: input.requestId, orderId: "N-10006", lines: [{ sku: "TENT-2", quantity: 1 }], reason: "changed_mind", amountCents: 28_900 }),
    ], { reviewGate: "AUDIT_SAMPLE" });
    expect(r.view.status).toBe("waiting_for_review");
    expect(await pendingAnswerOf(r.runId)).toMatchObject({ decision: "escalate", refundCents: 0, returnLabel: false, codes: ["REVIEW_THRESHOLD"] });
  });
});

describe("through the agent: refunds of same-day requests count each other, whatever the run's clock", () => {
  beforeEach(() => refundTables("demo", true));

  it("C2005: two refunds of requests received 2026-11-20 make the third FREQUENT_REFUNDS", async () => {
    const rq = (message: string) => request({ customerId: "C2005", orderId: "N-10010", message });
    const refunded = async (input: RefundRequest, sku: string, cents: number, text: string) => {
      const lines = [{ sku, quantity: 1 }];
      const r = await runRefund(input, [
        callTool("lookupCustomer", { customerId: "C2005" }),
        callTool("checkEligibility", { customerId: "C2005", orderId: "N-10010", lines, reason: "damaged", receivedAt: "2026-11-20" }),
        callTool("issueRefund", { requestId: input.requestId, orderId: "N-10010", lines, reason: "damaged", amountCents: cents }),
        callTool("sendReply", { requestId: input.requestId, text }),
        finalAnswer({ decision: "refund", orderId: "N-10010", reason: "damaged", refundCents: cents, returnLabel: false, codes: [], lines: [{ sku, quantity: 1, verdict: "refunded", refundCents: cents, codes: [] }], reply: text }),
      ]);
      expect(r.view).toMatchObject({ status: "completed", outcome: { decision: "refund", refundCents: cents } });
    };
    await refunded(rq("The yoga mat from N-10010 arrived torn."), "YOGA-1", 4200, "Hi Lena, we are sorry the yoga mat from order N-10010 arrived damaged. We have refunded $42.00.");
    await refunded(rq("My other steel bottle from N-10010 arrived dented."), "BOT-02", 2400, "Hi Lena, we are sorry the bottle from order N-10010 arrived damaged. We have refunded $24.00.");
    // The runs' clock is today, not 2026-11-20: the refunds are still dated by their requests.
    const dates = await env.DB.prepare("SELECT refunded_on AS d FROM refunds_issued WHERE tenant_id = 'demo' AND customer_id = 'C2005'").all<{ d: string }>();
    expect(dates.results.map((r) => r.d)).toEqual(["2026-11-20", "2026-11-20"]);

    const third = request({ customerId: "C2005", orderId: "N-10009", message: "The kettle from N-10009 stopped working." });
    const r = await runWith(third, [
      callTool("lookupCustomer", { customerId: "C2005" }),
      callTool("checkEligibility", { customerId: "C2005", orderId: "N-10009", lines: [], reason: "defective", receivedAt: "2026-11-20" }),
      callTool("issueRefund", { requestId: third.requestId, orderId: "N-10009", lines: [{ sku: "KTL-01", quantity: 1 }], reason: "defective", amountCents: 5900 }),
    ]);
    expect(r.view.status).toBe("waiting_for_review");
    expect(await pendingAnswerOf(r.runId)).toMatchObject({ decision: "escalate", orderId: "N-10009", refundCents: 0, codes: ["FREQUENT_REFUNDS"] });
  });
});
