/**
 * Budget settlement deferred to the next reservation, and budget leases
 * (issue 17): a run reserves several calls' worst case at once and most calls
 * need no guard round trip; the budget still never overshoots, never loses a
 * call's cost and never counts one twice.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { registerAgent } from "../../src/agents/registry";
import { RESERVATION_TTL_MS } from "../../src/guardrails/budget";
import { guardClient } from "../../src/guardrails/guard-client";
import { defineAgent, requestReview, type StepDefinition } from "../../src/runtime/agent-definition";
import type { RunDurableObject } from "../../src/runtime/run-object";
import { SIMULATED_CRASH } from "../support/crash-noise";
import { RunStore } from "../../src/runtime/run-store";
import { command, driveToRest, instrument, runStub } from "../support/runs";

const Input = z.object({ calls: z.number().int().min(1).max(10), pause: z.boolean().default(false) });
const MODEL = "local/expense-classifier-large";

/** One model call per step; with `pause`, a last step hands the run to a person. */
const spender = (name: string, maxCostMicroUsdPerDay = 50_000_000) =>
  defineAgent<z.infer<typeof Input>>({
    name,
    version: "1.0.0",
    description: "One model call per step, for budget settlement tests.",
    input: Input,
    plan: (input) => {
      const calls: StepDefinition<z.infer<typeof Input>>[] = Array.from({ length: input.calls }, (_, i) => ({
        name: `call-${i}`,
        kind: "model",
        async run(ctx) {
          await ctx.callModel({ model: MODEL, messages: [{ role: "user", content: JSON.stringify({ task: "classify_expense_item", merchant: "Delta", description: `trip ${i}` }) }], max_tokens: 100 });
          return { call: i };
        },
      }));
      const ask: StepDefinition<z.infer<typeof Input>> = { name: "ask", kind: "decision", run: async () => requestReview(["CHECK"], { subject: { calls: input.calls } }) };
      return input.pause ? [...calls, ask] : calls;
    },
    limits: { maxCostMicroUsdPerDay },
  });

type Rpc = { rpc: string; settles: number };

/** Records every budget round trip of the run's current object instance. */
const countRpcs = (runId: string, rpcs: Rpc[], crashAfterModelCall?: number) =>
  instrument(runId, (obj, state) => {
    obj.hooks = {
      onBudgetRpc: (rpc, settles) => void rpcs.push({ rpc, settles }),
      onCheckpoint: (point, step) => {
        if (point === "after-model-call" && step === crashAfterModelCall) state.abort(SIMULATED_CRASH);
      },
    };
  });

const guardOf = (agent: string) => guardClient(env, "demo", agent);

/** The guard's figures once nothing is reserved any more (settlement at rest rides on the release, off the response path). */
async function settledBudget(agent: string) {
  for (let i = 0; i < 100; i++) {
    const { budget } = await guardOf(agent).status(Date.now());
    if (budget.reserved === 0) return budget;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`reservations of ${agent} never settled`);
}

async function journaledCost(runId: string): Promise<number> {
  const steps = (await runStub(runId).journal("demo"))!;
  return steps.flatMap((s) => s.modelCalls ?? []).reduce((n, c: { costMicroUsd: number }) => n + c.costMicroUsd, 0);
}

beforeAll(() => {
  for (const name of ["settle-three", "settle-race", "settle-crash", "settle-pause", "settle-resend"]) registerAgent(spender(name, name === "settle-race" ? 6_000 : undefined));
});

