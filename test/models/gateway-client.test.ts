/**
 * AiGatewayClient against the local AI Gateway stand-in (test/standin/ai-gateway-standin.mjs),
 * over a real loopback port with real fetch, from inside workerd.
 *
 * Each test uses its own gateway id, so the stand-in's fault queue, recorded
 * requests and cache are isolated from other tests and test files.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelError, parseModelJson, parseRetryAfter } from "../../src/models/errors";
import {
  AiGatewayClient,
  asciiJson,
  gatewayBudgetMs,
  modelMatches,
  sanitizeMetadata,
  type AiGatewayClientConfig,
} from "../../src/models/gateway-client";
import { ModelConfigError, modelProviderFromEnv } from "../../src/models/provider-from-env";
import type { ChatRequest, ModelProvider } from "../../src/models/types";

const STANDIN = env.GATEWAY_STANDIN_URL;
const ACCOUNT = "acct-test";
const GATEWAY_TOKEN = "cfaig-SECRET-gateway-token-0123456789";
const PROVIDER_KEY = "sk-SECRET-openai-key-abcdefghijklmnop";
const API_TOKEN = "cfapi-SECRET-feedback-token-9876543210";
const SECRETS = [GATEWAY_TOKEN, PROVIDER_KEY, API_TOKEN];

interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  kind: "chat" | "log";
  headers: Record<string, string | undefined>;
  body: unknown;
  status: number | string | undefined;
  logId?: string;
  fault?: string;
}

async function control<T = unknown>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${STANDIN}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path} -> ${res.status}`);
  return (await res.json()) as T;
}

/** A fresh, isolated gateway on the stand-in. `authToken` makes it an Authenticated Gateway. */
async function newGateway(opts: { authToken?: string; apiToken?: string; answers?: Record<string, unknown> } = {}): Promise<string> {
  const id = `gw-${crypto.randomUUID()}`;
  await control(`/__control/gateways/${id}`, {
    authToken: opts.authToken ?? GATEWAY_TOKEN,
    apiToken: opts.apiToken ?? API_TOKEN,
    answers: opts.answers ?? {},
  });
  return id;
}

async function faults(gateway: string, list: Record<string, unknown>[]): Promise<void> {
  await control("/__control/faults", { gateway, faults: list });
}

async function recorded(gateway: string): Promise<RecordedRequest[]> {
  const { requests } = await control<{ requests: RecordedRequest[] }>(`/__control/requests?gateway=${gateway}`);
  return requests;
}

function makeClient(gatewayId: string, overrides: Partial<AiGatewayClientConfig> = {}): AiGatewayClient {
  return new AiGatewayClient({
    baseUrl: `${STANDIN}/v1`,
    apiBaseUrl: `${STANDIN}/client/v4`,
    accountId: ACCOUNT,
    gatewayId,
    gatewayToken: GATEWAY_TOKEN,
    providerKeys: { openai: PROVIDER_KEY },
    apiToken: API_TOKEN,
    defaultTimeoutMs: 2_000,
    clientTimeoutMarginMs: 500,
    ...overrides,
  });
}

const REQUEST: ChatRequest = {
  model: "openai/gpt-5-mini",
  messages: [
    { role: "system", content: "Extract the expense as JSON." },
    { role: "user", content: "Taxi to the airport, 42.50 EUR" },
  ],
  max_tokens: 200,
  temperature: 0,
  response_format: { type: "json_object" },
};

const Expense = z.object({ amount: z.number(), currency: z.string().length(3) });

async function catchModelError(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error("expected a ModelError, the call succeeded");
}

