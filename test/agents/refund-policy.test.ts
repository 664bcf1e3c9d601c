/**
 * `checkEligibility` (the deterministic policy) against every code of the
 * contract and both sides of every day boundary, on the contract's data.
 */
import { describe, expect, it } from "vitest";
import { DEMO_CUSTOMERS, DEMO_ORDERS } from "../../src/agents/refund-requests/demo-data";
import { checkEligibility, type IssuedRefund, type PolicyOrder } from "../../src/agents/refund-requests/policy";
import type { Line, Reason } from "../../src/agents/refund-requests/schema";

const customer = (id: string) => DEMO_CUSTOMERS.find((c) => c.id === id)!;
const order = (id: string, over: Partial<PolicyOrder> = {}): PolicyOrder => ({ ...DEMO_ORDERS.find((o) => o.id === id)!, shippingRefunded: false, ...over });
function check(orderId: string, reason: Reason, receivedAt: string, lines: Line[] = [], issued: IssuedRefund[] = [], over: Partial<PolicyOrder> = {}) {
  const o = order(orderId, over);
  return checkEligibility({ customer: customer(o.customerId), order: o, lines, reason, receivedAt, issued });
}

describe("checkEligibility: the contract's worked examples", () => {
  it("both blue mugs arrived shattered: refund 2900, no label (29.00 is not above 50.00)", () => {
    expect(check("N-10001", "damaged", "2026-11-20", [{ sku: "MUG-01", quantity: 2 }])).toMatchObject({ decision: "refund", refundCents: 2900, returnLabel: false, codes: [], refundLines: [{ sku: "MUG-01", quantity: 2 }] });
  });
  it("the tent is too small (plus tier, 3 days): 289.00 is above 250.00, escalate REVIEW_THRESHOLD", () => {
    const e = check("N-10006", "changed_mind", "2026-11-20", [{ sku: "TENT-2", quantity: 1 }]);
    expect(e).toMatchObject({ decision: "escalate", codes: ["REVIEW_THRESHOLD"], refundCents: 28900 });
    expect(e.lines[0]).toMatchObject({ verdict: "needs_review" });
  });
  it("action camera never arrived, 24 days after promisedBy: refund 22400 with shipping, no label", () => {
    expect(check("N-10013", "not_received", "2026-11-20")).toMatchObject({ decision: "refund", refundCents: 22400, shippingCents: 500, returnLabel: false, codes: [] });
  });
  it("the chinos don't fit: final sale, deny FINAL_SALE", () => {
    expect(check("N-10012", "changed_mind", "2026-11-20", [{ sku: "CHN-32", quantity: 1 }])).toMatchObject({ decision: "deny", refundCents: 0, codes: ["FINAL_SALE"] });
  });
});