describe("deferred budget settlement", () => {
  it("a 3-call run makes 1 reserve round trip (a lease that covers all three) and 1 release that settles it; spent is the journaled cost", async () => {
    const cmd = command("settle-three", { calls: 3 });
    const rpcs: Rpc[] = [];
    await countRpcs(cmd.runId, rpcs);
    const result = await runStub(cmd.runId).submit(cmd);
    expect(result).toMatchObject({ kind: "accepted", run: { status: "completed", usage: { modelCalls: 3 } } });
    // The lease covers the three calls; the release settles it once, with their summed cost. No settle of its own.
    expect(rpcs).toEqual([
      { rpc: "reserve", settles: 0 },
      { rpc: "finished", settles: 1 },
    ]);
    const budget = await settledBudget("settle-three");
    const cost = await journaledCost(cmd.runId);
    expect(cost).toBeGreaterThan(0);
    expect(budget.spent).toBe(cost);
    if (result.kind === "accepted") expect(result.run.usage.costMicroUsd).toBe(cost);
  });

  it("never lets settlements and reservations racing at the cap overshoot it (real cost = worst case, so nothing is freed)", async () => {
    const guard = guardOf("settle-race-guard");
    const now = Date.UTC(2030, 0, 5);
    const cap = 10_000;
    // 30 "runs", each reserving 700 per call and settling its previous call (at full cost) in its next reservation.
    const granted = await Promise.all(
      Array.from({ length: 30 }, async (_, r) => {
        let previous: string | null = null;
        let n = 0;
        for (let call = 0; call < 5; call++) {
          const id = `race-${r}-${call}`;
          const answer = await guard.reserve(id, 700, cap, now, previous ? [{ id: previous, actual: 700 }] : []);
          if (!answer.ok) break;
          previous = id;
          n++;
        }
        if (previous) await guard.settleAll([{ id: previous, actual: 700 }], now);
        return n;
      }),
    );
    const total = granted.reduce((a, b) => a + b, 0);
    expect(total).toBe(Math.floor(cap / 700)); // 14, however the races interleave
    expect((await guard.status(now)).budget).toMatchObject({ spent: 14 * 700, reserved: 0 });
  });

  it("concurrent runs racing for an agent's daily cap never overshoot it, and spent is what they paid", async () => {
    const cmds = Array.from({ length: 6 }, () => command("settle-race", { calls: 3 }));
    const results = await Promise.all(cmds.map((c) => runStub(c.runId).submit(c)));
    const views = results.map((r) => (r.kind === "accepted" ? r.run : null));
    const stopped = views.filter((v) => v?.stopReason === "BUDGET_EXCEEDED");
    expect(stopped.length).toBeGreaterThan(0); // the cap was really contended
    const budget = await settledBudget("settle-race");
    const paid = views.reduce((n, v) => n + (v?.usage.costMicroUsd ?? 0), 0);
    expect(budget.spent).toBe(paid);
    expect(budget.spent).toBeLessThanOrEqual(6_000);
  });

  it("a crash after a model call is journaled but before the next reservation: after resume the call is counted exactly once", async () => {
    const cmd = command("settle-crash", { calls: 2 });
    const rpcs: Rpc[] = [];
    await countRpcs(cmd.runId, rpcs, 0);
    await runStub(cmd.runId).submit(cmd).catch(() => "crashed");
    expect(rpcs).toEqual([{ rpc: "reserve", settles: 0 }]); // died holding the first call unsettled
    const after: Rpc[] = [];
    await countRpcs(cmd.runId, after); // the restarted instance
    const view = await driveToRest(cmd.runId);
    expect(view).toMatchObject({ status: "completed", usage: { modelCalls: 2 } });
    // The journaled call replays (not paid again) and its cost rides on the next reservation.
    expect(after).toEqual([
      { rpc: "reserve", settles: 1 },
      { rpc: "finished", settles: 1 },
    ]);
    const budget = await settledBudget("settle-crash");
    expect(budget.spent).toBe(await journaledCost(cmd.runId));
    expect(budget.spent).toBe(view!.usage.costMicroUsd);
  });

  it("a settlement arriving after its reservation expired still counts, once", async () => {
    const guard = guardOf("settle-late");
    const t0 = Date.UTC(2030, 0, 6, 8);
    expect(await guard.reserve("late-1", 900, 10_000, t0)).toEqual({ ok: true });
    const late = t0 + RESERVATION_TTL_MS + 1;
    expect((await guard.status(late)).budget).toMatchObject({ spent: 0, reserved: 0 }); // expired: no longer held
    // The run comes back late: its next reservation carries the cost, and a re-send (crash before it marked) is a no-op.
    expect(await guard.reserve("late-2", 900, 10_000, late, [{ id: "late-1", actual: 300 }])).toEqual({ ok: true });
    await guard.settleAll([{ id: "late-1", actual: 300 }, { id: "late-2", actual: 400 }], late);
    await guard.settleAll([{ id: "late-1", actual: 300 }, { id: "late-2", actual: 400 }], late);
    await guard.settle("late-2", 400, late);
    expect((await guard.status(late)).budget).toMatchObject({ spent: 700, reserved: 0 });
  });

  it("a run paused for a person has its calls settled while it waits", async () => {
    const cmd = command("settle-pause", { calls: 2, pause: true });
    const rpcs: Rpc[] = [];
    await countRpcs(cmd.runId, rpcs);
    const result = await runStub(cmd.runId).submit(cmd);
    expect(result).toMatchObject({ kind: "accepted", run: { status: "waiting_for_review", usage: { modelCalls: 2 } } });
    expect(rpcs.at(-1)).toEqual({ rpc: "finished", settles: 1 });
    const budget = await settledBudget("settle-pause");
    expect(budget.spent).toBe(await journaledCost(cmd.runId));
    expect(budget.spent).toBeGreaterThan(0);
    // Nothing left unsettled in the run's journal, and no alarm kept for it.
    const left = await runInDurableObject(runStub(cmd.runId), (obj: RunDurableObject, state) =>
      Promise.all([obj.store.unsettledCalls().length, state.storage.getAlarm()]),
    );
    expect(left).toEqual([0, null]);
  });

  it("upgrades a run's model_calls table from before deferred settlement: old rows count as settled, new ones are carried", async () => {
    const stub = runStub(command("settle-three", { calls: 1 }).runId);
    const unsettled = await runInDurableObject(stub, (_obj: RunDurableObject, state) => {
      const sql = state.storage.sql;
      sql.exec(`CREATE TABLE model_calls (key TEXT PRIMARY KEY, step_idx INTEGER NOT NULL, model TEXT NOT NULL, response TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, cost_micro_usd INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL, cache_status TEXT, log_id TEXT, created_at INTEGER NOT NULL)`);
      sql.exec("INSERT INTO model_calls VALUES ('0:0', 0, 'm', '{}', 1, 1, 50, 1, NULL, NULL, 1)");
      const store = new RunStore(sql);
      const before = store.unsettledCalls().length;
      store.recordModelCall({ key: "1:0", stepIndex: 1, model: "m", response: {}, promptTokens: 1, completionTokens: 1, costMicroUsd: 70, latencyMs: 1, cacheStatus: null, logId: null, createdAt: 2 }, "res-1");
      // A second instance reads the same from storage, and an upgraded table is not altered again.
      const again = new RunStore(sql);
      return { before, after: [...again.unsettledCalls()] };
    });
    expect(unsettled).toEqual({ before: 0, after: [{ id: "res-1", actual: 70 }] });
  });

  it("a rested run that died before marking its calls settled re-sends them on its alarm: counted once, and no alarm left", async () => {
    const cmd = command("settle-resend", { calls: 2 });
    await runStub(cmd.runId).submit(cmd);
    const before = await settledBudget("settle-resend");
    expect(before.spent).toBe(await journaledCost(cmd.runId));
    // As if the instance died after the guard took the release but before the run wrote it down.
    await runInDurableObject(runStub(cmd.runId), async (_obj: RunDurableObject, state) => {
      state.storage.sql.exec("UPDATE model_calls SET settled = 0");
      await state.storage.setAlarm(Date.now() + 15_000); // the lease it would still hold
      await state.storage.sync();
      state.abort(SIMULATED_CRASH);
    }).catch(() => "crashed");
    const rpcs: Rpc[] = [];
    await countRpcs(cmd.runId, rpcs);
    expect(await runDurableObjectAlarm(runStub(cmd.runId))).toBe(true);
    expect(rpcs).toEqual([{ rpc: "settle", settles: 1 }]); // both calls drew on one lease: one settlement, their sum
    expect((await guardOf("settle-resend").status(Date.now())).budget).toMatchObject({ spent: before.spent, reserved: 0 });
    const left = await runInDurableObject(runStub(cmd.runId), (obj: RunDurableObject, state) => Promise.all([obj.store.unsettledCalls().length, state.storage.getAlarm()]));
    expect(left).toEqual([0, null]);
  });
});
