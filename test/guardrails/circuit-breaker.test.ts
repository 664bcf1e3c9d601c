import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { expenseReportsAgent } from "../../src/agents/expense-reports";
import { registerAgent } from "../../src/agents/registry";
import { guardClient } from "../../src/guardrails/guard-client";
import { DEGRADED_MODEL } from "../../src/agents/expense-reports/model/embedded";
import { defineAgent, DEFAULT_DEPLOYMENT } from "../../src/runtime/agent-definition";
import { call, setDeployment, startRun } from "../support/http";

const AGENT = "expense-drill";
const OPERATOR = "dev-operator-token";
// The expense agent as it is, with every completed run judged online and a small window.
const drill = defineAgent({
  ...expenseReportsAgent,
  name: AGENT,
  deployment: { onlineSample: 1, breaker: { ...DEFAULT_DEPLOYMENT.breaker, window: 10, minJudged: 4, probesToClose: 2 } },
});

let n = 0;
// Categories left out on purpose: the model decides them, so a broken model decides wrongly.
const report = () => ({
  reportId: `R-DRILL-${Date.now()}-${++n}`,
  employeeId: "E1006",
  submittedAt: "2026-11-20",
  items: [
    { date: "2026-11-1" + (n % 9), merchant: "Delta Air Lines", description: "flight to Denver", amount: 200 + n, currency: "USD", receipt: true },
    { date: "2026-11-1" + (n % 9), merchant: "Uber", description: "airport ride", amount: 20 + n / 100, currency: "USD" },
  ],
});

async function breakerState() {
  return (await guardClient(env, "demo", AGENT).status(Date.now())).breaker;
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  registerAgent(drill);
});

describe("circuit breaker, end to end", () => {
  it("opens when a degraded model disagrees with online evaluation, sends every task to people, demotes, and recovers after the fix", async () => {
    // A broken configuration: the agent's classifier is replaced by one that miscategorizes.
    await setDeployment(AGENT, "full", 0, [DEGRADED_MODEL]);
    for (let i = 0; i < 6; i++) {
      const { body } = await startRun(AGENT, report(), { Prefer: "wait=20" });
      expect(["completed", "waiting_for_review"]).toContain(body.status);
    }
    const opened = await until(breakerState, (b) => b.state === "open");
    expect(opened.state).toBe("open");
    expect(opened.evidence?.quality.rate).toBeLessThan(0.95);

    // Every new task goes to the human path with CIRCUIT_OPEN; nothing is decided automatically.
    const { body: held } = await startRun(AGENT, report(), { Prefer: "wait=20" });
    expect(held).toMatchObject({ status: "waiting_for_review" });
    const item = await until(
      () => env.DB.prepare("SELECT reasons FROM review_items WHERE run_id = ?").bind(held.runId).first<{ reasons: string }>(),
      (r) => r !== null,
    );
    expect(JSON.parse(item!.reasons)).toContain("CIRCUIT_OPEN");

    // The open breaker demoted the agent one stage, with its evidence on record.
    const changes = await env.DB.prepare("SELECT from_stage, to_stage, actor FROM stage_changes WHERE agent = ? ORDER BY at DESC LIMIT 1").bind(AGENT).first();
    expect(changes).toEqual({ from_stage: "full", to_stage: "supervised", actor: "circuit-breaker" });
    const transitions = await until(
      () => env.DB.prepare("SELECT to_state, reason FROM breaker_transitions WHERE agent = ? ORDER BY at").bind(AGENT).all(),
      (r) => r.results.length > 0,
    );
    expect(transitions.results[0]).toMatchObject({ to_state: "open", reason: expect.stringContaining("agreement") });

    // The fix: back to the agent's own models; the operator lets probes through.
    await setDeployment(AGENT, "supervised", 0, null);
    const forced = await call(`/v1/agents/${AGENT}/breaker`, { method: "POST", key: OPERATOR, json: { state: "half_open", reason: "model config fixed" } });
    expect(forced.status).toBe(200);
    let probes = 0;
    for (let i = 0; i < 40 && (await breakerState()).state !== "closed"; i++) {
      const { body } = await startRun(AGENT, report(), { Prefer: "wait=20" });
      if (body.status === "completed") probes++;
      await until(breakerState, (b) => b.state !== "half_open" || b.probesPassed >= probes, 3_000);
    }
    expect((await breakerState()).state).toBe("closed");
    expect(probes).toBeGreaterThanOrEqual(1);
    const last = await env.DB.prepare("SELECT to_state FROM breaker_transitions WHERE agent = ? ORDER BY at DESC LIMIT 1").bind(AGENT).first();
    expect(last).toEqual({ to_state: "closed" });
  });

  it("lets only an operator change the breaker by hand, with a reason", async () => {
    expect((await call(`/v1/agents/${AGENT}/breaker`, { method: "POST", json: { state: "closed", reason: "x" } })).status).toBe(403);
    expect((await call(`/v1/agents/${AGENT}/breaker`, { method: "POST", key: OPERATOR, json: { state: "closed" } })).status).toBe(422);
  });
});
