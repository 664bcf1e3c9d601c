-- Local demo data, applied by `npm run dev` and by the test setup. Never applied
-- to production (production tenants and keys are created by an operator).
-- Keys are stored as SHA-256 digests only:
--   dev-local-key       -> client   (calls /v1/*)
--   dev-reviewer-token  -> reviewer (decides review items)
--   dev-operator-token  -> operator (also breaker reset and stage changes)
INSERT INTO tenants (id, name, created_at) VALUES ('demo', 'Demo tenant', 1764000000000)
  ON CONFLICT(id) DO NOTHING;
INSERT INTO api_keys (id, tenant_id, key_hash, role, label, created_at) VALUES
  ('key_demo_client', 'demo', '3700285e3c8496a57e45eb1ccd43f2424852788576961320fbb31f86f17edb61', 'client', 'local client key', 1764000000000),
  ('key_demo_reviewer', 'demo', 'ca634bc200b5ad96cb5ac2d9fba3c1d4a444e6e7fa74824f929b252296ad2154', 'reviewer', 'local reviewer', 1764000000000),
  ('key_demo_operator', 'demo', '277e6a75a6980887d1bc5c738e59a2504e3e2696d8f9fbf675b7fc49dabd2cf8', 'operator', 'local operator', 1764000000000)
  ON CONFLICT(id) DO NOTHING;
-- The employee directory of the expense policy (shared/expense-policy.md).
INSERT INTO employees (tenant_id, id, name, status, level) VALUES
  ('demo', 'E1001', 'Ada Park', 'active', 'staff'),
  ('demo', 'E1002', 'Bruno Silva', 'active', 'manager'),
  ('demo', 'E1003', 'Chen Wei', 'active', 'director'),
  ('demo', 'E1004', 'Dana Okafor', 'on_leave', 'staff'),
  ('demo', 'E1005', 'Emil Novak', 'terminated', 'staff'),
  ('demo', 'E1006', 'Farah Haddad', 'active', 'staff')
  ON CONFLICT(tenant_id, id) DO NOTHING;
-- The customers and orders of the refund policy (shared/refund-policy.md), the
-- same rows as src/agents/refund-requests/demo-data.ts (a test checks they match).
INSERT INTO refund_customers (tenant_id, id, name, tier, status, prior_refunds) VALUES
  ('demo', 'C2001', 'Maya Lopez', 'standard', 'active', '[]'),
  ('demo', 'C2002', 'Tom Becker', 'plus', 'active', '[]'),
  ('demo', 'C2003', 'Aiko Tanaka', 'standard', 'active', '["2026-09-02","2026-10-15","2026-11-01"]'),
  ('demo', 'C2004', 'Omar Haddad', 'standard', 'blocked', '[]'),
  ('demo', 'C2005', 'Lena Fischer', 'plus', 'active', '["2026-08-01","2026-11-12"]'),
  ('demo', 'C2006', 'Sam Carter', 'standard', 'active', '[]')
  ON CONFLICT(tenant_id, id) DO NOTHING;
INSERT INTO refund_orders (tenant_id, id, customer_id, status, promised_by, delivered_at, shipping_cents, shipping_refunded, lines) VALUES
  ('demo', 'N-10001', 'C2001', 'delivered', '2026-11-03', '2026-11-02', 599, 0,
   '[{"sku":"MUG-01","name":"Ceramic mug, blue","quantity":2,"unitCents":1450,"finalSale":false,"refundedQuantity":0},{"sku":"TEE-07","name":"Organic cotton T-shirt, white, M","quantity":1,"unitCents":2200,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10002', 'C2001', 'delivered', '2026-09-16', '2026-09-15', 0, 0,
   '[{"sku":"JKT-11","name":"Rain jacket, navy, L","quantity":1,"unitCents":12900,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10003', 'C2001', 'shipped', '2026-11-15', NULL, 750, 0,
   '[{"sku":"LMP-03","name":"Brass desk lamp","quantity":1,"unitCents":6400,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10015', 'C2001', 'delivered', '2026-11-07', '2026-11-06', 0, 0,
   '[{"sku":"MUG-02","name":"Ceramic mug, green","quantity":1,"unitCents":1450,"finalSale":false,"refundedQuantity":0},{"sku":"BWL-01","name":"Ceramic salad bowl","quantity":1,"unitCents":1800,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10004', 'C2002', 'delivered', '2026-08-27', '2026-08-26', 0, 0,
   '[{"sku":"HPH-20","name":"Wireless headphones","quantity":1,"unitCents":18900,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10005', 'C2002', 'delivered', '2026-10-06', '2026-10-09', 999, 0,
   '[{"sku":"BOOT-43","name":"Leather hiking boots, size 43","quantity":1,"unitCents":16500,"finalSale":false,"refundedQuantity":0},{"sku":"SOCK-3","name":"Merino wool socks, 3-pack","quantity":1,"unitCents":1800,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10006', 'C2002', 'delivered', '2026-11-18', '2026-11-17', 0, 0,
   '[{"sku":"TENT-2","name":"Two-person tent","quantity":1,"unitCents":28900,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10007', 'C2003', 'delivered', '2026-11-10', '2026-11-09', 499, 0,
   '[{"sku":"SCF-01","name":"Silk scarf","quantity":1,"unitCents":4500,"finalSale":true,"refundedQuantity":0},{"sku":"GLV-03","name":"Leather gloves","quantity":1,"unitCents":3800,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10008', 'C2004', 'delivered', '2026-11-07', '2026-11-06', 0, 0,
   '[{"sku":"BAG-05","name":"Canvas tote bag","quantity":1,"unitCents":2900,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10009', 'C2005', 'delivered', '2026-06-06', '2026-06-05', 0, 0,
   '[{"sku":"KTL-01","name":"Electric kettle","quantity":1,"unitCents":5900,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10010', 'C2005', 'delivered', '2026-11-08', '2026-11-07', 0, 0,
   '[{"sku":"YOGA-1","name":"Yoga mat","quantity":1,"unitCents":4200,"finalSale":false,"refundedQuantity":0},{"sku":"BOT-02","name":"Steel water bottle","quantity":2,"unitCents":2400,"finalSale":false,"refundedQuantity":1}]'),
  ('demo', 'N-10011', 'C2006', 'delivered', '2025-10-07', '2025-10-06', 0, 0,
   '[{"sku":"WCH-09","name":"Smart watch","quantity":1,"unitCents":24900,"finalSale":false,"refundedQuantity":0}]'),
  ('demo', 'N-10012', 'C2006', 'delivered', '2026-11-19', '2026-11-18', 600, 0,
   '[{"sku":"SHRT-2","name":"Linen shirt, L","quantity":2,"unitCents":3900,"finalSale":false,"refundedQuantity":0},{"sku":"CHN-32","name":"Chino trousers, 32","quantity":1,"unitCents":5500,"finalSale":true,"refundedQuantity":0}]'),
  ('demo', 'N-10013', 'C2006', 'shipped', '2026-10-27', NULL, 500, 0,
   '[{"sku":"CAM-01","name":"Action camera","quantity":1,"unitCents":21900,"finalSale":false,"refundedQuantity":0}]')
  ON CONFLICT(tenant_id, id) DO NOTHING;
-- Deployment stages for the demo tenant (a new agent starts in shadow).
-- echo-steps is a test and benchmark agent: full autonomy, no audit sample.
-- expense-reports is supervised so `npm run dev` shows the whole flow: clean
-- reports are decided and paid by the agent, anything with an escalation code,
-- low model confidence or in the 5% audit sample waits for a reviewer.
-- refund-requests is supervised for the same reason (DECISIONS.md "Stage"):
-- in-policy refunds are issued by the agent, escalations wait for a reviewer.
-- Tenants outside this seed start it in shadow.
INSERT INTO agent_deployments (tenant_id, agent, stage, audit_sample_bp, updated_at) VALUES
  ('demo', 'echo-steps', 'full', 0, 1764000000000),
  ('demo', 'expense-reports', 'supervised', NULL, 1764000000000),
  ('demo', 'refund-requests', 'supervised', NULL, 1764000000000)
  ON CONFLICT(tenant_id, agent) DO NOTHING;
