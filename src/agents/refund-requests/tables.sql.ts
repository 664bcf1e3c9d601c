/**
 * The same tables as `tables.ts`, as SQL, for tests until the generated
 * migration exists (the lead adds `src/agents/refund-requests/tables.ts` to
 * drizzle.config.ts's `schema` and runs `npx drizzle-kit generate`).
 */
export const REFUND_TABLES_SQL: string[] = [
  `CREATE TABLE IF NOT EXISTS refund_customers (tenant_id text NOT NULL, id text NOT NULL, name text NOT NULL, tier text NOT NULL, status text NOT NULL, prior_refunds text NOT NULL, PRIMARY KEY (tenant_id, id))`,
  `CREATE TABLE IF NOT EXISTS refund_orders (tenant_id text NOT NULL, id text NOT NULL, customer_id text NOT NULL, status text NOT NULL, promised_by text NOT NULL, delivered_at text, shipping_cents integer NOT NULL, shipping_refunded integer DEFAULT false NOT NULL, lines text NOT NULL, PRIMARY KEY (tenant_id, id))`,
  `CREATE INDEX IF NOT EXISTS refund_orders_customer ON refund_orders (tenant_id, customer_id)`,
  `CREATE TABLE IF NOT EXISTS refunds_issued (tenant_id text NOT NULL, request_id text NOT NULL, customer_id text NOT NULL, order_id text NOT NULL, reason text NOT NULL, lines text NOT NULL, shipping_cents integer NOT NULL, amount_cents integer NOT NULL, refunded_on text NOT NULL, run_id text NOT NULL, created_at integer NOT NULL, PRIMARY KEY (tenant_id, request_id))`,
  `CREATE INDEX IF NOT EXISTS refunds_issued_order ON refunds_issued (tenant_id, order_id)`,
  `CREATE INDEX IF NOT EXISTS refunds_issued_customer ON refunds_issued (tenant_id, customer_id)`,
  `CREATE TABLE IF NOT EXISTS refund_return_labels (tenant_id text NOT NULL, request_id text NOT NULL, order_id text NOT NULL, lines text NOT NULL, run_id text NOT NULL, created_at integer NOT NULL, PRIMARY KEY (tenant_id, request_id))`,
  `CREATE TABLE IF NOT EXISTS refund_replies (tenant_id text NOT NULL, request_id text NOT NULL, seq integer NOT NULL, text text NOT NULL, run_id text NOT NULL, created_at integer NOT NULL)`,
  `CREATE UNIQUE INDEX IF NOT EXISTS refund_replies_request_seq ON refund_replies (tenant_id, request_id, seq)`,
];
