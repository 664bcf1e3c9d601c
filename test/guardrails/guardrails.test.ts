import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { echoStepsAgent } from "../../src/agents/echo-steps";
import { registerAgent } from "../../src/agents/registry";
import { guardClient } from "../../src/guardrails/guard-client";
import { DEFAULT_DEPLOYMENT, defineAgent } from "../../src/runtime/agent-definition";
import { call, setDeployment, startRun } from "../support/http";
import { effectRows } from "../support/runs";
import { z } from "zod";

const wait = { Prefer: "wait=20" };

beforeAll(async () => {
  await setDeployment("echo-steps", "full", 0);
});

describe("input guardrails", () => {
  it("counts out-of-scope refusals in metrics", async () => {
    const before = (await (await call("/v1/metrics")).json()) as any;
    const refusedBefore = before.agents.find((a: any) => a.agent === "expense-reports").refusals.OUT_OF_SCOPE ?? 0;
    const { res } = await startRun("expense-reports", "raise my salary");
    expect(res.status).toBe(422);
    await new Promise((r) => setTimeout(r, 50)); // counted off the request path
    const after = (await (await call("/v1/metrics")).json()) as any;
    expect(after.agents.find((a: any) => a.agent === "expense-reports").refusals.OUT_OF_SCOPE).toBe(refusedBefore + 1);
  });
});

describe("action guardrails", () => {
  it("blocks a side effect the policy forbids: journaled with the reason, never in the effect ledger, run waits for review", async () => {
    const { body } = await startRun("echo-steps", { steps: 3, effectEvery: 1, payload: "forbidden" }, wait);
    expect(body).toMatchObject({ status: "waiting_for_review", stopReason: "REVIEW_REQUIRED" });
    expect(await effectRows(body.runId)).toBe(0);
    const steps = ((await (await call(`/v1/runs/${body.runId}/steps`)).json()) as any).steps;
    expect(steps[0].toolCalls).toEqual([expect.objectContaining({ tool: "echoEffect", status: "blocked", error: expect.objectContaining({ code: "ECHO_FORBIDDEN" }) })]);
  });
});

describe("rate limits", () => {
  const rateProbe = defineAgent({ ...echoStepsAgent, name: "rate-probe", limits: { ...echoStepsAgent.limits, requestsPerSecond: 5, maxConcurrentRuns: 1_000 } });
  const concurrencyProbe = defineAgent({ ...echoStepsAgent, name: "concurrency-probe", limits: { ...echoStepsAgent.limits, requestsPerSecond: 1_000, maxConcurrentRuns: 2 } });
  beforeAll(async () => {
    registerAgent(rateProbe);
    registerAgent(concurrencyProbe);
    await setDeployment("rate-probe", "full", 0);
    await setDeployment("concurrency-probe", "full", 0);
  });

  it("admits no more than the limit in a concurrent burst, and answers the rest 429 RATE_LIMITED with Retry-After", async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => startRun("rate-probe", { steps: 1, effectEvery: 0 })));
    const admitted = results.filter((r) => r.res.status === 202).length;
    const limited = results.filter((r) => r.res.status === 429);
    expect(admitted).toBeLessThanOrEqual(5);
    expect(admitted).toBeGreaterThanOrEqual(4); // the bucket refills a little during the burst at most
    expect(admitted + limited.length).toBe(30);
    expect(limited[0]!.body.error.code).toBe("RATE_LIMITED");
    expect(Number(limited[0]!.res.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  });

  it("never over-admits when requests stamp their clocks out of order", async () => {
    const guard = guardClient(env, "demo", "rate-jitter");
    const t0 = Date.UTC(2030, 0, 3);
    const limits = { requestsPerSecond: 50, maxConcurrentRuns: 10_000 };
    // 500 concurrent admits whose `now` values are up to 20 ms apart, in any order.
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => guard.admit({ runId: `j${i}`, tenantId: "demo", agent: "rate-jitter", limits, breaker: DEFAULT_DEPLOYMENT.breaker, share: 0.5, now: t0 + ((i * 7919) % 21) })),
    );
    // 50 in the bucket plus at most 20 ms of refill (one token).
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(51);
  });

  it("limits concurrent runs and frees the slot when a run rests", async () => {
    const slow = { steps: 2, effectEvery: 0, retryDelayMs: 60_000, failures: [{ step: 0, times: 1 }] };
    const a = await startRun("concurrency-probe", slow);
    const b = await startRun("concurrency-probe", slow);
    const c = await startRun("concurrency-probe", slow);
    expect([a.res.status, b.res.status, c.res.status]).toEqual([202, 202, 429]);
    expect(c.body.error.details.kind).toBe("CONCURRENCY");
    await call(`/v1/runs/${a.body.runId}/cancel`, { method: "POST" });
    await new Promise((r) => setTimeout(r, 100));
    const d = await startRun("concurrency-probe", slow);
    expect(d.res.status).toBe(202);
  });
});