function expectNoSecrets(value: unknown): void {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe("AiGatewayClient: request headers and body", () => {
  it("POSTs the ChatRequest to /v1/{account}/{gateway}/compat/chat/completions with every cf-aig-* header", async () => {
    const gw = await newGateway();
    const warnings: unknown[] = [];
    const client = makeClient(gw, { onWarning: (message, data) => warnings.push({ message, data }) });
    await client.complete(REQUEST, {
      metadata: { runId: "run-1", step: 3, pii: false, agent: "expenses", tenant: "t1" },
      eventId: "run-1:step-3",
      cacheTtlSeconds: 300,
      timeoutMs: 1_500,
      gatewayRetry: { maxAttempts: 3, delayMs: 250, backoff: "exponential" },
    });

    const [req] = await recorded(gw);
    expect(req).toBeDefined();
    expect(req!.method).toBe("POST");
    expect(req!.path).toBe(`/v1/${ACCOUNT}/${gw}/compat/chat/completions`);
    expect(req!.body).toEqual(REQUEST);
    const h = req!.headers;
    expect(h["content-type"]).toBe("application/json");
    expect(h["cf-aig-authorization"]).toBe(`Bearer ${GATEWAY_TOKEN}`);
    expect(h["authorization"]).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(JSON.parse(h["cf-aig-metadata"]!)).toEqual({ runId: "run-1", step: 3, pii: false, agent: "expenses", tenant: "t1" });
    expect(h["cf-aig-event-id"]).toBe("run-1:step-3");
    expect(h["cf-aig-cache-ttl"]).toBe("300");
    expect(h["cf-aig-skip-cache"]).toBeUndefined();
    expect(h["cf-aig-request-timeout"]).toBe("1500");
    expect(h["cf-aig-max-attempts"]).toBe("3");
    expect(h["cf-aig-retry-delay"]).toBe("250");
    expect(h["cf-aig-backoff"]).toBe("exponential");
    expect(warnings).toEqual([]);
  });

  it("sends cf-aig-skip-cache: true and the default request timeout, and omits unset optional headers", async () => {
    const gw = await newGateway();
    await makeClient(gw).complete(REQUEST, { skipCache: true });
    const [req] = await recorded(gw);
    const h = req!.headers;
    expect(h["cf-aig-skip-cache"]).toBe("true");
    expect(h["cf-aig-request-timeout"]).toBe("2000");
    for (const name of ["cf-aig-metadata", "cf-aig-event-id", "cf-aig-cache-ttl", "cf-aig-max-attempts", "cf-aig-retry-delay", "cf-aig-backoff"]) {
      expect(h[name], name).toBeUndefined();
    }
  });

  it("keeps at most 5 metadata entries, deterministically, and never forwards secrets or non-primitives", async () => {
    const gw = await newGateway();
    const warnings: { message: string; data?: Record<string, unknown> }[] = [];
    const client = makeClient(gw, { onWarning: (message, data) => warnings.push({ message, data }) });
    const metadata = {
      zeta: "last",
      apiKey: "whatever", // secret-looking key
      leaked: `Bearer ${GATEWAY_TOKEN}`, // secret value
      alpha: 1,
      beta: true,
      gamma: "Zoë", // non-ASCII must survive as an escaped header value
      delta: 2,
      epsilon: 3,
      nested: { a: 1 } as unknown as string, // objects are not supported by the gateway
    };
    await client.complete(REQUEST, { metadata });
    await client.complete(REQUEST, { metadata: Object.fromEntries(Object.entries(metadata).reverse()) });

    const [first, second] = await recorded(gw);
    const sent = JSON.parse(first!.headers["cf-aig-metadata"]!);
    expect(sent).toEqual({ alpha: 1, beta: true, delta: 2, epsilon: 3, gamma: "Zoë" });
    expect(second!.headers["cf-aig-metadata"]).toBe(first!.headers["cf-aig-metadata"]);
    expect(first!.headers["cf-aig-metadata"]).toContain("\\u00eb");
    expect(warnings[0]?.data?.dropped).toEqual(["apiKey", "leaked", "nested", "zeta"]);
    expectNoSecrets(warnings);
    expectNoSecrets(first!.headers["cf-aig-metadata"]);
  });

  it("omits the provider Authorization header when no key is configured for the model's provider (BYOK / Unified Billing)", async () => {
    const gw = await newGateway();
    const client = makeClient(gw, { providerKeys: { openai: PROVIDER_KEY } });
    await client.complete({ ...REQUEST, model: "anthropic/claude-sonnet-4-5" });
    await makeClient(gw, { providerKeys: undefined }).complete(REQUEST);
    const [anthropic, byok] = await recorded(gw);
    expect(anthropic!.headers["authorization"]).toBeUndefined();
    expect(anthropic!.headers["cf-aig-authorization"]).toBe(`Bearer ${GATEWAY_TOKEN}`);
    expect(byok!.headers["authorization"]).toBeUndefined();
    expect(byok!.headers["cf-aig-authorization"]).toBe(`Bearer ${GATEWAY_TOKEN}`);
  });

  it("works against an unauthenticated gateway without cf-aig-authorization", async () => {
    const gw = `gw-${crypto.randomUUID()}`;
    await control(`/__control/gateways/${gw}`, { authToken: null });
    const result = await makeClient(gw, { gatewayToken: undefined }).complete(REQUEST);
    expect(result.response.choices[0]!.message.content).toBeTypeOf("string");
    const [req] = await recorded(gw);
    expect(req!.headers["cf-aig-authorization"]).toBeUndefined();
  });

  it("rejects invalid calls before any network traffic", async () => {
    const gw = await newGateway();
    const client = makeClient(gw);
    const noPrefix = await catchModelError(client.complete({ ...REQUEST, model: "gpt-5-mini" }));
    expect(noPrefix.code).toBe("BAD_REQUEST");
    const noMessages = await catchModelError(client.complete({ ...REQUEST, messages: [] }));
    expect(noMessages.code).toBe("BAD_REQUEST");
    const attempts = await catchModelError(client.complete(REQUEST, { gatewayRetry: { maxAttempts: 6, delayMs: 100, backoff: "constant" } }));
    expect(attempts.code).toBe("BAD_REQUEST");
    const ttl = await catchModelError(client.complete(REQUEST, { cacheTtlSeconds: -1 }));
    expect(ttl.code).toBe("BAD_REQUEST");
    for (const e of [noPrefix, noMessages, attempts, ttl]) expect(e.retryable).toBe(false);
    expect(await recorded(gw)).toEqual([]);
  });
});

describe("AiGatewayClient: responses", () => {
  it("returns the validated completion, usage, latency and cf-aig-log-id / cf-aig-step / cf-aig-cache-status", async () => {
    const gw = await newGateway({ answers: { "openai/gpt-5-mini": { amount: 42.5, currency: "EUR" } } });
    const result = await makeClient(gw).complete(REQUEST);
    const [req] = await recorded(gw);

    expect(result.response.model).toBe("gpt-5-mini");
    expect(parseModelJson(result.response.choices[0]!.message.content, Expense)).toEqual({ amount: 42.5, currency: "EUR" });
    expect(result.response.usage.total_tokens).toBe(result.response.usage.prompt_tokens + result.response.usage.completion_tokens);
    expect(result.response.usage.prompt_tokens).toBeGreaterThan(0);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.gateway.logId).toBe(req!.logId);
    expect(result.gateway.logId).toMatch(/^[0-9A-Z]{26}$/);
    expect(result.gateway.step).toBe("0");
    expect(result.gateway.cacheStatus).toBe("MISS");
  });

  it("reports cache MISS then HIT for the same request with cf-aig-cache-ttl, and MISS again with skipCache", async () => {
    const gw = await newGateway();
    const client = makeClient(gw);
    const first = await client.complete(REQUEST, { cacheTtlSeconds: 60 });
    const second = await client.complete(REQUEST, { cacheTtlSeconds: 60 });
    const skipped = await client.complete(REQUEST, { cacheTtlSeconds: 60, skipCache: true });
    const other = await client.complete({ ...REQUEST, max_tokens: 100 }, { cacheTtlSeconds: 60 });
    const uncached = await client.complete(REQUEST);

    expect(first.gateway.cacheStatus).toBe("MISS");
    expect(second.gateway.cacheStatus).toBe("HIT");
    expect(second.response).toEqual(first.response);
    expect(second.gateway.logId).not.toBe(first.gateway.logId);
    expect(skipped.gateway.cacheStatus).toBe("MISS");
    expect(other.gateway.cacheStatus).toBe("MISS");
    expect(uncached.gateway.cacheStatus).toBe("MISS");
  });
});

