/**
 * The deterministic returns policy (contract: Policy, Decision): what
 * `checkEligibility` answers. Pure: the tools read the rows, this decides.
 * The model never computes an amount; every cent comes from here.
 */
import { ESCALATION_CODES, type Eligibility, type Line, type LineVerdict, type Reason } from "./schema";
import type { StoredLine } from "./tables";

export const REVIEW_THRESHOLD_CENTS = 25_000;
export const LABEL_THRESHOLD_CENTS = 5_000;
export const FREQUENT_REFUNDS_COUNT = 3;
export const FREQUENT_REFUNDS_DAYS = 90;
export const NOT_RECEIVED_AFTER_DAYS = 7;

export interface PolicyCustomer { id: string; tier: "standard" | "plus"; status: "active" | "blocked"; priorRefunds: string[] }
export interface PolicyOrder { id: string; customerId: string; status: "shipped" | "delivered"; promisedBy: string; deliveredAt: string | null; shippingCents: number; shippingRefunded: boolean; lines: StoredLine[] }
/** A refund this agent already issued (for remaining quantities and FREQUENT_REFUNDS); `refundedOn` is its request's receivedAt. */
export interface IssuedRefund { orderId: string; lines: Line[]; shippingCents: number; refundedOn: string }

const DAY_MS = 86_400_000;
/** Calendar days from `from` to `to` (ISO dates), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** What each line can still refund: ordered minus refunded before minus refunded by this agent. */
function remainingOf(order: PolicyOrder, issued: IssuedRefund[]): Map<string, number> {
  const left = new Map(order.lines.map((l) => [l.sku, l.quantity - l.refundedQuantity]));
  for (const r of issued) if (r.orderId === order.id) for (const l of r.lines) left.set(l.sku, (left.get(l.sku) ?? 0) - l.quantity);
  return left;
}

function shippingLeft(order: PolicyOrder, issued: IssuedRefund[]): number {
  if (order.shippingRefunded || issued.some((r) => r.orderId === order.id && r.shippingCents > 0)) return 0;
  return order.shippingCents;
}

function windowFor(reason: Reason, tier: PolicyCustomer["tier"]): { days: number; code: string } {
  if (reason === "changed_mind") return { days: tier === "plus" ? 60 : 30, code: "OUTSIDE_RETURN_WINDOW" };
  if (reason === "defective") return { days: 365, code: "WARRANTY_EXPIRED" };
  return { days: 60, code: "OUTSIDE_RETURN_WINDOW" };
}

export interface EligibilityArgs { customer: PolicyCustomer; order: PolicyOrder; lines: Line[]; reason: Reason; receivedAt: string; issued: IssuedRefund[] }

