/**
 * Bench-only Worker entry (scripts/bench/wrangler.toml, started by
 * `npm run bench`). Everything the real entry serves is served unchanged (the
 * app, queue consumers, every Durable Object class), plus:
 *
 * - `POST /bench/baseline?steps=N`: a new bare SQLite-backed Durable Object per
 *   call (random name) runs N "committed steps" of the engine's shape: insert
 *   one journal row, then `await ctx.storage.sync()`. No framework, no router,
 *   no auth: the platform floor the engine is compared with.
 * - `POST /bench/engine-direct?steps=N&effectEvery=K`: an echo-steps run
 *   submitted straight to its RunDurableObject over RPC, skipping the HTTP API
 *   layer (Hono, auth, validation, hashing), to split the engine's cost.
 * - `GET /bench/stats/:runId`: storage bytes and journal length of a run
 *   (`RunDurableObject.stats`, tenant "demo").
 * - `POST /bench/guard-overhead?n=N&block=B`: N sequential
 *   `guardClient(...).admit(...)` calls (fresh run ids, generous limits, each
 *   released untimed afterwards) interleaved block by block with N sequential
 *   no-op `ping()` RPCs to a bare Durable Object and N budget reserve+settle
 *   pairs (what every model call costs at the guard), timed inside the Worker.
 * - `POST /bench/guard-burst?k=K&rps=L&jitterMs=J`: K concurrent admits
 *   (Promise.all) at a fresh guard allowing L new runs per second, each
 *   caller's `now` optionally jittered by 0..J ms; how many were admitted.
 * - `POST /bench/deployment` `{agent, stage?, auditSampleBp?, modelTiers?}`:
 *   writes the demo tenant's `agent_deployments` row (fields not given are
 *   kept) and drops this isolate's cached copy (`invalidateDeployment`).
 * - `POST /bench/tool-loop-direct?turns=N`: a `bench-tool-loop` run submitted
 *   straight to its RunDurableObject over RPC (section 9's per-turn cost).
 * - `POST /bench/log-level?level=off|warn|info|env`: the LOG_LEVEL this
 *   isolate's entry and new run objects use (`env`: the configured one), for
 *   the bench's "log lines off" lines.
 * - `POST /bench/refund-reset?order=N-10001`: deletes the demo tenant's
 *   refunds and return labels of that order (section 10, before each
 *   refund-path request, untimed).
 * - `/bench/ablation*` (./ablation.ts): the bare baseline plus one engine
 *   ingredient at a time (section 12's breakdown).
 *
 * Agents registered at module load (bench only, never in src/):
 * - `expense-drill`: expense-reports with every run judged online
 *   (onlineSample 1) and a breaker window of 20 (minJudged 10), for the drill.
 * - `rate-bench`: echo-steps limited to 20 new runs per second, for the
 *   rate limiter's accuracy over HTTP.
 * - `bench-tool-loop` (./tool-loop-agent.ts): a tool-calling loop of N turns
 *   against an in-Worker scripted model, for section 9.
 *
 * `RunDurableObject` here is the engine's class with one change: its model
 * provider answers `openai-compatible/bench-scripted` itself (at once) and
 * hands every other model to the configured provider (embedded), so the
 * tool-loop section and the embedded-model sections share one Worker.
 *
 * Never deployed; loopback only.
 */
import { traceIdForRun } from "../../src/observability/trace-context";
import { DurableObject } from "cloudflare:workers";
import { echoStepsAgent } from "../../src/agents/echo-steps";
import { expenseReportsAgent } from "../../src/agents/expense-reports";
import { registerAgent } from "../../src/agents/registry";
import { invalidateDeployment } from "../../src/deployment/admission";
import { guardClient, type AdmitRequest } from "../../src/guardrails/guard-client";
import entry from "../../src/index";
import { defineAgent, DEFAULT_DEPLOYMENT } from "../../src/runtime/agent-definition";
import { newRunId } from "../../src/runtime/ids";
import { createModelProvider } from "../../src/models/runtime-models";
import type { ModelProvider } from "../../src/models/types";
import { RunDurableObject as EngineRunObject } from "../../src/runtime/run-object";
import { runClient } from "../../src/runtime/run-client";
import { BenchRoutingProvider, benchToolLoopAgent, MAX_BENCH_TURNS, TOOL_LOOP_AGENT } from "./tool-loop-agent";
import { ablationFetch, BARE_JOURNAL_DDL, type AblationEnv } from "./ablation";