describe("checkEligibility: day boundaries (calendar days from deliveredAt; 'within N' is at most N)", () => {
  const mug = [{ sku: "MUG-01", quantity: 1 }];
  it.each([
    ["changed_mind, standard: 30 days", "N-10001", "changed_mind", "2026-12-02", "2026-12-03", mug, "OUTSIDE_RETURN_WINDOW"],
    ["changed_mind, plus: 60 days", "N-10004", "changed_mind", "2026-10-25", "2026-10-26", [], "OUTSIDE_RETURN_WINDOW"],
    ["damaged: 60 days", "N-10001", "damaged", "2027-01-01", "2027-01-02", mug, "OUTSIDE_RETURN_WINDOW"],
    ["wrong_item: 60 days", "N-10001", "wrong_item", "2027-01-01", "2027-01-02", mug, "OUTSIDE_RETURN_WINDOW"],
    ["defective: 365 days", "N-10011", "defective", "2026-10-06", "2026-10-07", [], "WARRANTY_EXPIRED"],
  ] as const)("%s", (_name, orderId, reason, lastIn, firstOut, lines, code) => {
    expect(check(orderId, reason, lastIn, [...lines])).toMatchObject({ decision: "refund", codes: [] });
    expect(check(orderId, reason, firstOut, [...lines])).toMatchObject({ decision: "deny", refundCents: 0, codes: [code] });
  });

  it("not_received: refunded from 7 days after promisedBy; earlier IN_TRANSIT", () => {
    expect(check("N-10013", "not_received", "2026-11-03")).toMatchObject({ decision: "refund", refundCents: 22400 });
    expect(check("N-10013", "not_received", "2026-11-02")).toMatchObject({ decision: "deny", refundCents: 0, codes: ["IN_TRANSIT"] });
  });

  it("FREQUENT_REFUNDS: three refunds from receivedAt minus 90 days to receivedAt, both included", () => {
    // C2003's prior refunds: 2026-09-02, 2026-10-15, 2026-11-01.
    expect(check("N-10007", "damaged", "2026-12-01", [{ sku: "GLV-03", quantity: 1 }]).codes).toEqual(["FREQUENT_REFUNDS"]);
    expect(check("N-10007", "damaged", "2026-12-02", [{ sku: "GLV-03", quantity: 1 }]).codes).toEqual([]);
    expect(check("N-10007", "damaged", "2026-11-01", [{ sku: "GLV-03", quantity: 1 }]).codes).toEqual(["FREQUENT_REFUNDS"]);
    // C2005 has one in the window (2026-08-01 is 111 days back); two this agent issued make three.
    const mine = (refundedOn: string): IssuedRefund => ({ orderId: "N-10009", lines: [], shippingCents: 0, refundedOn });
    expect(check("N-10010", "damaged", "2026-11-20", [{ sku: "YOGA-1", quantity: 1 }], [mine("2026-11-15")]).codes).toEqual([]);
    expect(check("N-10010", "damaged", "2026-11-20", [{ sku: "YOGA-1", quantity: 1 }], [mine("2026-11-15"), mine("2026-11-20")])).toMatchObject({ decision: "escalate", codes: ["FREQUENT_REFUNDS"] });
    expect(check("N-10010", "damaged", "2026-11-20", [{ sku: "YOGA-1", quantity: 1 }], [mine("2026-11-15"), mine("2026-11-21")]).codes).toEqual([]);
  });
});