export function checkEligibility({ customer, order, lines, reason, receivedAt, issued }: EligibilityArgs): Eligibility {
  const codes = new Set<string>();
  const verdicts: LineVerdict[] = [];
  const refundLines: Line[] = [];
  let shippingCents = 0;
  let needsInfo = false;
  let labelNeeded = false;
  const left = remainingOf(order, issued);
  const shipLeft = shippingLeft(order, issued);
  const deny = (sku: string, quantity: number, code: string) => {
    codes.add(code);
    verdicts.push({ sku, quantity, verdict: "denied", refundCents: 0, codes: [code] });
  };
  const grant = (line: StoredLine, quantity: number) => {
    verdicts.push({ sku: line.sku, quantity, verdict: "refunded", refundCents: line.unitCents * quantity, codes: [] });
    refundLines.push({ sku: line.sku, quantity });
  };

  if (reason === "not_received") {
    // The order is enough: every line that can still be refunded, plus shipping.
    if (order.status === "delivered") {
      codes.add("DELIVERY_DISPUTE");
      for (const line of order.lines) if ((left.get(line.sku) ?? 0) > 0) grant(line, left.get(line.sku)!);
      shippingCents = shipLeft;
    } else if (daysBetween(order.promisedBy, receivedAt) >= NOT_RECEIVED_AFTER_DAYS) {
      for (const line of order.lines) {
        const q = left.get(line.sku) ?? 0;
        if (q > 0) grant(line, q);
        else deny(line.sku, line.quantity, "ALREADY_REFUNDED");
      }
      shippingCents = shipLeft;
    } else {
      for (const line of order.lines) deny(line.sku, line.quantity, "IN_TRANSIT");
    }
  } else if (reason === "late_delivery") {
    // Only the shipping fee is compensated; lines are not.
    if (order.status !== "delivered" || order.deliveredAt === null) codes.add("IN_TRANSIT");
    else if (daysBetween(order.promisedBy, order.deliveredAt) <= 0) codes.add("NOT_LATE");
    // Free shipping, or shipping already refunded (late or not received): nothing is left. ALREADY_REFUNDED is for lines refunded in full.
    else if (shipLeft === 0) codes.add("NOTHING_TO_REFUND");
    else shippingCents = shipLeft;
  } else {
    let wanted: Line[] = lines;
    if (wanted.length === 0) {
      if (order.lines.length === 1) wanted = [{ sku: order.lines[0]!.sku, quantity: order.lines[0]!.quantity }];
      else needsInfo = true;
    }
    // The same sku named twice is one line asking for the sum.
    const merged = new Map<string, number>();
    for (const w of wanted) merged.set(w.sku, (merged.get(w.sku) ?? 0) + w.quantity);
    const window = windowFor(reason, customer.tier);
    for (const [sku, asked] of merged) {
      const line = order.lines.find((l) => l.sku === sku);
      if (!line) {
        needsInfo = true;
        continue;
      }
      const q = Math.min(asked, left.get(sku) ?? 0);
      if (q <= 0) deny(sku, asked, "ALREADY_REFUNDED");
      else if (reason === "changed_mind" && line.finalSale) deny(sku, q, "FINAL_SALE");
      else if (order.deliveredAt === null) deny(sku, q, "IN_TRANSIT");
      else if (daysBetween(order.deliveredAt, receivedAt) > window.days) deny(sku, q, window.code);
      else grant(line, q);
    }
    if (needsInfo) codes.add("AMBIGUOUS_ITEMS");
  }

  const linesCents = verdicts.reduce((s, v) => s + v.refundCents, 0);
  const total = linesCents + shippingCents;
  if (reason === "changed_mind") labelNeeded = refundLines.length > 0;
  else if (reason === "damaged" || reason === "defective" || reason === "wrong_item") labelNeeded = linesCents > LABEL_THRESHOLD_CENTS;

  // A dispute refunds nothing by the policy (a person decides): its proposal is no refund the threshold could apply to.
  if (total > REVIEW_THRESHOLD_CENTS && !codes.has("DELIVERY_DISPUTE")) codes.add("REVIEW_THRESHOLD");
  if (customer.status === "blocked") codes.add("ACCOUNT_BLOCKED");
  const from = daysBetween("1970-01-01", receivedAt) - FREQUENT_REFUNDS_DAYS;
  const inWindow = (d: string) => { const n = daysBetween("1970-01-01", d); return n >= from && n <= from + FREQUENT_REFUNDS_DAYS; };
  const recent = customer.priorRefunds.filter(inWindow).length + issued.filter((r) => inWindow(r.refundedOn)).length;
  if (recent >= FREQUENT_REFUNDS_COUNT) codes.add("FREQUENT_REFUNDS");

  const base = { customerId: customer.id, orderId: order.id, reason, receivedAt, shippingCents };
  if (needsInfo) {
    // Contract: no order, line or account rule is checked.
    return { ...base, decision: "needs_info", lines: [], refundLines: [], shippingCents: 0, refundCents: 0, returnLabel: false, codes: ["AMBIGUOUS_ITEMS"] };
  }
  const escalate = [...codes].some((c) => (ESCALATION_CODES as readonly string[]).includes(c));
  const decision = escalate ? "escalate" : total === 0 ? "deny" : "refund";
  const shown = escalate ? verdicts.map((v) => (v.verdict === "refunded" ? { ...v, verdict: "needs_review" as const } : v)) : verdicts;
  return { ...base, decision, lines: shown, refundLines, refundCents: total, // For an escalation: whether a label is needed if a person approves the refund.
    returnLabel: decision !== "deny" && labelNeeded, codes: [...codes].sort() };
}
