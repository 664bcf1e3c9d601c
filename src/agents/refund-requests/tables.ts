/**
 * Tables `refund-requests` owns (drizzle). Read/written only by this agent's
 * tools. Lines and prior-refund dates are JSON: an order is always read whole,
 * one order per call, so a join table would buy nothing.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const refundCustomers = sqliteTable(
  "refund_customers",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    tier: text("tier", { enum: ["standard", "plus"] }).notNull(),
    status: text("status", { enum: ["active", "blocked"] }).notNull(),
    /** ISO dates of refunds made before this agent (JSON string[]). */
    priorRefunds: text("prior_refunds", { mode: "json" }).$type<string[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export interface StoredLine {
  sku: string;
  name: string;
  quantity: number;
  unitCents: number;
  finalSale: boolean;
  /** Quantity refunded before this agent (seed data). */
  refundedQuantity: number;
}

export const refundOrders = sqliteTable(
  "refund_orders",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    customerId: text("customer_id").notNull(),
    status: text("status", { enum: ["shipped", "delivered"] }).notNull(),
    promisedBy: text("promised_by").notNull(),
    deliveredAt: text("delivered_at"),
    shippingCents: integer("shipping_cents").notNull(),
    /** Whether the shipping fee was refunded before this agent. */
    shippingRefunded: integer("shipping_refunded", { mode: "boolean" }).notNull().default(false),
    lines: text("lines", { mode: "json" }).$type<StoredLine[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("refund_orders_customer").on(t.tenantId, t.customerId)],
);

/** Refunds this agent issued: at most one per request (the natural idempotency key). */
export const refundsIssued = sqliteTable(
  "refunds_issued",
  {
    tenantId: text("tenant_id").notNull(),
    requestId: text("request_id").notNull(),
    customerId: text("customer_id").notNull(),
    orderId: text("order_id").notNull(),
    reason: text("reason").notNull(),
    lines: text("lines", { mode: "json" }).$type<{ sku: string; quantity: number }[]>().notNull(),
    shippingCents: integer("shipping_cents").notNull(),
    amountCents: integer("amount_cents").notNull(),
    /** The request's receivedAt: what FREQUENT_REFUNDS counts by. */
    refundedOn: text("refunded_on").notNull(),
    runId: text("run_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.requestId] }), index("refunds_issued_order").on(t.tenantId, t.orderId), index("refunds_issued_customer").on(t.tenantId, t.customerId)],
);

export const refundReturnLabels = sqliteTable(
  "refund_return_labels",
  {
    tenantId: text("tenant_id").notNull(),
    requestId: text("request_id").notNull(),
    orderId: text("order_id").notNull(),
    lines: text("lines", { mode: "json" }).$type<{ sku: string; quantity: number }[]>().notNull(),
    runId: text("run_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.requestId] })],
);

/** Replies sent: at most two per request (the first; one more after a person decided). */
export const refundReplies = sqliteTable(
  "refund_replies",
  {
    tenantId: text("tenant_id").notNull(),
    requestId: text("request_id").notNull(),
    seq: integer("seq").notNull(),
    text: text("text").notNull(),
    runId: text("run_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("refund_replies_request_seq").on(t.tenantId, t.requestId, t.seq)],
);