describe("AiGatewayClient: faults", () => {
  it("latency within the timeout is fine", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "latency", ms: 300 }]);
    const result = await makeClient(gw).complete(REQUEST, { timeoutMs: 2_000 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(250);
    expect(result.response.choices).toHaveLength(1);
  });

  it("latency beyond cf-aig-request-timeout becomes the gateway's timeout error -> TIMEOUT (retryable)", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "latency", ms: 5_000 }]);
    const err = await catchModelError(makeClient(gw).complete(REQUEST, { timeoutMs: 200 }));
    expect(err.code).toBe("TIMEOUT");
    expect(err.status).toBe(504);
    expect(err.retryable).toBe(true);
  });

  it("429 with retry-after seconds -> RATE_LIMITED, retryable, retryAfterMs", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "rate_limit", retryAfter: 2 }]);
    const err = await catchModelError(makeClient(gw).complete(REQUEST));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.status).toBe(429);
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(2_000);
    expect(err.limit).toBe("rate");
  });

  it("429 with an HTTP-date retry-after and a spend-limit body -> RATE_LIMITED with limit 'spend'", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "rate_limit", retryAfter: 30, retryAfterDate: true, spend: true }]);
    const err = await catchModelError(makeClient(gw).complete(REQUEST));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.limit).toBe("spend");
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBeGreaterThan(25_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it("500 -> PROVIDER_ERROR, retryable", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "server_error" }]);
    const err = await catchModelError(makeClient(gw).complete(REQUEST));
    expect(err.code).toBe("PROVIDER_ERROR");
    expect(err.status).toBe(500);
    expect(err.retryable).toBe(true);
    // The next request is healthy again: faults apply to one request each.
    await expect(makeClient(gw).complete(REQUEST)).resolves.toBeDefined();
  });

  it("a gateway that never answers -> client-side TIMEOUT a bit after the gateway budget", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "timeout" }]);
    const client = makeClient(gw, { clientTimeoutMarginMs: 300 });
    expect(client.clientTimeoutMs({ timeoutMs: 200 })).toBe(500);
    const started = Date.now();
    const err = await catchModelError(client.complete(REQUEST, { timeoutMs: 200 }));
    const elapsed = Date.now() - started;
    expect(err.code).toBe("TIMEOUT");
    expect(err.retryable).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("a body that stalls half-way -> TIMEOUT (the deadline covers reading the body)", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "stall_body" }]);
    const err = await catchModelError(makeClient(gw, { clientTimeoutMarginMs: 300 }).complete(REQUEST, { timeoutMs: 200 }));
    expect(err.code).toBe("TIMEOUT");
  });

  it("truncated JSON body -> PROVIDER_ERROR, retryable", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "truncated_json" }]);
    const err = await catchModelError(makeClient(gw).complete(REQUEST));
    expect(err.code).toBe("PROVIDER_ERROR");
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/not valid JSON/);
  });

  it("content of the wrong shape -> SCHEMA_INVALID from parseModelJson (not retryable, issues listed)", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "schema_invalid" }]);
    const result = await makeClient(gw).complete(REQUEST);
    const err = await catchModelError(Promise.resolve().then(() => parseModelJson(result.response.choices[0]!.message.content, Expense)));
    expect(err.code).toBe("SCHEMA_INVALID");
    expect(err.retryable).toBe(false);
    const issues = err.details?.issues as { path: string }[];
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["amount", "currency"]));
  });

  it("content that is not JSON -> INVALID_JSON from parseModelJson (retryable once)", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "invalid_json_content" }]);
    const result = await makeClient(gw).complete(REQUEST);
    const err = await catchModelError(Promise.resolve().then(() => parseModelJson(result.response.choices[0]!.message.content, Expense)));
    expect(err.code).toBe("INVALID_JSON");
    expect(err.retryable).toBe(true);
    expect(err.suggestedMaxRetries).toBe(1);
  });

  it("a different model in the response -> MODEL_MISMATCH, not retryable", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "wrong_model" }]);
    const err = await catchModelError(makeClient(gw).complete(REQUEST));
    expect(err.code).toBe("MODEL_MISMATCH");
    expect(err.retryable).toBe(false);
  });

  it("a wrong gateway token -> 401 -> AUTH_FAILED, not retryable", async () => {
    const gw = await newGateway();
    const err = await catchModelError(makeClient(gw, { gatewayToken: "cfaig-wrong-token-000000" }).complete(REQUEST));
    expect(err.code).toBe("AUTH_FAILED");
    expect(err.status).toBe(401);
    expect(err.retryable).toBe(false);
    expect(err.details?.upstreamCode).toBe(2009);
    // A missing token on an authenticated gateway fails the same way.
    const missing = await catchModelError(makeClient(gw, { gatewayToken: undefined }).complete(REQUEST));
    expect(missing.code).toBe("AUTH_FAILED");
  });

  it("400 -> BAD_REQUEST, not retryable; 503 -> PROVIDER_ERROR", async () => {
    const gw = await newGateway();
    await faults(gw, [
      { type: "status", status: 400, body: { error: { message: "max_tokens is too large", type: "invalid_request_error" } } },
      { type: "server_error", status: 503 },
    ]);
    const bad = await catchModelError(makeClient(gw).complete(REQUEST));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.retryable).toBe(false);
    expect(bad.message).toContain("max_tokens is too large");
    const unavailable = await catchModelError(makeClient(gw).complete(REQUEST));
    expect(unavailable.code).toBe("PROVIDER_ERROR");
    expect(unavailable.status).toBe(503);
  });

  it("fetch throwing (connection reset by the server) -> NETWORK, retryable", async () => {
    const gw = await newGateway();
    await faults(gw, [{ type: "reset" }]);
    const err = await catchModelError(makeClient(gw).complete(REQUEST));
    expect(err.code).toBe("NETWORK");
    expect(err.retryable).toBe(true);
  });
});

