/**
 * Ablation experiments for section 12 of `npm run bench` (issue 17: where each
 * millisecond of a run goes). Bench only, never in src/.
 *
 * workerd's clock does not move during CPU work, so timers inside the run
 * object cannot say what costs CPU. Instead, the bare baseline (N committed
 * steps in a SQLite Durable Object) is measured again with one platform
 * ingredient of the engine's run added at a time, in the same bench run at
 * the same concurrency; each ingredient's cost is its line minus the bare line.
 *
 * - `POST /bench/ablation?steps=N&with=a,b,...` (ingredients, any subset of INGREDIENTS):
 *   - `admit`: the Worker asks the guard to admit the run before the first step (the HTTP route's round trip);
 *   - `release`: the object tells the guard the run rested, after its reply (the engine's afterRest);
 *   - `budget`: a reserve and a settle RPC to the guard around every step (what a model call costs at the guard);
 *   - `history`: one D1 batch with the run row and N step rows after the reply, through the engine's D1HistorySink;
 *   - `alarm`: getAlarm + setAlarm(lease) before the first step, deleteAlarm after the reply (the engine's lease);
 *   - `noop`: admit/release/budget go to NoopGuardObject instead (the same round trips, no work at the far end),
 *     which splits a guard call into the platform's round trip and the guard's own work.
 * - `POST /bench/ablation-http?...`: the same, behind a minimal Hono route; with `auth=1` it
 *   first resolves the bearer key in D1 as the API's auth middleware does on every request.
 * - `GET /bench/ablation-tails`: how many after-reply tails finished or failed in this isolate
 *   (tail work is off the reply path, so the bench checks it ran).
 */
import { DurableObject } from "cloudflare:workers";
import { Hono } from "hono";
import { z } from "zod";
import { D1HistorySink, OUTBOX_KIND, type RunHistoryRow, type StepHistoryRow } from "../../src/db/history-sink";
import { guardClient, type AdmitRequest, type GuardClient } from "../../src/guardrails/guard-client";
import { resolveKey, bearerToken } from "../../src/http/middleware/auth";
import { DEFAULT_DEPLOYMENT } from "../../src/runtime/agent-definition";
import { newRunId } from "../../src/runtime/ids";
import { systemClock, type Clock } from "../../src/runtime/clock";

export const INGREDIENTS = ["admit", "release", "budget", "history", "alarm", "noop"] as const;

export const AblationQuery = z.object({
  steps: z.coerce.number().int().min(1).max(1_000).default(5),
  with: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(INGREDIENTS))),
  auth: z.enum(["0", "1"]).default("0"),
});
export type AblationPlan = z.infer<typeof AblationQuery>;

export interface AblationEnv extends Env {
  ABLATION: DurableObjectNamespace<AblationRunObject>;
  NOOP_GUARD: DurableObjectNamespace<NoopGuardObject>;
}

/** The guard identity every ablation run shares: one guard object at the bench's concurrency, like one agent's runs. */
const TENANT = "demo";
const AGENT = "bench-ablation";
/** Never refuses, so admission runs in full but every run proceeds. */
const GENEROUS = { requestsPerSecond: 1_000_000, maxConcurrentRuns: 1_000_000 };
/** The engine's lease horizon is not what is measured; only that an alarm is set and deleted. */
const LEASE_MS = 60_000;
/** Reserve the worst case, settle the real cost (micro-USD), as a model call does. */
const RESERVE_MICRO_USD = 1_000;
const SETTLE_MICRO_USD = 10;

type GuardCalls = Pick<GuardClient, "admit" | "release" | "reserve" | "settle">;

/** The guard a plan talks to: the engine's guard object, or the no-op one (same RPC shape). */
function guardFor(env: AblationEnv, noop: boolean): GuardCalls {
  if (!noop) return guardClient(env, TENANT, AGENT);
  return env.NOOP_GUARD.get(env.NOOP_GUARD.idFromName(`${TENANT}:${AGENT}`)) as unknown as GuardCalls;
}

/** Answers every guard call at once: a Durable Object round trip with nothing behind it. */
export class NoopGuardObject extends DurableObject<AblationEnv> {
  admit(_req: AdmitRequest) {
    return { ok: true as const, fresh: true, breaker: "closed" as const, probe: false };
  }
  release(_runId: string): void {}
  reserve(_id: string, _amount: number, _cap: number, _now: number) {
    return { ok: true as const };
  }
  settle(_id: string, _actual: number): void {}
}

export interface AblationResult {
  runId: string;
  steps: number;
  /** Inside the object, from the RPC's start to the last commit (I/O waits only: workerd's clock stops during CPU work). */
  doMs: number;
}

/** The bare baseline's one table (BareBaselineObject in ./worker.ts uses it too): the same rows in both. */
export const BARE_JOURNAL_DDL = `CREATE TABLE IF NOT EXISTS journal (
  idx INTEGER PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL,
  started_at INTEGER NOT NULL, output TEXT
)`;

/** Tail work (after the reply) per isolate: the bench reads it to know the ingredients really ran. */
const tails = { done: 0, failed: 0, lastError: null as string | null };

/** The bare baseline's table and step loop, plus whichever ingredients the plan names. */
export class AblationRunObject extends DurableObject<AblationEnv> {
  private readonly clock: Clock = systemClock;

  constructor(ctx: DurableObjectState, env: AblationEnv) {
    super(ctx, env);
    ctx.storage.sql.exec(BARE_JOURNAL_DDL);
  }

