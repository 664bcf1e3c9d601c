// Local stand-in for Cloudflare AI Gateway (plain Node ESM, no dependencies).
//
// Speaks the protocol the AiGatewayClient uses, on 127.0.0.1:
//
//   POST  /v1/:account/:gateway/compat/chat/completions          OpenAI-compatible chat completions
//   POST  /openai/:scope/v1/chat/completions (or /v1/chat/completions, scope "default")
//         an OpenAI-style server (Ollama, vLLM): base URL `${url}/openai/<scope>/v1`; the scope
//         plays the gateway id's role for answers, scripts, faults and recorded requests;
//         `Authorization: Bearer <apiKey>` is required when the scope has an apiKey
//   PATCH /client/v4/accounts/:account/ai-gateway/gateways/:gateway/logs/:id   feedback (REST equivalent of patchLog)
//   GET   /client/v4/accounts/:account/ai-gateway/gateways/:gateway/logs/:id   log detail (incl. feedback)
//
// It checks what a client must send (content-type JSON; `cf-aig-authorization: Bearer <token>`
// when the gateway is authenticated; `cf-aig-metadata` valid JSON with <= 5 primitive entries;
// numeric cf-aig-* headers; a `{provider}/{model}` model) and answers 400/401 with a
// Cloudflare-like JSON error body when something is wrong. Answers carry `usage` and the
// response headers `cf-aig-cache-status` (MISS, then HIT for the same request when
// `cf-aig-cache-ttl` is set and `cf-aig-skip-cache` is not), `cf-aig-log-id`, `cf-aig-step`.
//
// Control API (JSON; everything can be scoped to one gateway id so test files that share
// the server do not interfere — use a unique gateway id per test):
//
//   POST /__control/reset                 {gateway?}                 clear state (all, or one gateway)
//   POST /__control/gateways/:gateway     {authToken?, apiToken?, answers?: {model: content}}
//        authToken set => "authenticated gateway"; apiToken => token required for feedback PATCH
//        apiKey => key required on the OpenAI-style route for that scope
//   POST /__control/answers               {gateway?, model, content} content for a model ("*" = any model)
//   POST /__control/scripts               {gateway, answers? | fn? | scenario?, then?} a scripted (tool-calling)
//        conversation for one gateway/scope: see tool-scripts.mjs (queue of answers, a function of the
//        request, or a preset: parallel_calls, malformed_arguments, unknown_tool,
//        schema_invalid_arguments, never_stops, repeats_call, side_effect, follows_injection)
//   POST /__control/faults                {gateway?, faults: Fault[]} (or a bare array) queue faults;
//        each fault applies to one request (`times: n` repeats it n times)
//   GET  /__control/faults?gateway=       remaining queue
//   GET  /__control/requests?gateway=     recorded requests: {seq, method, path, account, gateway, kind,
//                                          headers, body, rawBody, status, logId, fault}
//   GET  /__control/logs/:id              a log entry (model, cache status, feedback, score, metadata)
//   GET  /__control/health
//
// Faults: {type:"latency", ms}  {type:"rate_limit", retryAfter?: seconds, retryAfterDate?: bool, spend?: bool}
//         {type:"server_error", status?: 5xx}  {type:"timeout"} (never answers)
//         {type:"stall_body"} (headers + half the body, then hangs)  {type:"truncated_json"}
//         {type:"schema_invalid"}  {type:"invalid_json_content"}  {type:"wrong_model", model?}
//         {type:"status", status, body?, headers?}  {type:"reset"} (connection destroyed, no answer)
// A latency fault longer than the request's `cf-aig-request-timeout` yields a 504 after that
// timeout (the stand-in's rendering of "return an error if a provider takes too long").
//
// Answer, first match wins: body field `standin_answer` (string, or any JSON value,
// which is stringified) > the gateway's script (may answer with tool_calls) > per-gateway
// answer for the model > global answer for the model > default JSON
// `{"echo": <last user message>, "model": <model>}`.
// Tool conversations are validated as an OpenAI server does (tool specs, tool_choice, every
// `tool` message answering an open call); violations are OpenAI-style 400s with `param`.
//
// Not simulated: gateway-side retries (cf-aig-max-attempts etc. are validated and recorded only).