describe("AiGatewayClient: secrets", () => {
  it("never puts a token or key in an error message, error JSON, result or warning", async () => {
    const gw = await newGateway();
    const warnings: unknown[] = [];
    const client = makeClient(gw, { onWarning: (m, d) => warnings.push([m, d]) });
    await faults(gw, [
      // A provider that echoes the credential back in its error body.
      { type: "status", status: 401, body: { error: { message: `Incorrect API key provided: ${PROVIDER_KEY}` } } },
      { type: "status", status: 500, body: { error: { message: `upstream saw cf-aig-authorization Bearer ${GATEWAY_TOKEN}` } } },
      { type: "rate_limit", retryAfter: 1 },
      { type: "truncated_json" },
      { type: "wrong_model", model: `model-${API_TOKEN}` },
      { type: "timeout" },
      { type: "reset" },
    ]);
    const errors: ModelError[] = [];
    for (let i = 0; i < 7; i++) {
      errors.push(await catchModelError(client.complete(REQUEST, { timeoutMs: 200, metadata: { token: GATEWAY_TOKEN, ok: 1 } })));
    }
    errors.push(await catchModelError(makeClient(gw, { gatewayToken: "cfaig-wrong-token-000000" }).complete(REQUEST)));
    expect(errors.map((e) => e.code)).toEqual([
      "AUTH_FAILED",
      "PROVIDER_ERROR",
      "RATE_LIMITED",
      "PROVIDER_ERROR",
      "MODEL_MISMATCH",
      "TIMEOUT",
      "NETWORK",
      "AUTH_FAILED",
    ]);
    for (const e of errors) {
      expectNoSecrets(e.message);
      expectNoSecrets(e.toJSON());
      expectNoSecrets(String(e.stack ?? ""));
    }
    expect(errors[0]!.message).toContain("[REDACTED]");

    const ok = await client.complete(REQUEST, { metadata: { note: `Bearer ${API_TOKEN}` } });
    expectNoSecrets(ok);
    expectNoSecrets(warnings);
    expectNoSecrets(String(client.endpoint));
  });
});

