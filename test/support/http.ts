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
