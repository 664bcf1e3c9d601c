/** Reads of this agent's tables (drizzle), scoped to one tenant. */
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { IssuedRefund, PolicyCustomer, PolicyOrder } from "./policy";
import { refundCustomers, refundOrders, refundsIssued } from "./tables";

const db = (d1: D1Database) => drizzle(d1);

export type CustomerRow = PolicyCustomer & { name: string };

export async function findCustomer(d1: D1Database, tenantId: string, customerId: string): Promise<CustomerRow | undefined> {
  return db(d1).select().from(refundCustomers).where(and(eq(refundCustomers.tenantId, tenantId), eq(refundCustomers.id, customerId))).get();
}

export async function ordersOf(d1: D1Database, tenantId: string, customerId: string): Promise<PolicyOrder[]> {
  return db(d1).select().from(refundOrders).where(and(eq(refundOrders.tenantId, tenantId), eq(refundOrders.customerId, customerId))).orderBy(refundOrders.id).all();
}

/** The order only when it is this customer's: another customer's order reads as missing. */
export async function orderOf(d1: D1Database, tenantId: string, customerId: string, orderId: string): Promise<PolicyOrder | undefined> {
  return db(d1)
    .select()
    .from(refundOrders)
    .where(and(eq(refundOrders.tenantId, tenantId), eq(refundOrders.id, orderId.toUpperCase()), eq(refundOrders.customerId, customerId)))
    .get();
}

export async function issuedFor(d1: D1Database, tenantId: string, customerId: string): Promise<IssuedRefund[]> {
  return db(d1).select().from(refundsIssued).where(and(eq(refundsIssued.tenantId, tenantId), eq(refundsIssued.customerId, customerId))).all();
}

export async function issuedByRequest(d1: D1Database, tenantId: string, requestId: string) {
  return db(d1).select().from(refundsIssued).where(and(eq(refundsIssued.tenantId, tenantId), eq(refundsIssued.requestId, requestId))).get();
}

/** Every customer's name and order ids (the reply guard keeps other customers out of a reply). */
export async function directory(d1: D1Database, tenantId: string): Promise<{ customers: { id: string; name: string }[]; orders: { id: string; customerId: string }[] }> {
  const customers = await db(d1).select({ id: refundCustomers.id, name: refundCustomers.name }).from(refundCustomers).where(eq(refundCustomers.tenantId, tenantId)).all();
  const orders = await db(d1).select({ id: refundOrders.id, customerId: refundOrders.customerId }).from(refundOrders).where(eq(refundOrders.tenantId, tenantId)).all();
  return { customers, orders };
}