describe("budget caps", () => {
  it("never lets concurrent reservations overshoot the cap, racing for the last micro-dollars", async () => {
    const guard = guardClient(env, "demo", "budget-race");
    const now = Date.UTC(2030, 0, 2);
    const cap = 10_000;
    const attempts = await Promise.all(Array.from({ length: 50 }, (_, i) => guard.reserve(`r${i}`, 700, cap, now)));
    const granted = attempts.filter((a) => a.ok).length;
    expect(granted).toBe(Math.floor(cap / 700)); // 14 fit, the other 36 are refused
    // Settling at the real (lower) cost frees room for exactly what fits again.
    await Promise.all(Array.from({ length: granted }, (_, i) => guard.settle(`r${i}`, 100)));
    const after = await guard.status(now);
    expect(after.budget).toMatchObject({ spent: 1_400, reserved: 0 });
    const second = await Promise.all(Array.from({ length: 50 }, (_, i) => guard.reserve(`s${i}`, 700, cap, now)));
    expect(second.filter((a) => a.ok).length).toBe(Math.floor((cap - 1_400) / 700));
  });

  it("stops a run whose next model call would cross its budget, and escalates with what it has", async () => {
    const Input = z.object({ calls: z.number().int().min(1).max(50) });
    const spender = defineAgent<z.infer<typeof Input>>({
      name: "budget-probe",
      version: "1.0.0",
      description: "Calls the strong model until its budget is spent.",
      input: Input,
      plan: (input) => [
        {
          name: "spend",
          kind: "model",
          async run(ctx) {
            for (let i = 0; i < input.calls; i++) {
              await ctx.callModel({ model: "local/expense-classifier-large", messages: [{ role: "user", content: JSON.stringify({ task: "classify_expense_item", merchant: "Delta", description: `trip ${i}` }) }], max_tokens: 100 });
            }
            return { spent: true };
          },
        },
      ],
      limits: { maxCostMicroUsdPerRun: 5_000 },
    });
    registerAgent(spender);
    await setDeployment("budget-probe", "full", 0);
    const { body } = await startRun("budget-probe", { calls: 20 }, wait);
    expect(body).toMatchObject({ status: "waiting_for_review", stopReason: "BUDGET_EXCEEDED" });
    expect(body.usage.costMicroUsd).toBeLessThanOrEqual(5_000);
    expect(body.usage.modelCalls).toBeGreaterThan(0);
    expect(body.usage.modelCalls).toBeLessThan(20);
  });
});

describe("agent detail and metrics", () => {
  it("shows limits, usage, breaker state and stage", async () => {
    const res = await call("/v1/agents/expense-reports");
    expect(res.status).toBe(200);
    const agent = (await res.json()) as any;
    expect(agent).toMatchObject({
      name: "expense-reports",
      limits: { maxCostMicroUsdPerRun: 500_000, latencyBudgetMs: 1_000 },
      breaker: { state: expect.stringMatching(/closed|open|half_open/) },
      usage: { budgetToday: { capMicroUsd: expect.any(Number) } },
      latency: { budgetMs: 1_000 },
    });
    expect((await call("/v1/agents/nope")).status).toBe(404);
  });
});
