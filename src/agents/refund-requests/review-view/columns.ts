/**
 * The refund agent's columns in the dashboard's shared lists. The queue reads
 * the review subject (`reviewSubject`: request, customer, order when named)
 * plus, looked up when the queue renders, the customer's name (the agent's
 * customers table) and the order and amount of the proposed issueRefund call
 * (the subject is written before the agent has identified either).
 */
import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { AgentReviewView, DisplayColumn, DisplayValues } from "../../../runtime/review-view";
import { refundCustomers } from "../tables";
import { proposedRefund } from "./facts";

export const REFUND_QUEUE_COLUMNS: readonly DisplayColumn[] = [
  { label: "Request", field: "request", format: "text" },
  { label: "Customer", field: "customerName", format: "text", missing: "not a customer", detail: { field: "customer", format: "text" } },
  { label: "Order", field: "order", format: "text" },
  { label: "Refund proposed", field: "proposedCents", format: "cents" },
];

export const REFUND_RUN_COLUMNS: readonly DisplayColumn[] = [
  { label: "Request", field: "requestId", format: "text", searchable: true },
  { label: "Customer", field: "customerId", format: "text", searchable: true },
  { label: "Order", field: "orderId", format: "text", searchable: true },
];

async function lookupSubjects(src: { env: Env; tenantId: string; subjects: readonly DisplayValues[]; proposals?: readonly unknown[] }): Promise<DisplayValues[]> {
  const ids = [...new Set(src.subjects.map((s) => s.customer).filter((v): v is string => typeof v === "string" && v !== ""))].slice(0, 100);
  const rows = ids.length
    ? await drizzle(src.env.DB)
        .select({ id: refundCustomers.id, name: refundCustomers.name })
        .from(refundCustomers)
        .where(and(eq(refundCustomers.tenantId, src.tenantId), inArray(refundCustomers.id, ids)))
        .all()
    : [];
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return src.subjects.map((s, i) => {
    const out: Record<string, unknown> = { ...s };
    const name = typeof s.customer === "string" ? names.get(s.customer) : undefined;
    if (name !== undefined) out.customerName = name;
    const refund = proposedRefund(src.proposals?.[i]);
    if (refund) {
      out.proposedCents = refund.amountCents;
      if (out.order === undefined) out.order = refund.orderId;
    }
    return out;
  });
}

export const refundColumns: Pick<AgentReviewView, "queueColumns" | "runColumns" | "lookupSubjects"> = {
  queueColumns: REFUND_QUEUE_COLUMNS,
  runColumns: REFUND_RUN_COLUMNS,
  lookupSubjects,
};