export { AblationRunObject, NoopGuardObject } from "./ablation";

// Every Durable Object class the real entry exports; the local RunDurableObject below takes precedence over the star export.
export * from "../../src/index";

/**
 * `POST /bench/log-level?level=off|warn|info|env`: the LOG_LEVEL this isolate's
 * entry and new run objects read instead of the configured one (`env`: back to
 * it). Sections 1-2 measure the engine with its log lines off beside the same
 * engine with them on, to split what the lines cost under wrangler dev (where
 * each one travels over the DevTools protocol to wrangler's terminal).
 */
let benchLogLevel: string | null = null;
const withLogLevel = <E extends { LOG_LEVEL?: string }>(env: E): E => (benchLogLevel === null ? env : { ...env, LOG_LEVEL: benchLogLevel });

/** The engine's run object, with the scripted model routed in (see the header); nothing else differs. */
export class RunDurableObject extends EngineRunObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, withLogLevel(env));
  }

  override models(): ModelProvider {
    this.modelProvider ??= new BenchRoutingProvider(() => createModelProvider(this.env));
    return this.modelProvider;
  }
}

// The expense agent as it is, with every completed run judged online and a small breaker window (section 7).
registerAgent(
  defineAgent({
    ...expenseReportsAgent,
    name: "expense-drill",
    deployment: { onlineSample: 1, breaker: { ...DEFAULT_DEPLOYMENT.breaker, window: 20, minJudged: 10 } },
  }),
);
// echo-steps with a tight rate limit, for the limiter's accuracy over HTTP (section 6).
registerAgent(
  defineAgent({
    ...echoStepsAgent,
    name: "rate-bench",
    limits: { ...echoStepsAgent.limits, requestsPerSecond: 20, maxConcurrentRuns: 100_000 },
  }),
);

// A tool-calling loop against the in-Worker scripted model (section 9).
registerAgent(benchToolLoopAgent);

interface BenchEnv extends AblationEnv {
  BARE: DurableObjectNamespace<BareBaselineObject>;
}

export interface BaselineResult {
  steps: number;
  /** Inside the Durable Object: from the RPC's start to the last commit (the engine's usage.wallMs counterpart). */
  doMs: number;
  /** Inside the Worker: around the RPC, so it includes creating the object. */
  workerMs: number;
  storageBytes: number;
}

/** A bare SQLite-backed Durable Object: one table, one row and one commit per step. */
export class BareBaselineObject extends DurableObject<BenchEnv> {
  constructor(ctx: DurableObjectState, env: BenchEnv) {
    super(ctx, env);
    ctx.storage.sql.exec(BARE_JOURNAL_DDL);
  }

  async run(steps: number): Promise<Omit<BaselineResult, "workerMs">> {
    const sql = this.ctx.storage.sql;
    const started = Date.now();
    for (let i = 0; i < steps; i++) {
      sql.exec(
        "INSERT INTO journal (idx, name, status, started_at, output) VALUES (?, ?, 'completed', ?, ?)",
        i, `step-${i}`, Date.now(), `{"step":${i},"payload":""}`,
      );
      await this.ctx.storage.sync(); // one commit per step, like the engine
    }
    return { steps, doMs: Date.now() - started, storageBytes: sql.databaseSize };
  }