describe("AiGatewayClient.sendFeedback (REST equivalent of patchLog)", () => {
  it("PATCHes /client/v4/accounts/{account}/ai-gateway/gateways/{gateway}/logs/{logId} with the API token", async () => {
    const gw = await newGateway();
    const client = makeClient(gw);
    const { gateway } = await client.complete(REQUEST);
    await client.sendFeedback(gateway.logId!, { feedback: 1, score: 87, metadata: { reviewer: "ops", apiKey: "nope" } });

    const reqs = await recorded(gw);
    const patch = reqs.find((r) => r.kind === "log")!;
    expect(patch.method).toBe("PATCH");
    expect(patch.path).toBe(`/client/v4/accounts/${ACCOUNT}/ai-gateway/gateways/${gw}/logs/${gateway.logId}`);
    expect(patch.headers["authorization"]).toBe(`Bearer ${API_TOKEN}`);
    expect(patch.headers["content-type"]).toBe("application/json");
    expect(patch.body).toEqual({ feedback: 1, score: 87, metadata: { reviewer: "ops" } });
    expect(patch.status).toBe(200);
    const log = await control<{ feedback: number; score: number }>(`/__control/logs/${gateway.logId}`);
    expect(log.feedback).toBe(1);
    expect(log.score).toBe(87);
  });

  it("accepts feedback 0 (not evaluated) and validates ranges locally", async () => {
    const gw = await newGateway();
    const client = makeClient(gw);
    const { gateway } = await client.complete(REQUEST);
    await client.sendFeedback(gateway.logId!, { feedback: 0 });
    expect((await control<{ feedback: number }>(`/__control/logs/${gateway.logId}`)).feedback).toBe(0);

    const score = await catchModelError(client.sendFeedback(gateway.logId!, { score: 101 }));
    expect(score.code).toBe("BAD_REQUEST");
    const feedback = await catchModelError(client.sendFeedback(gateway.logId!, { feedback: 2 as never }));
    expect(feedback.code).toBe("BAD_REQUEST");
    const empty = await catchModelError(client.sendFeedback(gateway.logId!, {}));
    expect(empty.code).toBe("BAD_REQUEST");
    expect((await recorded(gw)).filter((r) => r.kind === "log")).toHaveLength(1);
  });

  it("maps API failures: no token configured, wrong token, unknown log", async () => {
    const gw = await newGateway();
    const { gateway } = await makeClient(gw).complete(REQUEST);
    const noToken = await catchModelError(makeClient(gw, { apiToken: undefined }).sendFeedback(gateway.logId!, { feedback: 1 }));
    expect(noToken.code).toBe("AUTH_FAILED");
    const wrong = await catchModelError(makeClient(gw, { apiToken: "cfapi-wrong-000000" }).sendFeedback(gateway.logId!, { feedback: -1 }));
    expect(wrong.code).toBe("AUTH_FAILED");
    expect(wrong.status).toBe(401);
    const unknown = await catchModelError(makeClient(gw).sendFeedback("01HZZZZZZZZZZZZZZZZZZZZZZZ", { feedback: 1 }));
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.status).toBe(404);
    for (const e of [noToken, wrong, unknown]) expectNoSecrets(e.toJSON());
  });
});

