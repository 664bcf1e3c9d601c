/**
 * The contract's customers and orders (shared/refund-policy.md), seeded for
 * the demo tenant. `seedRefundData` never overwrites (INSERT OR IGNORE), like
 * scripts/seed.sql, so a local database keeps what runs did.
 */
import type { AgentDemoData } from "../../runtime/agent-definition";
import type { StoredLine } from "./tables";

export interface SeedCustomer { id: string; name: string; tier: "standard" | "plus"; status: "active" | "blocked"; priorRefunds: string[] }
export interface SeedOrder { id: string; customerId: string; status: "shipped" | "delivered"; promisedBy: string; deliveredAt: string | null; shippingCents: number; lines: StoredLine[] }

export const DEMO_CUSTOMERS: readonly SeedCustomer[] = [
  { id: "C2001", name: "Maya Lopez", tier: "standard", status: "active", priorRefunds: [] },
  { id: "C2002", name: "Tom Becker", tier: "plus", status: "active", priorRefunds: [] },
  { id: "C2003", name: "Aiko Tanaka", tier: "standard", status: "active", priorRefunds: ["2026-09-02", "2026-10-15", "2026-11-01"] },
  { id: "C2004", name: "Omar Haddad", tier: "standard", status: "blocked", priorRefunds: [] },
  { id: "C2005", name: "Lena Fischer", tier: "plus", status: "active", priorRefunds: ["2026-08-01", "2026-11-12"] },
  { id: "C2006", name: "Sam Carter", tier: "standard", status: "active", priorRefunds: [] },
];

const l = (sku: string, name: string, quantity: number, unitCents: number, extra: Partial<Pick<StoredLine, "finalSale" | "refundedQuantity">> = {}): StoredLine =>
  ({ sku, name, quantity, unitCents, finalSale: extra.finalSale ?? false, refundedQuantity: extra.refundedQuantity ?? 0 });

export const DEMO_ORDERS: readonly SeedOrder[] = [
  { id: "N-10001", customerId: "C2001", status: "delivered", promisedBy: "2026-11-03", deliveredAt: "2026-11-02", shippingCents: 599, lines: [l("MUG-01", "Ceramic mug, blue", 2, 1450), l("TEE-07", "Organic cotton T-shirt, white, M", 1, 2200)] },
  { id: "N-10002", customerId: "C2001", status: "delivered", promisedBy: "2026-09-16", deliveredAt: "2026-09-15", shippingCents: 0, lines: [l("JKT-11", "Rain jacket, navy, L", 1, 12900)] },
  { id: "N-10003", customerId: "C2001", status: "shipped", promisedBy: "2026-11-15", deliveredAt: null, shippingCents: 750, lines: [l("LMP-03", "Brass desk lamp", 1, 6400)] },
  { id: "N-10015", customerId: "C2001", status: "delivered", promisedBy: "2026-11-07", deliveredAt: "2026-11-06", shippingCents: 0, lines: [l("MUG-02", "Ceramic mug, green", 1, 1450), l("BWL-01", "Ceramic salad bowl", 1, 1800)] },
  { id: "N-10004", customerId: "C2002", status: "delivered", promisedBy: "2026-08-27", deliveredAt: "2026-08-26", shippingCents: 0, lines: [l("HPH-20", "Wireless headphones", 1, 18900)] },
  { id: "N-10005", customerId: "C2002", status: "delivered", promisedBy: "2026-10-06", deliveredAt: "2026-10-09", shippingCents: 999, lines: [l("BOOT-43", "Leather hiking boots, size 43", 1, 16500), l("SOCK-3", "Merino wool socks, 3-pack", 1, 1800)] },
  { id: "N-10006", customerId: "C2002", status: "delivered", promisedBy: "2026-11-18", deliveredAt: "2026-11-17", shippingCents: 0, lines: [l("TENT-2", "Two-person tent", 1, 28900)] },
  { id: "N-10007", customerId: "C2003", status: "delivered", promisedBy: "2026-11-10", deliveredAt: "2026-11-09", shippingCents: 499, lines: [l("SCF-01", "Silk scarf", 1, 4500, { finalSale: true }), l("GLV-03", "Leather gloves", 1, 3800)] },
  { id: "N-10008", customerId: "C2004", status: "delivered", promisedBy: "2026-11-07", deliveredAt: "2026-11-06", shippingCents: 0, lines: [l("BAG-05", "Canvas tote bag", 1, 2900)] },
  { id: "N-10009", customerId: "C2005", status: "delivered", promisedBy: "2026-06-06", deliveredAt: "2026-06-05", shippingCents: 0, lines: [l("KTL-01", "Electric kettle", 1, 5900)] },
  { id: "N-10010", customerId: "C2005", status: "delivered", promisedBy: "2026-11-08", deliveredAt: "2026-11-07", shippingCents: 0, lines: [l("YOGA-1", "Yoga mat", 1, 4200), l("BOT-02", "Steel water bottle", 2, 2400, { refundedQuantity: 1 })] },
  { id: "N-10011", customerId: "C2006", status: "delivered", promisedBy: "2025-10-07", deliveredAt: "2025-10-06", shippingCents: 0, lines: [l("WCH-09", "Smart watch", 1, 24900)] },
  { id: "N-10012", customerId: "C2006", status: "delivered", promisedBy: "2026-11-19", deliveredAt: "2026-11-18", shippingCents: 600, lines: [l("SHRT-2", "Linen shirt, L", 2, 3900), l("CHN-32", "Chino trousers, 32", 1, 5500, { finalSale: true })] },
  { id: "N-10013", customerId: "C2006", status: "shipped", promisedBy: "2026-10-27", deliveredAt: null, shippingCents: 500, lines: [l("CAM-01", "Action camera", 1, 21900)] },
];

/** Seeds the contract's customers and orders for one tenant; existing rows are kept. */
export async function seedRefundData(db: D1Database, tenantId = "demo"): Promise<void> {
  const statements = [
    ...DEMO_CUSTOMERS.map((c) =>
      db.prepare("INSERT OR IGNORE INTO refund_customers (tenant_id, id, name, tier, status, prior_refunds) VALUES (?, ?, ?, ?, ?, ?)").bind(tenantId, c.id, c.name, c.tier, c.status, JSON.stringify(c.priorRefunds)),
    ),
    ...DEMO_ORDERS.map((o) =>
      db
        .prepare("INSERT OR IGNORE INTO refund_orders (tenant_id, id, customer_id, status, promised_by, delivered_at, shipping_cents, shipping_refunded, lines) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)")
        .bind(tenantId, o.id, o.customerId, o.status, o.promisedBy, o.deliveredAt, o.shippingCents, JSON.stringify(o.lines)),
    ),
  ];
  await db.batch(statements);
}

/** The agent's `demoData` hook: the same rows for any tenant (scripts/seed.sql holds them for `demo`). */
export const refundDemoData: AgentDemoData = { load: (d1, tenantId) => seedRefundData(d1, tenantId) };
