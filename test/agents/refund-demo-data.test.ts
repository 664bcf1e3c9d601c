/**
 * The refund agent's demo data: the local seed (scripts/seed.sql) holds for
 * tenant `demo` exactly the rows `demoData.load` gives any tenant, in the
 * tables the generated migration creates.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findAgent } from "../../src/agents/registry";
import { DEMO_CUSTOMERS, DEMO_ORDERS } from "../../src/agents/refund-requests/demo-data";

async function rows(tenantId: string) {
  const customers = await env.DB.prepare("SELECT id, name, tier, status, prior_refunds FROM refund_customers WHERE tenant_id = ? ORDER BY id").bind(tenantId).all<Record<string, string>>();
  const orders = await env.DB.prepare("SELECT id, customer_id, status, promised_by, delivered_at, shipping_cents, lines FROM refund_orders WHERE tenant_id = ? ORDER BY id").bind(tenantId).all<Record<string, string | number | null>>();
  return {
    customers: customers.results.map((c) => ({ id: c.id, name: c.name, tier: c.tier, status: c.status, priorRefunds: JSON.parse(c.prior_refunds!) })),
    orders: orders.results.map((o) => ({ id: o.id, customerId: o.customer_id, status: o.status, promisedBy: o.promised_by, deliveredAt: o.delivered_at, shippingCents: o.shipping_cents, lines: JSON.parse(String(o.lines)) })),
  };
}

const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

describe("refund-requests demo data", () => {
  it("the seed's demo rows are the agent's demo data; demoData.load gives the same to a new tenant, idempotently", async () => {
    expect(await rows("demo")).toEqual({ customers: byId(DEMO_CUSTOMERS), orders: byId(DEMO_ORDERS) });
    const agent = findAgent("refund-requests")!;
    await agent.demoData!.load(env.DB, "t-refund-demo");
    await agent.demoData!.load(env.DB, "t-refund-demo");
    expect(await rows("t-refund-demo")).toEqual(await rows("demo"));
  });
});