  /** A no-op RPC: the floor one Durable Object round trip costs. */
  ping(): number {
    return 1;
  }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number | null {
  const v = Number(url.searchParams.get(name) ?? fallback);
  return Number.isInteger(v) && v >= min && v <= max ? v : null;
}

/** Generous limits: the admission path runs in full, but never refuses. */
const GENEROUS = { requestsPerSecond: 1_000_000, maxConcurrentRuns: 1_000_000 };

function admitRequest(tenantId: string, agent: string, limits: AdmitRequest["limits"], now = Date.now()): AdmitRequest {
  return { runId: newRunId(), tenantId, agent, limits, breaker: DEFAULT_DEPLOYMENT.breaker, share: 0.5, now };
}

/**
 * Section 6a. Blocks of `block` admits, then `block` pings, alternating, so
 * drift hits both alike. Each admitted run is released (untimed) right away,
 * so the guard's active set stays as small as in normal operation.
 * `performance.now()` in workerd advances only across I/O and may be coarse
 * (whole ms locally), so per-call figures are also given as block averages.
 */
async function guardOverhead(env: BenchEnv, n: number, block: number) {
  const guardAgent = `guard-overhead-${crypto.randomUUID()}`;
  const guard = guardClient(env, "bench", guardAgent);
  const bare = env.BARE.get(env.BARE.idFromName(`ping-${crypto.randomUUID()}`));
  // Warm both objects (creation, first SQLite open) outside the measurement.
  const warm = admitRequest("bench", guardAgent, GENEROUS);
  await guard.admit(warm);
  await guard.release(warm.runId);
  await bare.ping();
  const admitMs: number[] = [];
  const pingMs: number[] = [];
  const admitBlockMs: number[] = [];
  const pingBlockMs: number[] = [];
  // The guard also sits on every model call: reserve the worst case before, settle the real cost after.
  const budgetPairBlockMs: number[] = [];
  let refused = 0;
  for (let done = 0; done < n; done += block) {
    const size = Math.min(block, n - done);
    const ids: string[] = [];
    const a0 = performance.now();
    for (let i = 0; i < size; i++) {
      const req = admitRequest("bench", guardAgent, GENEROUS);
      const t0 = performance.now();
      const r = await guard.admit(req);
      admitMs.push(performance.now() - t0);
      if (!r.ok) refused++;
      ids.push(req.runId);
    }
    admitBlockMs.push((performance.now() - a0) / size);
    for (const id of ids) await guard.release(id); // untimed
    const p0 = performance.now();
    for (let i = 0; i < size; i++) {
      const t0 = performance.now();
      await bare.ping();
      pingMs.push(performance.now() - t0);
    }
    pingBlockMs.push((performance.now() - p0) / size);
    const b0 = performance.now();
    for (let i = 0; i < size; i++) {
      const id = crypto.randomUUID();
      const r = await guard.reserve(id, 1_000, Number.MAX_SAFE_INTEGER, Date.now());
      if (!r.ok) refused++;
      await guard.settle(id, 10);
    }
    budgetPairBlockMs.push((performance.now() - b0) / size);
  }
  // Clock resolution as seen here: the smallest non-zero difference observed.
  const nonZero = [...admitMs, ...pingMs].filter((x) => x > 0);
  return { n, block, refused, admitMs, pingMs, admitBlockMs, pingBlockMs, budgetPairBlockMs, clockStepMs: nonZero.length ? Math.min(...nonZero) : null };
}

/**
 * Section 6b. K admits fired at once at a fresh guard allowing L new runs per
 * second. With `jitterMs` > 0 each caller's `now` is offset by a random 0..jitterMs
 * (callers whose clocks or request paths differ by a few ms, arriving in any order).
 */
async function guardBurst(env: BenchEnv, k: number, rps: number, jitterMs: number) {
  const guardAgent = `guard-burst-${crypto.randomUUID()}`;
  const guard = guardClient(env, "bench", guardAgent);
  const limits = { requestsPerSecond: rps, maxConcurrentRuns: 1_000_000 };
  // Create the object first (a status call costs no token), so the burst measures admission only.
  await guard.status(Date.now());
  const started = performance.now();
  const startedAt = Date.now();
  const results = await Promise.all(
    Array.from({ length: k }, async () => {
      // `now` as the HTTP path computes it: the caller's clock when it asks.
      const r = await guard.admit(admitRequest("bench", guardAgent, limits, Date.now() + Math.floor(Math.random() * (jitterMs + 1))));
      return r.ok ? "admitted" : r.reason;
    }),
  );
  const burstMs = performance.now() - started;
  const count = (what: string) => results.filter((r) => r === what).length;
  return { k, rps, jitterMs, admitted: count("admitted"), refusedRate: count("RATE"), refusedConcurrency: count("CONCURRENCY"), burstMs, burstMsByDate: Date.now() - startedAt };
}

const STAGE_NAMES = new Set(["shadow", "limited", "supervised", "full"]);

/** Writes the demo tenant's deployment row of an agent; fields not given keep their value. */
async function setDeployment(env: BenchEnv, body: { agent?: unknown; stage?: unknown; auditSampleBp?: unknown; modelTiers?: unknown }) {
  if (typeof body.agent !== "string") return json({ error: "agent is required" }, 400);
  if (body.stage !== undefined && !STAGE_NAMES.has(body.stage as string)) return json({ error: "bad stage" }, 400);
  if (body.auditSampleBp !== undefined && body.auditSampleBp !== null && !Number.isInteger(body.auditSampleBp)) return json({ error: "bad auditSampleBp" }, 400);
  if (body.modelTiers !== undefined && body.modelTiers !== null && !Array.isArray(body.modelTiers)) return json({ error: "bad modelTiers" }, 400);
  type Row = { stage: string; audit_sample_bp: number | null; model_tiers: string | null };
  const read = () =>
    env.DB.prepare("SELECT stage, audit_sample_bp, model_tiers FROM agent_deployments WHERE tenant_id = 'demo' AND agent = ?").bind(body.agent).first<Row>();
  const before = await read();
  const stage = (body.stage as string | undefined) ?? before?.stage ?? "shadow";
  const audit = body.auditSampleBp !== undefined ? (body.auditSampleBp as number | null) : (before?.audit_sample_bp ?? null);
  const tiers = body.modelTiers !== undefined ? (body.modelTiers === null ? null : JSON.stringify(body.modelTiers)) : (before?.model_tiers ?? null);
  await env.DB.prepare(
    `INSERT INTO agent_deployments (tenant_id, agent, stage, audit_sample_bp, model_tiers, updated_at) VALUES ('demo', ?, ?, ?, ?, ?)
     ON CONFLICT(tenant_id, agent) DO UPDATE SET stage = excluded.stage, audit_sample_bp = excluded.audit_sample_bp,
       model_tiers = excluded.model_tiers, updated_at = excluded.updated_at`,
  )
    .bind(body.agent, stage, audit, tiers, Date.now())
    .run();
  invalidateDeployment("demo", body.agent);
  return json({ agent: body.agent, before, after: await read() });
}

async function bench(request: Request, env: BenchEnv, ctx: ExecutionContext, url: URL): Promise<Response> {
  const ablation = ablationFetch(request, env, ctx, url);
  if (ablation) return ablation;
  if (request.method === "POST" && url.pathname === "/bench/baseline") {
    const steps = intParam(url, "steps", 5, 1, 10_000);
    if (steps === null) return json({ error: "steps must be 1..10000" }, 400);
    const started = Date.now();
    const stub = env.BARE.get(env.BARE.idFromName(crypto.randomUUID()));
    const result = await stub.run(steps);
    const body: BaselineResult = { ...result, workerMs: Date.now() - started };
    return json(body);
  }
  if (request.method === "POST" && url.pathname === "/bench/engine-direct") {
    const steps = intParam(url, "steps", 5, 1, 5_000);
    const effectEvery = intParam(url, "effectEvery", 0, 0, 5_000);
    if (steps === null || effectEvery === null) return json({ error: "bad steps/effectEvery" }, 400);
    const started = Date.now();
    const runId = newRunId();
    const result = await runClient(env, runId).submit({
      runId,
      tenantId: "demo",
      agent: "echo-steps",
      input: { steps, effectEvery },
      requestHash: "bench",
      idempotencyKey: null,
      waitMs: 30_000,
      // Section 11: `trace=1` traces this run (the Worker's sampler ratio is 0).
      ...(url.searchParams.get("trace") === "1" ? { options: { trace: { traceId: traceIdForRun(runId) } } } : {}),
    });
    if (result.kind !== "accepted") return json({ error: result.kind }, 409);
    return json({ runId, status: result.run.status, rested: result.rested, usage: result.run.usage, workerMs: Date.now() - started });
  }
  if (request.method === "POST" && url.pathname === "/bench/log-level") {
    const level = url.searchParams.get("level");
    if (level !== "off" && level !== "warn" && level !== "info" && level !== "env") return json({ error: "level must be off, warn, info or env" }, 400);
    benchLogLevel = level === "env" ? null : level;
    return json({ level: benchLogLevel ?? "env" });
  }
  if (request.method === "POST" && url.pathname === "/bench/refund-reset") {
    // Section 10: forget the demo tenant's refunds of one order, so the next request takes the refund path again.
    const order = url.searchParams.get("order");
    if (!order || !/^N-\d{5}$/.test(order)) return json({ error: "order must be N-12345" }, 400);
    await env.DB.batch(["refunds_issued", "refund_return_labels"].map((t) => env.DB.prepare(`DELETE FROM ${t} WHERE tenant_id = 'demo' AND order_id = ?`).bind(order)));
    return json({ order });
  }
  if (request.method === "POST" && url.pathname === "/bench/tool-loop-direct") {
    const turns = intParam(url, "turns", 10, 1, MAX_BENCH_TURNS);
    if (turns === null) return json({ error: `turns must be 1..${MAX_BENCH_TURNS}` }, 400);
    const started = Date.now();
    const runId = newRunId();
    const result = await runClient(env, runId).submit({
      runId,
      tenantId: "demo",
      agent: TOOL_LOOP_AGENT,
      input: { turns },
      requestHash: "bench",
      idempotencyKey: null,
      waitMs: 30_000,
    });
    if (result.kind !== "accepted") return json({ error: result.kind }, 409);
    const run = result.run;
    return json({ runId, status: run.status, stopReason: run.stopReason, error: run.error, rested: result.rested, usage: run.usage, workerMs: Date.now() - started });
  }
  if (request.method === "POST" && url.pathname === "/bench/guard-overhead") {
    const n = intParam(url, "n", 500, 1, 20_000);
    const block = intParam(url, "block", 20, 1, 1_000);
    if (n === null || block === null) return json({ error: "bad n/block" }, 400);
    return json(await guardOverhead(env, n, block));
  }
  if (request.method === "POST" && url.pathname === "/bench/guard-burst") {
    const k = intParam(url, "k", 500, 1, 5_000);
    const rps = intParam(url, "rps", 50, 1, 1_000_000);
    const jitterMs = intParam(url, "jitterMs", 0, 0, 10_000);
    if (k === null || rps === null || jitterMs === null) return json({ error: "bad k/rps/jitterMs" }, 400);
    return json(await guardBurst(env, k, rps, jitterMs));
  }
  if (request.method === "POST" && url.pathname === "/bench/deployment") {
    let body: Record<string, unknown>;
    try {
      body = (await request.json()) as Record<string, unknown>;
    } catch {
      return json({ error: "body must be JSON" }, 400);
    }
    return setDeployment(env, body);
  }
  const stats = url.pathname.match(/^\/bench\/stats\/([^/]+)$/);
  if (request.method === "GET" && stats) {
    const runId = decodeURIComponent(stats[1]!);
    const result = await runClient(env, runId).stats("demo");
    return result ? json({ runId, ...result }) : json({ error: `no run ${runId} for tenant demo` }, 404);
  }
  return json({ error: `no bench route ${request.method} ${url.pathname}` }, 404);
}

export default {
  ...entry,
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/bench/")) return bench(request, env, ctx, url);
    return entry.fetch(request, withLogLevel(env), ctx);
  },
} satisfies ExportedHandler<BenchEnv>;
