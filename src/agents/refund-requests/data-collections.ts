/**
 * The data the refund agent reads per tenant: customers and their orders
 * (its tools read them by tenant, customer and order id, see store.ts). Each
 * collection is replaced whole by an operator. An order must belong to a
 * customer already stored for the tenant (load customers first): an order
 * whose customer is missing could never be reached by a request.
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { z } from "zod";
import { chunked, defineDataCollection, insertChunks, replaceStatements, type AgentDataCollection, type RecordProblem } from "../../runtime/agent-data";
import { refundCustomers, refundOrders } from "./tables";

const Id = z.string().min(1).max(32);
const Cents = z.number().int().nonnegative();
const IsoDate = z.iso.date();

export const CustomerRecord = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  tier: z.enum(refundCustomers.tier.enumValues),
  status: z.enum(refundCustomers.status.enumValues),
  /** Dates of refunds made before this agent (FREQUENT_REFUNDS counts them). */
  priorRefunds: z.array(IsoDate).max(1_000).default([]),
});

export const OrderLineRecord = z
  .object({
    sku: z.string().min(1).max(32),
    name: z.string().min(1).max(200),
    quantity: z.number().int().positive().max(1_000),
    unitCents: Cents,
    finalSale: z.boolean().default(false),
    refundedQuantity: z.number().int().nonnegative().default(0),
  })
  .refine((l) => l.refundedQuantity <= l.quantity, { path: ["refundedQuantity"], message: "refundedQuantity cannot exceed quantity" });

export const OrderRecord = z
  .object({
    // The tools look orders up by the upper-cased id (customers type "n-10001").
    id: Id.regex(/^[^a-z]+$/, "order ids are upper case"),
    customerId: Id,
    status: z.enum(refundOrders.status.enumValues),
    promisedBy: IsoDate,
    deliveredAt: IsoDate.nullable(),
    shippingCents: Cents,
    /** Whether the shipping fee was refunded before this agent. */
    shippingRefunded: z.boolean().default(false),
    lines: z.array(OrderLineRecord).min(1).max(100),
  })
  .superRefine((o, ctx) => {
    if (o.status === "delivered" && o.deliveredAt === null) ctx.addIssue({ code: "custom", path: ["deliveredAt"], message: "a delivered order needs deliveredAt" });
    if (o.status === "shipped" && o.deliveredAt !== null) ctx.addIssue({ code: "custom", path: ["deliveredAt"], message: "a shipped order has no deliveredAt yet" });
    // Refunds name lines by sku: two lines with one sku would be ambiguous.
    const seen = new Set<string>();
    for (const [i, line] of o.lines.entries()) {
      if (seen.has(line.sku)) ctx.addIssue({ code: "custom", path: ["lines", i, "sku"], message: `sku ${line.sku} appears twice in the order` });
      seen.add(line.sku);
    }
  });

type Order = z.output<typeof OrderRecord>;

const db = (d1: D1Database) => drizzle(d1);
const customers = defineDataCollection({
  description: "Customers: name, tier (plus has longer return windows), status (blocked customers are escalated) and earlier refund dates.",
  record: CustomerRecord,
  key: (c) => c.id,
  async replace(d1, tenantId, records) {
    const d = db(d1);
    const rows = records.map((c) => ({ tenantId, ...c }));
    await d.batch(replaceStatements(d.delete(refundCustomers).where(eq(refundCustomers.tenantId, tenantId)), insertChunks(rows, 6).map((chunk) => d.insert(refundCustomers).values(chunk))));
  },
  async list(d1, tenantId, page) {
    return db(d1)
      .select({ id: refundCustomers.id, name: refundCustomers.name, tier: refundCustomers.tier, status: refundCustomers.status, priorRefunds: refundCustomers.priorRefunds })
      .from(refundCustomers)
      .where(and(eq(refundCustomers.tenantId, tenantId), page.after === null ? undefined : gt(refundCustomers.id, page.after)))
      .orderBy(asc(refundCustomers.id))
      .limit(page.limit)
      .all();
  },
});

/** The first order whose customer is not stored for the tenant (ids asked in chunks: D1 binds at most 100 parameters). */
async function firstUnknownCustomer(d1: D1Database, tenantId: string, orders: Order[]): Promise<RecordProblem | null> {
  const wanted = [...new Set(orders.map((o) => o.customerId))];
  const known = new Set<string>();
  for (const ids of chunked(wanted, 90)) {
    const rows = await db(d1).select({ id: refundCustomers.id }).from(refundCustomers).where(and(eq(refundCustomers.tenantId, tenantId), inArray(refundCustomers.id, ids))).all();
    for (const r of rows) known.add(r.id);
  }
  const index = orders.findIndex((o) => !known.has(o.customerId));
  if (index < 0) return null;
  return { code: "UNKNOWN_CUSTOMER", index, path: ["customerId"], message: `customer ${orders[index]!.customerId} is not among this tenant's customers; load customers first` };
}

const orders = defineDataCollection({
  description: "Orders: customer, delivery dates, shipping fee and lines (quantity, unit price, final sale, quantity refunded before this agent). Each order's customer must already be loaded.",
  record: OrderRecord,
  key: (o) => o.id,
  check: firstUnknownCustomer,
  async replace(d1, tenantId, records) {
    const d = db(d1);
    const rows = records.map((o) => ({ tenantId, ...o }));
    await d.batch(replaceStatements(d.delete(refundOrders).where(eq(refundOrders.tenantId, tenantId)), insertChunks(rows, 9).map((c) => d.insert(refundOrders).values(c))));
  },
  async list(d1, tenantId, page) {
    return db(d1)
      .select({
        id: refundOrders.id,
        customerId: refundOrders.customerId,
        status: refundOrders.status,
        promisedBy: refundOrders.promisedBy,
        deliveredAt: refundOrders.deliveredAt,
        shippingCents: refundOrders.shippingCents,
        shippingRefunded: refundOrders.shippingRefunded,
        lines: refundOrders.lines,
      })
      .from(refundOrders)
      .where(and(eq(refundOrders.tenantId, tenantId), page.after === null ? undefined : gt(refundOrders.id, page.after)))
      .orderBy(asc(refundOrders.id))
      .limit(page.limit)
      .all();
  },
});

export const refundDataCollections: Readonly<Record<string, AgentDataCollection>> = { customers, orders };