  async run(runId: string, plan: AblationPlan): Promise<AblationResult> {
    const has = (x: (typeof INGREDIENTS)[number]) => plan.with.includes(x);
    const guard = guardFor(this.env, has("noop"));
    const sql = this.ctx.storage.sql;
    const createdAt = this.clock.now();
    if (has("alarm")) {
      await this.ctx.storage.getAlarm(); // the engine reads the armed time once per object
      await this.ctx.storage.setAlarm(createdAt + LEASE_MS);
    }
    const steps: StepHistoryRow[] = [];
    for (let i = 0; i < plan.steps; i++) {
      const startedAt = this.clock.now();
      if (has("budget")) {
        const id = `${runId}:${i}`;
        await guard.reserve(id, RESERVE_MICRO_USD, Number.MAX_SAFE_INTEGER, startedAt);
        await guard.settle(id, SETTLE_MICRO_USD);
      }
      const output = `{"step":${i},"payload":""}`;
      sql.exec("INSERT INTO journal (idx, name, status, started_at, output) VALUES (?, ?, 'completed', ?, ?)", i, `step-${i}`, startedAt, output);
      await this.ctx.storage.sync(); // one commit per step, like the engine
      const finishedAt = this.clock.now();
      steps.push({ runId, stepIndex: i, name: `step-${i}`, kind: "guard", status: "completed", attempt: 1, startedAt, finishedAt, durationMs: finishedAt - startedAt, outputSummary: output });
    }
    const doMs = this.clock.now() - createdAt;
    // The engine answers when the run rests and does this afterwards (history flush, alarm, afterRest).
    this.ctx.waitUntil(this.afterReply(runId, plan, createdAt, steps, guard));
    return { runId, steps: plan.steps, doMs };
  }

  private async afterReply(runId: string, plan: AblationPlan, createdAt: number, steps: StepHistoryRow[], guard: GuardCalls): Promise<void> {
    try {
      if (plan.with.includes("history")) {
        const now = this.clock.now();
        const run: RunHistoryRow = {
          id: runId, tenantId: TENANT, agent: AGENT, agentVersion: "1.0.0", status: "completed", stage: "full",
          input: { steps: plan.steps }, outcome: { echoed: plan.steps }, steps: plan.steps, wallMs: now - createdAt, createdAt, updatedAt: now,
        };
        await new D1HistorySink(this.env.DB).deliver([
          { key: "run", kind: OUTBOX_KIND.run, payload: run },
          ...steps.map((s) => ({ key: `step:${s.stepIndex}`, kind: OUTBOX_KIND.step, payload: s })),
        ]);
      }
      if (plan.with.includes("alarm")) await this.ctx.storage.deleteAlarm();
      if (plan.with.includes("release")) await guard.release(runId);
      tails.done++;
    } catch (error) {
      tails.failed++;
      tails.lastError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Never fires in practice (deleted after each run); required for setAlarm. */
  override async alarm(): Promise<void> {}
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function parsePlan(url: URL): { ok: true; plan: AblationPlan } | { ok: false; message: string } {
  const parsed = AblationQuery.safeParse(Object.fromEntries(url.searchParams));
  if (parsed.success) return { ok: true, plan: parsed.data };
  return { ok: false, message: `steps must be 1..1000 and with a comma list of ${INGREDIENTS.join(", ")}: ${parsed.error.issues.map((i) => i.message).join("; ")}` };
}

/** One ablation run: admission in the Worker if asked, then the run object. */
async function ablationRun(env: AblationEnv, plan: AblationPlan): Promise<Response> {
  const runId = newRunId();
  if (plan.with.includes("admit")) {
    const admitted = await guardFor(env, plan.with.includes("noop")).admit({
      runId, tenantId: TENANT, agent: AGENT, limits: GENEROUS, breaker: DEFAULT_DEPLOYMENT.breaker, share: 0.5, now: Date.now(),
    });
    if (!admitted.ok) return json({ error: { code: "ADMISSION_REFUSED", message: `the guard refused (${admitted.reason})` } }, 429);
  }
  const result = await env.ABLATION.get(env.ABLATION.idFromName(runId)).run(runId, plan);
  return json(result);
}

/** The HTTP ingredient: a minimal Hono app, optionally with the API's bearer key lookup (D1, every request). */
const httpLine = new Hono<{ Bindings: AblationEnv }>().post("/bench/ablation-http", async (c) => {
  const parsed = parsePlan(new URL(c.req.url));
  if (!parsed.ok) return c.json({ error: { code: "BAD_PLAN", message: parsed.message } }, 400);
  if (parsed.plan.auth === "1") {
    const key = bearerToken(c);
    const caller = key ? await resolveKey(c.env.DB, key) : null;
    if (!caller) return c.json({ error: { code: "UNAUTHENTICATED", message: "Send a valid API key as 'Authorization: Bearer <key>'." } }, 401);
  }
  return ablationRun(c.env, parsed.plan);
});

/** Serves the `/bench/ablation*` routes; null for any other path. */
export function ablationFetch(request: Request, env: AblationEnv, ctx: ExecutionContext, url: URL): Promise<Response> | Response | null {
  if (url.pathname === "/bench/ablation-http") return httpLine.fetch(request, env, ctx);
  if (request.method === "POST" && url.pathname === "/bench/ablation") {
    const parsed = parsePlan(url);
    if (!parsed.ok) return json({ error: { code: "BAD_PLAN", message: parsed.message } }, 400);
    return ablationRun(env, parsed.plan);
  }
  if (request.method === "GET" && url.pathname === "/bench/ablation-tails") return json(tails);
  return null;
}