describe("checkEligibility: every code", () => {
  it("FINAL_SALE only for changed_mind; damaged final-sale lines are refunded", () => {
    expect(check("N-10007", "changed_mind", "2026-11-20", [{ sku: "SCF-01", quantity: 1 }]).codes).toEqual(["FINAL_SALE", "FREQUENT_REFUNDS"]);
    expect(check("N-10012", "damaged", "2026-11-20", [{ sku: "CHN-32", quantity: 1 }])).toMatchObject({ decision: "refund", refundCents: 5500, returnLabel: true });
  });

  it("ALREADY_REFUNDED: a partly refunded line is cut to what is left; a fully refunded one is denied first", () => {
    const e = check("N-10010", "damaged", "2026-11-20", [{ sku: "BOT-02", quantity: 2 }]);
    expect(e).toMatchObject({ decision: "refund", refundCents: 2400, refundLines: [{ sku: "BOT-02", quantity: 1 }] });
    const issued: IssuedRefund = { orderId: "N-10010", lines: [{ sku: "BOT-02", quantity: 1 }], shippingCents: 0, refundedOn: "2025-01-01" };
    expect(check("N-10010", "changed_mind", "2026-11-20", [{ sku: "BOT-02", quantity: 1 }], [issued])).toMatchObject({ decision: "deny", codes: ["ALREADY_REFUNDED"] });
  });

  it("REVIEW_THRESHOLD is above 250.00: exactly 250.00 is refunded", () => {
    expect(check("N-10006", "damaged", "2026-11-20", [], [], { lines: [{ ...order("N-10006").lines[0]!, unitCents: 25_000 }] })).toMatchObject({ decision: "refund", refundCents: 25_000, codes: [] });
    expect(check("N-10006", "damaged", "2026-11-20", [], [], { lines: [{ ...order("N-10006").lines[0]!, unitCents: 25_001 }] })).toMatchObject({ decision: "escalate", codes: ["REVIEW_THRESHOLD"] });
  });

  it("ACCOUNT_BLOCKED escalates, with the line verdict kept for the person", () => {
    expect(check("N-10008", "damaged", "2026-11-20")).toMatchObject({ decision: "escalate", codes: ["ACCOUNT_BLOCKED"], refundCents: 2900, lines: [{ sku: "BAG-05", verdict: "needs_review" }] });
  });

  it("DELIVERY_DISPUTE: not_received on a delivered order escalates", () => {
    expect(check("N-10001", "not_received", "2026-11-20")).toMatchObject({ decision: "escalate", codes: ["DELIVERY_DISPUTE"] });
  });

  it("late_delivery: shipping refunded; free shipping NOTHING_TO_REFUND; on time NOT_LATE whatever the fee; no time limit", () => {
    expect(check("N-10005", "late_delivery", "2027-11-20")).toMatchObject({ decision: "refund", refundCents: 999, refundLines: [], returnLabel: false, codes: [] });
    expect(check("N-10005", "late_delivery", "2026-11-20", [], [], { shippingCents: 0 })).toMatchObject({ decision: "deny", codes: ["NOTHING_TO_REFUND"] });
    expect(check("N-10001", "late_delivery", "2026-11-20")).toMatchObject({ decision: "deny", codes: ["NOT_LATE"] });
    // Delivered exactly on promisedBy is not late.
    expect(check("N-10005", "late_delivery", "2026-11-20", [], [], { deliveredAt: "2026-10-06" })).toMatchObject({ decision: "deny", codes: ["NOT_LATE"] });
  });

  it("AMBIGUOUS_ITEMS: no item named on a multi-line order (or an item not in it); one line is that line", () => {
    expect(check("N-10001", "damaged", "2026-11-20")).toMatchObject({ decision: "needs_info", codes: ["AMBIGUOUS_ITEMS"], refundCents: 0 });
    expect(check("N-10001", "damaged", "2026-11-20", [{ sku: "HPH-20", quantity: 1 }])).toMatchObject({ decision: "needs_info", codes: ["AMBIGUOUS_ITEMS"] });
    expect(check("N-10002", "defective", "2026-11-20")).toMatchObject({ decision: "refund", refundCents: 12_900, returnLabel: true });
  });

  it("return labels: damaged above 50.00 only (exactly 50.00 none); changed_mind always", () => {
    expect(check("N-10001", "damaged", "2026-11-20", [], [], { lines: [{ ...order("N-10001").lines[0]!, quantity: 1, unitCents: 5_000 }] })).toMatchObject({ refundCents: 5_000, returnLabel: false });
    expect(check("N-10001", "damaged", "2026-11-20", [], [], { lines: [{ ...order("N-10001").lines[0]!, quantity: 1, unitCents: 5_001 }] })).toMatchObject({ returnLabel: true });
    expect(check("N-10001", "changed_mind", "2026-11-20", [{ sku: "MUG-01", quantity: 1 }])).toMatchObject({ refundCents: 1_450, returnLabel: true });
  });

  it("a quantity above what can be refunded is cut to it; 'the whole order' is every line", () => {
    expect(check("N-10001", "damaged", "2026-11-20", [{ sku: "MUG-01", quantity: 5 }])).toMatchObject({ refundCents: 2_900, refundLines: [{ sku: "MUG-01", quantity: 2 }] });
    expect(check("N-10001", "damaged", "2026-11-20", [{ sku: "MUG-01", quantity: 2 }, { sku: "TEE-07", quantity: 1 }])).toMatchObject({ refundCents: 5_100, returnLabel: true });
  });
});