import { readBody, send } from "./http.mjs";
import http from "node:http";
import { createHash, randomBytes } from "node:crypto";
import { createScripts, renderAnswer, validateToolRequest } from "./tool-scripts.mjs";
import { createWebhookReceiver, WEBHOOK_RECEIVER_PREFIX } from "./webhook-receiver.mjs";
import { createOtlpReceiver, OTLP_RECEIVER_PREFIX } from "./otlp-receiver.mjs";

const CHAT_ROUTE = /^\/v1\/([^/]+)\/([^/]+)\/compat\/chat\/completions\/?$/;
// OpenAI-compatible server (Ollama / vLLM style): base URL `${url}/openai/<scope>/v1`, or `${url}/v1` (scope "default").
const OPENAI_ROUTE = /^(?:\/openai\/([^/]+))?\/v1\/chat\/completions\/?$/;
const LOG_ROUTE = /^\/client\/v4\/accounts\/([^/]+)\/ai-gateway\/gateways\/([^/]+)\/logs\/([^/]+)\/?$/;
const MAX_BODY_BYTES = 1_000_000;
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function ulid(now = Date.now()) {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rand = randomBytes(16);
  let tail = "";
  for (let i = 0; i < 16; i++) tail += CROCKFORD[rand[i] % 32];
  return time + tail;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cloudflare v4-style error body (the AI Gateway uses `error`, the REST API `errors`). */
function cfError(code, message, { rest = false } = {}) {
  const list = [{ code, message }];
  return rest
    ? { success: false, errors: list, messages: [], result: null }
    : { success: false, result: [], messages: [], error: list };
}

function isPrimitive(v) {
  return typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
}

function roughTokens(text) {
  return Math.max(1, Math.ceil(String(text ?? "").length / 4));
}

export async function startGatewayStandin({ port = 0, host = "127.0.0.1", authToken, apiToken } = {}) {
  const scripts = createScripts();
  /** @type {Map<string, {authToken: string|null, apiToken: string|null, apiKey: string|null, answers: Map<string, string>}>} */
  const gateways = new Map();
  const globalAnswers = new Map();
  /** scope ("*" or gateway id) -> fault[] */
  const faults = new Map();
  const requests = [];
  const cache = new Map();
  const logs = new Map();
  const hanging = new Set();
  const sockets = new Set();
  let seq = 0;

  const gatewayConfig = (id) => {
    let g = gateways.get(id);
    if (!g) {
      g = { authToken: authToken ?? null, apiToken: apiToken ?? null, apiKey: null, answers: new Map() };
      gateways.set(id, g);
    }
    return g;
  };

  const takeFault = (gateway) => {
    for (const scope of [gateway, "*"]) {
      const q = faults.get(scope);
      if (q && q.length > 0) return q.shift();
    }
    return undefined;
  };

  const reset = (gateway) => {
    if (gateway) {
      gateways.delete(gateway);
      faults.delete(gateway);
      scripts.delete(gateway);
      for (let i = requests.length - 1; i >= 0; i--) if (requests[i].gateway === gateway) requests.splice(i, 1);
      for (const [k, v] of cache) if (v.gateway === gateway) cache.delete(k);
      for (const [k, v] of logs) if (v.gateway === gateway) logs.delete(k);
    } else {
      gateways.clear();
      scripts.clear();
      globalAnswers.clear();
      faults.clear();
      requests.length = 0;
      cache.clear();
      logs.clear();
      for (const res of hanging) res.destroy();
      hanging.clear();
    }
  };

  const readLimited = (req) => readBody(req, MAX_BODY_BYTES);

  const hang = (res) => {
    hanging.add(res);
    res.on("close", () => hanging.delete(res));
  };

  // -------------------------------------------------------------------------
  // Chat completions

  function validateChatHeaders(h) {
    const ct = h["content-type"] ?? "";
    if (!/^application\/json\b/i.test(ct)) return [2001, "content-type must be application/json"];
    if (h["cf-aig-metadata"] !== undefined) {
      let meta;
      try {
        meta = JSON.parse(h["cf-aig-metadata"]);
      } catch {
        return [2002, "cf-aig-metadata is not valid JSON"];
      }
      if (!meta || typeof meta !== "object" || Array.isArray(meta)) return [2002, "cf-aig-metadata must be a JSON object"];
      const entries = Object.entries(meta);
      if (entries.length > 5) return [2002, "cf-aig-metadata has more than 5 entries"];
      if (!entries.every(([, v]) => isPrimitive(v))) return [2002, "cf-aig-metadata values must be string, number or boolean"];
    }
    const intHeader = (name, min, max) => {
      const v = h[name];
      if (v === undefined) return null;
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) return [2003, `${name} must be an integer from ${min} to ${max}`];
      return null;
    };
    return (
      intHeader("cf-aig-cache-ttl", 1, 31_536_000) ??
      intHeader("cf-aig-request-timeout", 1, 3_600_000) ??
      intHeader("cf-aig-max-attempts", 1, 5) ??
      intHeader("cf-aig-retry-delay", 0, 60_000) ??
      (h["cf-aig-skip-cache"] !== undefined && !/^(true|false)$/i.test(h["cf-aig-skip-cache"])
        ? [2003, "cf-aig-skip-cache must be true or false"]
        : null) ??
      (h["cf-aig-backoff"] !== undefined && !["constant", "linear", "exponential"].includes(h["cf-aig-backoff"])
        ? [2003, "cf-aig-backoff must be constant, linear or exponential"]
        : null) ??
      (h["cf-aig-event-id"] !== undefined && !/^[\x21-\x7e]{1,512}$/.test(h["cf-aig-event-id"])
        ? [2003, "cf-aig-event-id must be printable ASCII"]
        : null)
    );
  }

  function answerContent(gateway, body) {
    if (body.standin_answer !== undefined) {
      return typeof body.standin_answer === "string" ? body.standin_answer : JSON.stringify(body.standin_answer);
    }
    const g = gateways.get(gateway);
    for (const map of [g?.answers, globalAnswers]) {
      if (!map) continue;
      if (map.has(body.model)) return map.get(body.model);
      if (map.has("*")) return map.get("*");
    }
    const lastUser = [...body.messages].reverse().find((m) => m && m.role === "user");
    return JSON.stringify({ echo: lastUser?.content ?? null, model: body.model });
  }

  function completion(gateway, body, fault, scripted, api) {
    // The compat endpoint reports the provider's bare model name; an OpenAI-style server echoes what was asked.
    const bareModel = api === "openai" ? body.model : body.model.slice(body.model.indexOf("/") + 1);
    const rendered = scripted && body.standin_answer === undefined ? renderAnswer(scripted.answer, scripted.turn) : renderAnswer(answerContent(gateway, body), 0);
    const message = rendered.message;
    let model = bareModel;
    if (fault?.type === "schema_invalid") message.content = JSON.stringify({ unexpected: true, items: "not-a-list", n: "NaN" });
    if (fault?.type === "invalid_json_content") message.content = 'Sure! Here is the JSON you asked for: {"total": 12.5, "items": [';
    if (fault?.type === "wrong_model") model = fault.model ?? "standin/other-model";
    const prompt = body.messages.reduce((n, m) => n + roughTokens(`${m?.content ?? ""}${JSON.stringify(m?.tool_calls ?? "")}`), 0) + roughTokens(JSON.stringify(body.tools ?? ""));
    const completionTokens = roughTokens(`${message.content ?? ""}${JSON.stringify(message.tool_calls ?? "")}`);
    return {
      id: `chatcmpl-${randomBytes(12).toString("hex")}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message, finish_reason: rendered.finish_reason }],
      usage: { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens },
    };
  }

  async function handleChat(req, res, account, gateway, record, api = "compat") {
    const h = req.headers;
    const g = gatewayConfig(gateway);
    const openaiError = (status, message, param = null, type = "invalid_request_error") => {
      record.status = status;
      return send(res, status, { error: { message, type, param, code: null } });
    };

    if (api === "openai") {
      // 1'. An OpenAI-style server: optional bearer key, no cf-aig-* headers, any model name.
      if (g.apiKey && h.authorization !== `Bearer ${g.apiKey}`) return openaiError(401, "Incorrect API key provided", null, "invalid_api_key");
      if (!/^application\/json\b/i.test(h["content-type"] ?? "")) return openaiError(400, "content-type must be application/json");
      const body = record.body;
      if (!body || typeof body !== "object" || Array.isArray(body)) return openaiError(400, "request body must be a JSON object");
      if (typeof body.model !== "string" || body.model.trim() === "") return openaiError(400, "you must provide a model parameter", "model");
      if (!Array.isArray(body.messages) || body.messages.length === 0) return openaiError(400, "messages must be a non-empty array", "messages");
      const toolError = validateToolRequest(body);
      if (toolError) return openaiError(400, toolError.message, toolError.param);
      return answerChat(req, res, account, gateway, record, h, body, api);
    }

    // 1. Authenticated gateway.
    if (g.authToken) {
      if (h["cf-aig-authorization"] !== `Bearer ${g.authToken}`) {
        record.status = 401;
        return send(res, 401, cfError(2009, "Unauthorized"));
      }
    }
    // Provider credential, when present, must be a bearer credential.
    if (h.authorization !== undefined && !/^Bearer \S+$/.test(h.authorization)) {
      record.status = 401;
      return send(res, 401, { error: { message: "Invalid Authorization header, expected Bearer", type: "invalid_request_error", code: "invalid_api_key" } });
    }
    // 2. Headers.
    const headerError = validateChatHeaders(h);
    if (headerError) {
      record.status = 400;
      return send(res, 400, cfError(headerError[0], headerError[1]));
    }
    // 3. Body.
    const body = record.body;
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      record.status = 400;
      return send(res, 400, cfError(2004, "request body must be a JSON object"));
    }
    if (typeof body.model !== "string" || !/^[^/\s]+\/\S+$/.test(body.model)) {
      record.status = 400;
      return send(res, 400, cfError(2005, "model must be {provider}/{model}"));
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      record.status = 400;
      return send(res, 400, cfError(2006, "messages must be a non-empty array"));
    }
    // Tool conversation checks: the provider behind the compat endpoint answers these with an OpenAI 400.
    const toolError = validateToolRequest(body);
    if (toolError) return openaiError(400, toolError.message, toolError.param);
    return answerChat(req, res, account, gateway, record, h, body, api);
  }

  async function answerChat(req, res, account, gateway, record, h, body, api) {
    // 4. Faults.
    const fault = takeFault(gateway);
    if (fault) record.fault = fault.type;
    const requestTimeout = h["cf-aig-request-timeout"] ? Number(h["cf-aig-request-timeout"]) : undefined;
    if (fault?.type === "latency") {
      const ms = Number(fault.ms ?? 0);
      if (requestTimeout !== undefined && ms > requestTimeout) {
        await sleep(requestTimeout);
        record.status = 504;
        return send(res, 504, cfError(2010, `provider did not respond within ${requestTimeout} ms`));
      }
      await sleep(ms);
    }
    if (fault?.type === "timeout") {
      record.status = "hung";
      return hang(res);
    }
    if (fault?.type === "reset") {
      record.status = "reset";
      return req.socket.destroy();
    }
    if (fault?.type === "rate_limit") {
      record.status = 429;
      const headers = {};
      if (fault.retryAfterDate) headers["retry-after"] = new Date(Date.now() + (fault.retryAfter ?? 2) * 1000).toUTCString();
      else if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
      const message = fault.spend ? "Spend limit exceeded for this gateway" : "Rate limit exceeded";
      return send(res, 429, { error: { message, type: fault.spend ? "spend_limit_exceeded" : "rate_limit_exceeded", code: 2003 } }, headers);
    }
    if (fault?.type === "server_error") {
      const status = Number(fault.status ?? 500);
      record.status = status;
      return send(res, status, { error: { message: "Internal server error", type: "server_error" } });
    }
    if (fault?.type === "status") {
      record.status = fault.status;
      return send(res, fault.status, fault.body ?? cfError(2000, "stand-in status fault"), fault.headers ?? {});
    }

    // 5. Cache.
    const ttl = h["cf-aig-cache-ttl"] ? Number(h["cf-aig-cache-ttl"]) : undefined;
    const skip = /^true$/i.test(h["cf-aig-skip-cache"] ?? "");
    const cacheable = ttl !== undefined && !skip;
    // Cache key: provider, endpoint, model, provider auth header, body (/ai-gateway/features/caching/).
    const key = createHash("sha256")
      .update(`${account}\n${gateway}\ncompat/chat/completions\n${body.model}\n${h.authorization ?? ""}\n${record.rawBody}`)
      .digest("hex");
    const logId = ulid();
    record.logId = logId;
    const baseHeaders = { "cf-aig-log-id": logId, "cf-aig-step": "0" };

    const cached = cacheable ? cache.get(key) : undefined;
    if (cached && cached.expires > Date.now() && (!fault || fault.type === "latency")) {
      record.status = 200;
      logs.set(logId, { id: logId, account, gateway, model: body.model, cached: true, status: 200 });
      return send(res, 200, cached.text, { ...baseHeaders, "cf-aig-cache-status": "HIT" });
    }

    const scripted = scripts.next(gateway, body);
    if (scripted?.error) {
      record.status = 500;
      return send(res, 500, { error: { message: `stand-in: ${scripted.error}`, type: "standin_script_exhausted" } });
    }
    const payload = completion(gateway, body, fault, scripted, api);
    const text = JSON.stringify(payload);
    logs.set(logId, { id: logId, account, gateway, model: body.model, cached: false, status: 200 });

    if (fault?.type === "truncated_json") {
      record.status = 200;
      return send(res, 200, text.slice(0, Math.floor(text.length / 2)), { ...baseHeaders, "cf-aig-cache-status": "MISS" });
    }
    if (fault?.type === "stall_body") {
      record.status = "stalled";
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...baseHeaders, "cf-aig-cache-status": "MISS" });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      return hang(res);
    }
    if (cacheable) cache.set(key, { gateway, text, expires: Date.now() + ttl * 1000 });
    record.status = 200;
    return send(res, 200, text, { ...baseHeaders, "cf-aig-cache-status": "MISS" });
  }

  // -------------------------------------------------------------------------
  // Logs (REST API)

  function handleLog(req, res, account, gateway, logId, record) {
    const g = gatewayConfig(gateway);
    const auth = req.headers.authorization;
    const authOk = g.apiToken ? auth === `Bearer ${g.apiToken}` : /^Bearer \S+$/.test(auth ?? "");
    if (!authOk) {
      record.status = 401;
      return send(res, 401, cfError(10000, "Authentication error", { rest: true }));
    }
    const log = logs.get(logId);
    if (!log || log.gateway !== gateway || log.account !== account) {
      record.status = 404;
      return send(res, 404, cfError(7003, "Log not found", { rest: true }));
    }
    if (req.method === "GET") {
      record.status = 200;
      return send(res, 200, { success: true, errors: [], messages: [], result: log });
    }
    if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
      record.status = 400;
      return send(res, 400, cfError(10001, "content-type must be application/json", { rest: true }));
    }
    const body = record.body;
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      record.status = 400;
      return send(res, 400, cfError(10002, "body must be a JSON object", { rest: true }));
    }
    const allowed = new Set(["feedback", "score", "metadata"]);
    const problems = [];
    for (const k of Object.keys(body)) if (!allowed.has(k)) problems.push(`unknown field ${k}`);
    if (body.feedback != null && !(typeof body.feedback === "number" && body.feedback >= -1 && body.feedback <= 1)) problems.push("feedback must be a number from -1 to 1");
    if (body.score != null && !(typeof body.score === "number" && body.score >= 0 && body.score <= 100)) problems.push("score must be a number from 0 to 100");
    if (body.metadata != null && (typeof body.metadata !== "object" || Array.isArray(body.metadata) || !Object.values(body.metadata).every(isPrimitive))) {
      problems.push("metadata values must be string, number or boolean");
    }
    if (problems.length > 0) {
      record.status = 400;
      return send(res, 400, cfError(10002, problems.join("; "), { rest: true }));
    }
    if ("feedback" in body) log.feedback = body.feedback;
    if ("score" in body) log.score = body.score;
    if ("metadata" in body) log.metadata = body.metadata;
    record.status = 200;
    return send(res, 200, { success: true, errors: [], messages: [], result: {} });
  }

  // -------------------------------------------------------------------------
  // Control API

  async function handleControl(req, res, url) {
    const path = url.pathname;
    let body = {};
    if (req.method === "POST") {
      const raw = await readLimited(req);
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(res, 400, { error: "control body must be JSON" });
        }
      }
    }
    const gatewayParam = url.searchParams.get("gateway") ?? undefined;

    if (req.method === "GET" && path === "/__control/health") return send(res, 200, { ok: true });
    if (req.method === "POST" && path === "/__control/reset") {
      reset(body?.gateway);
      return send(res, 200, { ok: true });
    }
    const gw = /^\/__control\/gateways\/([^/]+)$/.exec(path);
    if (req.method === "POST" && gw) {
      const g = gatewayConfig(decodeURIComponent(gw[1]));
      if ("authToken" in body) g.authToken = body.authToken ?? null;
      if ("apiToken" in body) g.apiToken = body.apiToken ?? null;
      if ("apiKey" in body) g.apiKey = body.apiKey ?? null;
      for (const [model, content] of Object.entries(body.answers ?? {})) {
        g.answers.set(model, typeof content === "string" ? content : JSON.stringify(content));
      }
      return send(res, 200, { ok: true, authenticated: Boolean(g.authToken) });
    }
    if (req.method === "POST" && path === "/__control/scripts") {
      try {
        scripts.set(body.gateway ?? "*", body);
      } catch (err) {
        return send(res, 400, { error: err instanceof Error ? err.message : String(err) });
      }
      return send(res, 200, { ok: true });
    }
    if (req.method === "POST" && path === "/__control/answers") {
      if (typeof body.model !== "string") return send(res, 400, { error: "model is required" });
      const content = typeof body.content === "string" ? body.content : JSON.stringify(body.content);
      (body.gateway ? gatewayConfig(body.gateway).answers : globalAnswers).set(body.model, content);
      return send(res, 200, { ok: true });
    }
    if (path === "/__control/faults") {
      if (req.method === "POST") {
        const list = Array.isArray(body) ? body : body.faults;
        if (!Array.isArray(list)) return send(res, 400, { error: "faults must be an array" });
        const scope = (Array.isArray(body) ? undefined : body.gateway) ?? "*";
        const q = faults.get(scope) ?? [];
        for (const f of list) {
          if (!f || typeof f.type !== "string") return send(res, 400, { error: "each fault needs a type" });
          for (let i = 0; i < Math.max(1, Number(f.times ?? 1)); i++) q.push({ ...f });
        }
        faults.set(scope, q);
        return send(res, 200, { ok: true, queued: q.length });
      }
      if (req.method === "GET") return send(res, 200, { faults: faults.get(gatewayParam ?? "*") ?? [] });
    }
    if (req.method === "GET" && path === "/__control/requests") {
      const list = gatewayParam ? requests.filter((r) => r.gateway === gatewayParam) : requests;
      return send(res, 200, { requests: list });
    }
    const lg = /^\/__control\/logs\/([^/]+)$/.exec(path);
    if (req.method === "GET" && lg) {
      const log = logs.get(decodeURIComponent(lg[1]));
      return log ? send(res, 200, log) : send(res, 404, { error: "no such log" });
    }
    return send(res, 404, { error: "unknown control route" });
  }

  // -------------------------------------------------------------------------

  const webhookReceiver = createWebhookReceiver();
  const otlpReceiver = createOtlpReceiver();
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://standin.local");
      if (url.pathname.startsWith("/__control/")) return await handleControl(req, res, url);
      if (url.pathname.startsWith(WEBHOOK_RECEIVER_PREFIX)) return await webhookReceiver(req, res, url);
      if (url.pathname.startsWith(OTLP_RECEIVER_PREFIX)) return await otlpReceiver(req, res, url);

      const openai = OPENAI_ROUTE.exec(url.pathname);
      const chat = CHAT_ROUTE.exec(url.pathname) ?? (openai ? [url.pathname, "", openai[1] ?? "default"] : null);
      const log = LOG_ROUTE.exec(url.pathname);
      if (!chat && !log) return send(res, 404, cfError(7000, "No route for that URI"));

      const rawBody = req.method === "GET" ? "" : await readLimited(req);
      let parsed;
      try {
        parsed = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        parsed = undefined;
      }
      const [account, gateway] = chat ? [chat[1], chat[2]] : [log[1], log[2]];
      const record = {
        seq: ++seq,
        time: Date.now(),
        method: req.method,
        path: url.pathname,
        account: decodeURIComponent(account),
        gateway: decodeURIComponent(gateway),
        kind: chat ? "chat" : "log",
        api: openai ? "openai" : chat ? "compat" : "rest",
        headers: { ...req.headers },
        body: parsed,
        rawBody,
        status: undefined,
      };
      requests.push(record);

      if (chat) {
        if (req.method !== "POST") {
          record.status = 405;
          return send(res, 405, cfError(7001, "Method not allowed"));
        }
        if (rawBody && parsed === undefined) {
          record.status = 400;
          return send(res, 400, cfError(2004, "request body is not valid JSON"));
        }
        return await handleChat(req, res, record.account, record.gateway, record, openai ? "openai" : "compat");
      }
      if (req.method !== "PATCH" && req.method !== "GET") {
        record.status = 405;
        return send(res, 405, cfError(7001, "Method not allowed", { rest: true }));
      }
      if (req.method === "PATCH" && rawBody && parsed === undefined) {
        record.status = 400;
        return send(res, 400, cfError(10002, "body is not valid JSON", { rest: true }));
      }
      return handleLog(req, res, record.account, record.gateway, decodeURIComponent(log[3]), record);
    } catch (err) {
      if (!res.headersSent) send(res, 500, cfError(5000, `stand-in error: ${err instanceof Error ? err.message : String(err)}`));
      else res.destroy();
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const url = `http://${host}:${actualPort}`;

  return {
    url,
    port: actualPort,
    /** Direct (in-process) access for Node-side tests; workerd tests use the HTTP control API. */
    reset,
    requests: (gateway) => (gateway ? requests.filter((r) => r.gateway === gateway) : [...requests]),
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        hanging.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
