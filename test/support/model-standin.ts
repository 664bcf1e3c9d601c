/** Control-API helpers for the AI Gateway / OpenAI-compatible stand-in (test/standin/), from inside workerd. */
import { env } from "cloudflare:workers";

export const STANDIN = env.GATEWAY_STANDIN_URL;

export interface RecordedChat {
  seq: number;
  path: string;
  api: "compat" | "openai" | "rest";
  headers: Record<string, string | undefined>;
  body: Record<string, unknown>;
  status: number | string | undefined;
}

export async function control<T = unknown>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${STANDIN}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path} -> ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** A fresh scope (gateway id) so scripts, faults and recorded requests are this test's alone. */
export async function newScope(opts: { authToken?: string | null; apiKey?: string | null } = {}): Promise<string> {
  const id = `tc-${crypto.randomUUID()}`;
  await control(`/__control/gateways/${id}`, { authToken: opts.authToken ?? null, apiKey: opts.apiKey ?? null });
  return id;
}

export type ScriptedAnswer = string | { content?: unknown; tool_calls?: { id?: string; name: string; arguments: unknown }[]; finish_reason?: string };

export async function script(
  scope: string,
  spec:
    | { answers: ScriptedAnswer[]; then?: "error" | "repeat_last" | "default" }
    | { fn: string; state?: Record<string, unknown> }
    | { scenario: { name: string } & Record<string, unknown> },
): Promise<void> {
  await control("/__control/scripts", { gateway: scope, ...spec });
}

export async function faults(scope: string, list: Record<string, unknown>[]): Promise<void> {
  await control("/__control/faults", { gateway: scope, faults: list });
}

export async function recorded(scope: string): Promise<RecordedChat[]> {
  const { requests } = await control<{ requests: RecordedChat[] }>(`/__control/requests?gateway=${scope}`);
  return requests;
}
