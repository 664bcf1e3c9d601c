/**
 * Per-agent metrics: latency is the agent's working time (a person's wait is
 * its own figure), and cost shows every model call the agent's budget pays
 * for, split by who asked, with totals that agree with the budget.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { echoStepsAgent } from "../../src/agents/echo-steps";
import { expenseReportsAgent } from "../../src/agents/expense-reports";
import { registerAgent } from "../../src/agents/registry";
import { guardClient } from "../../src/guardrails/guard-client";
import { defineAgent } from "../../src/runtime/agent-definition";
import { ManualClock } from "../../src/runtime/clock";
import { newRunId } from "../../src/runtime/ids";
import { call, setDeployment, startRun } from "../support/http";
import { command, instrument, runStub } from "../support/runs";
import { OPERATOR, page, signIn } from "../dashboard/support";

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await sleep(50);
  }
}

const metricsOf = async (agent: string) => ((await (await call("/v1/metrics")).json()) as any).agents.find((a: any) => a.agent === agent);

describe("latency is the agent's working time", () => {
  const AGENT = "latency-drill";
  beforeAll(() => {
    registerAgent(defineAgent({ ...echoStepsAgent, name: AGENT, limits: { ...echoStepsAgent.limits, latencyBudgetMs: 1_000, timeLimitMs: 5 * 60_000 } }));
  });

  it("keeps two hours a reviewer took out of latency and breaches, shows them as review wait, and does not run the agent out of time", async () => {
    const runId = newRunId();
    const clock = new ManualClock(Date.now());
    await instrument(runId, (obj) => {
      obj.clock = clock;
    });
    const stub = runStub(runId);
    const paused = await stub.submit(command(AGENT, { steps: 2, effectEvery: 1 }, { runId, options: { stage: "shadow", reviewGate: "SHADOW" } }));
    expect(paused).toMatchObject({ kind: "accepted", run: { status: "waiting_for_review" } });

    clock.advance(2 * HOUR); // the reviewer took two hours; the run's time limit is five minutes
    const resumed = await stub.resolveReview("demo", { decision: "approve", comment: "fine", reviewer: "r1", decidedAt: clock.now() }, 5_000);
    expect(resumed).toMatchObject({ kind: "resumed", run: { status: "completed", error: null } });
    const usage = resumed.kind === "resumed" ? resumed.run.usage : null;
    expect(usage!.reviewWaitMs).toBe(2 * HOUR);
    expect(usage!.wallMs - usage!.reviewWaitMs).toBeLessThan(1_000);

    const m = await until(() => metricsOf(AGENT), (x) => x?.latency.sample >= 1);
    expect(m.latency).toMatchObject({ sample: 1, budgetMs: 1_000, breaches: 0, alert: false });
    expect(m.latency.p95Ms).toBeLessThan(1_000);
    expect(m.reviewWait).toEqual({ sample: 1, p50Ms: 2 * HOUR, p95Ms: 2 * HOUR });
    const row = await env.DB.prepare("SELECT wall_ms, review_wait_ms FROM runs WHERE id = ?").bind(runId).first<{ wall_ms: number; review_wait_ms: number }>();
    expect(row!.review_wait_ms).toBe(2 * HOUR);
  });
});

describe("cost: one set of figures", () => {
  const AGENT = "cost-drill";
  let n = 0;
  const report = () => ({
    reportId: `R-COST-${Date.now()}-${++n}`,
    employeeId: "E1006",
    submittedAt: "2026-11-20",
    items: [
      { date: "2026-11-12", merchant: "Delta Air Lines", description: "flight to Denver", amount: 210 + n, currency: "USD", receipt: true },
      { date: "2026-11-12", merchant: "Uber", description: "airport ride", amount: 21 + n / 100, currency: "USD" },
    ],
  });

  beforeAll(async () => {
    // Every run the agent decides alone is re-decided by the online evaluation (a dry run paid from the same budget).
    registerAgent(defineAgent({ ...expenseReportsAgent, name: AGENT, deployment: { ...expenseReportsAgent.deployment, onlineSample: 1 } }));
    await setDeployment(AGENT, "full", 0);
  });

  it("splits task runs, online evaluation and evaluation passes, and the budgeted total is what the budget counted", async () => {
    for (let i = 0; i < 2; i++) {
      const { body } = await startRun(AGENT, report(), { Prefer: "wait=20" });
      expect(["completed", "waiting_for_review"]).toContain(body.status);
    }
    const day = new Date().toISOString().slice(0, 10);
    // A scheduled pass ran under its own tenant: shown, and not charged to the daily budget.
    await env.DB.prepare(
      "INSERT INTO eval_runs (id, tenant_id, agent, agent_version, mode, trigger, status, cases, cost_micro_usd, created_at) VALUES (?, 'demo', ?, '1', 'cascade', 'scheduled', 'completed', 3, 1234, ?)",
    )
      .bind(`ev_cost_${Date.now()}`, AGENT, Date.now())
      .run();

    const guard = guardClient(env, "demo", AGENT);
    // Both online dry runs done and delivered: the history and the budget describe the same calls.
    const settled = await until(
      async () => {
        const [m, status, dry] = await Promise.all([
          metricsOf(AGENT),
          guard.status(Date.now()),
          env.DB.prepare("SELECT COUNT(*) AS n FROM runs WHERE agent = ? AND evaluation LIKE 'online:%' AND status = 'completed'").bind(AGENT).first<{ n: number }>(),
        ]);
        return { today: m?.cost.perDay.find((d: any) => d.day === day), budget: status.budget, dryRuns: dry?.n ?? 0 };
      },
      ({ today, budget, dryRuns }) => dryRuns === 2 && today?.onlineEvaluationMicroUsd > 0 && budget.reserved === 0 && today.budgetedMicroUsd === budget.spent,
    );
    const { today, budget } = settled;
    expect(today.taskRunsMicroUsd).toBeGreaterThan(0);
    expect(today.onlineEvaluationMicroUsd).toBeGreaterThan(0);
    expect(today.scheduledEvaluationMicroUsd).toBe(1234);
    expect(today.budgetedMicroUsd).toBe(today.taskRunsMicroUsd + today.onlineEvaluationMicroUsd);
    expect(today.budgetedMicroUsd).toBe(budget.spent);
    expect(today.totalMicroUsd).toBe(today.budgetedMicroUsd + 1234);
    expect(today.runs).toBe(2); // dry runs are not task runs

    // The agent's page (JSON) says the same.
    const detail = (await (await call(`/v1/agents/${AGENT}`)).json()) as any;
    expect(detail.usage.budgetToday).toMatchObject({
      spentMicroUsd: budget.spent,
      split: { taskRunsMicroUsd: today.taskRunsMicroUsd, onlineEvaluationMicroUsd: today.onlineEvaluationMicroUsd },
    });
    // And so does the dashboard: the budget's figure, with the same split.
    const { cookie } = await signIn(OPERATOR);
    const html = await (await page("/dashboard/agents", { cookie })).text();
    const panel = html.slice(html.indexOf(`id="agent-${AGENT}"`));
    expect(panel).toContain("online evaluation");
    expect(panel).toMatch(/Latency \(agent working time/);
  });
});
