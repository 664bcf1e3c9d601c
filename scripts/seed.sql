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
-- Deployment stages for the demo tenant (a new agent starts in shadow).
-- echo-steps is a test and benchmark agent: full autonomy, no audit sample.
-- expense-reports is supervised so `npm run dev` shows the whole flow: clean
-- reports are decided and paid by the agent, anything with an escalation code,
-- low model confidence or in the 5% audit sample waits for a reviewer.
INSERT INTO agent_deployments (tenant_id, agent, stage, audit_sample_bp, updated_at) VALUES
  ('demo', 'echo-steps', 'full', 0, 1764000000000),
  ('demo', 'expense-reports', 'supervised', NULL, 1764000000000)
  ON CONFLICT(tenant_id, agent) DO NOTHING;
