import { exports } from "cloudflare:workers";

export const DEMO_KEY = "dev-local-key";

/** Calls the Worker's own fetch handler, as a client would. */
export function call(path: string, init: RequestInit & { key?: string | null; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const key = init.key === undefined ? DEMO_KEY : init.key;
  if (key) headers.set("Authorization", `Bearer ${key}`);
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  return exports.default.fetch(new Request(`http://runtime.test${path}`, { ...init, headers, body }));
}

export async function startRun(agent: string, input: unknown, headers: Record<string, string> = {}) {
  const res = await call(`/v1/agents/${agent}/runs`, { method: "POST", json: { input }, headers });
  return { res, body: (await res.json()) as any };
}

/** Puts an agent at a stage for the demo tenant (and drops the isolate's cached copy). */
export async function setDeployment(agent: string, stage: "shadow" | "limited" | "supervised" | "full", auditSampleBp = 0, modelTiers: string[] | null = null) {
  const { env } = await import("cloudflare:workers");
  const { invalidateDeployment } = await import("../../src/deployment/admission");
  await env.DB.prepare(
    `INSERT INTO agent_deployments (tenant_id, agent, stage, audit_sample_bp, model_tiers, updated_at) VALUES ('demo', ?, ?, ?, ?, 0)
     ON CONFLICT(tenant_id, agent) DO UPDATE SET stage = excluded.stage, audit_sample_bp = excluded.audit_sample_bp, model_tiers = excluded.model_tiers`,
  )
    .bind(agent, stage, auditSampleBp, modelTiers ? JSON.stringify(modelTiers) : null)
    .run();
  invalidateDeployment("demo", agent);
}
