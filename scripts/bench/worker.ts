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
 *
 * Never deployed; loopback only.
 */
import { DurableObject } from "cloudflare:workers";
import entry from "../../src/index";
import { newRunId } from "../../src/runtime/ids";
import { runClient } from "../../src/runtime/run-object";

// Every Durable Object class the real entry exports (RunDurableObject, ...).
export * from "../../src/index";

interface BenchEnv extends Env {
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
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS journal (
         idx INTEGER PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL,
         started_at INTEGER NOT NULL, output TEXT
       )`,
    );
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
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number | null {
  const v = Number(url.searchParams.get(name) ?? fallback);
  return Number.isInteger(v) && v >= min && v <= max ? v : null;
}

async function bench(request: Request, env: BenchEnv, url: URL): Promise<Response> {
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
    });
    if (result.kind !== "accepted") return json({ error: result.kind }, 409);
    return json({ runId, status: result.run.status, rested: result.rested, usage: result.run.usage, workerMs: Date.now() - started });
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
    if (url.pathname.startsWith("/bench/")) return bench(request, env, url);
    return entry.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<BenchEnv>;