describe("model-layer helpers", () => {
  it("modelMatches accepts the bare and dated-snapshot names, rejects others", () => {
    expect(modelMatches("openai/gpt-5-mini", "gpt-5-mini")).toBe(true);
    expect(modelMatches("openai/gpt-5-mini", "openai/gpt-5-mini")).toBe(true);
    expect(modelMatches("openai/gpt-4o-mini", "gpt-4o-mini-2024-07-18")).toBe(true);
    expect(modelMatches("workers-ai/@cf/meta/llama-3.1-8b-instruct", "@cf/meta/llama-3.1-8b-instruct")).toBe(true);
    expect(modelMatches("openai/gpt-5-mini", "gpt-5")).toBe(false);
    expect(modelMatches("openai/gpt-5-mini", "standin/other-model")).toBe(false);
    expect(modelMatches("anthropic/claude-3-5-sonnet", "claude-3-5-sonnet-20241022")).toBe(true);
    expect(modelMatches("google-ai-studio/gemini-2.0-flash", "gemini-2.0-flash-001")).toBe(true);
    expect(modelMatches("openai/gpt-5", "gpt-5-mini")).toBe(false);
  });

  it("parseRetryAfter handles seconds, HTTP dates and garbage", () => {
    const now = Date.parse("2026-11-20T10:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2_000);
    expect(parseRetryAfter("0.5", now)).toBe(500);
    expect(parseRetryAfter("Fri, 20 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Fri, 20 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("parseModelJson strips one Markdown fence and reports empty content as INVALID_JSON", () => {
    expect(parseModelJson('```json\n{"amount": 1, "currency": "EUR"}\n```', Expense)).toEqual({ amount: 1, currency: "EUR" });
    expect(() => parseModelJson(null, Expense)).toThrowError(expect.objectContaining({ code: "INVALID_JSON" }));
    expect(() => parseModelJson("   ", Expense)).toThrowError(expect.objectContaining({ code: "INVALID_JSON" }));
  });

  it("sanitizeMetadata / asciiJson / gatewayBudgetMs", () => {
    const { kept, dropped } = sanitizeMetadata({ b: 1, a: "x", c: Number.NaN, d: null, e: [1] } as never);
    expect(kept).toEqual({ a: "x", b: 1 });
    expect(dropped).toEqual(["c", "d", "e"]);
    expect(asciiJson({ s: "é€😀" })).toBe('{"s":"\\u00e9\\u20ac\\ud83d\\ude00"}');
    expect(JSON.parse(asciiJson({ s: "é€😀" }))).toEqual({ s: "é€😀" });
    expect(gatewayBudgetMs(1_000)).toBe(1_000);
    expect(gatewayBudgetMs(1_000, { maxAttempts: 3, delayMs: 100, backoff: "constant" })).toBe(3_200);
    expect(gatewayBudgetMs(1_000, { maxAttempts: 3, delayMs: 100, backoff: "linear" })).toBe(3_300);
    expect(gatewayBudgetMs(1_000, { maxAttempts: 4, delayMs: 100, backoff: "exponential" })).toBe(4_700);
  });
});

describe("modelProviderFromEnv", () => {
  const embedded: ModelProvider = {
    kind: "embedded",
    complete: () => Promise.reject(new Error("not used")),
  };

  it("uses the injected embedded factory", () => {
    let calls = 0;
    const provider = modelProviderFromEnv({ MODEL_PROVIDER: "embedded" }, { embedded: () => (calls++, embedded) });
    expect(provider).toBe(embedded);
    expect(calls).toBe(1);
  });

  it("builds an AI Gateway client from vars and secrets that talks to the stand-in", async () => {
    const gw = await newGateway();
    const provider = modelProviderFromEnv(
      {
        MODEL_PROVIDER: "ai-gateway",
        AI_GATEWAY_ACCOUNT_ID: ACCOUNT,
        AI_GATEWAY_ID: gw,
        AI_GATEWAY_BASE_URL: `${STANDIN}/v1`,
        AI_GATEWAY_TOKEN: GATEWAY_TOKEN,
        OPENAI_API_KEY: PROVIDER_KEY,
      },
      { embedded: () => embedded },
    );
    expect(provider.kind).toBe("ai-gateway");
    await provider.complete(REQUEST);
    const [req] = await recorded(gw);
    expect(req!.headers["cf-aig-authorization"]).toBe(`Bearer ${GATEWAY_TOKEN}`);
    expect(req!.headers["authorization"]).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(req!.headers["cf-aig-request-timeout"]).toBe("30000");
  });

  it("names the missing variable (never a value) and treats wrangler placeholders as missing", () => {
    const deps = { embedded: () => embedded };
    const cases: [Record<string, unknown>, string][] = [
      [{}, "MODEL_PROVIDER"],
      [{ MODEL_PROVIDER: "nope" }, "MODEL_PROVIDER"],
      [{ MODEL_PROVIDER: "ai-gateway", AI_GATEWAY_ID: "g" }, "AI_GATEWAY_ACCOUNT_ID"],
      [{ MODEL_PROVIDER: "ai-gateway", AI_GATEWAY_ACCOUNT_ID: "replace-with-account-id", AI_GATEWAY_ID: "g" }, "AI_GATEWAY_ACCOUNT_ID"],
      [{ MODEL_PROVIDER: "ai-gateway", AI_GATEWAY_ACCOUNT_ID: "a" }, "AI_GATEWAY_ID"],
      [{ MODEL_PROVIDER: "ai-gateway", AI_GATEWAY_ACCOUNT_ID: "a", AI_GATEWAY_ID: "g", MODEL_TIMEOUT_MS: "fast" }, "MODEL_TIMEOUT_MS"],
      [{ MODEL_PROVIDER: "workers-ai", AI_GATEWAY_ID: "g" }, "AI"],
      [{ MODEL_PROVIDER: "workers-ai", AI: { run() {}, gateway() {} } }, "AI_GATEWAY_ID"],
    ];
    for (const [envVars, variable] of cases) {
      let error: unknown;
      try {
        modelProviderFromEnv({ ...envVars, AI_GATEWAY_TOKEN: GATEWAY_TOKEN }, deps);
      } catch (err) {
        error = err;
      }
      expect(error, variable).toBeInstanceOf(ModelConfigError);
      expect((error as ModelConfigError).variable).toBe(variable);
      expect((error as Error).message).toContain(variable);
      expectNoSecrets((error as Error).message);
      expect((error as Error).message).not.toContain("replace-with-account-id");
    }
  });
});
