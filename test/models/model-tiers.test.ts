/**
 * Which model serves each tier is configuration per environment (MODEL_TIERS),
 * not a D1 edit: the runtime resolves it for every model step, the online
 * judge and the evaluation runner; a tenant's override still wins.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { expenseReportsAgent } from "../../src/agents/expense-reports";
import { agentModels, primaryTiers, resolveTiers } from "../../src/models/tiers";
import { createApp } from "../../src/http/app";
import type { RunDurableObject } from "../../src/runtime/run-object";
import { DEMO_KEY } from "../support/http";
import { command, instrument, runStub } from "../support/runs";

const LARGE_ONLY = JSON.stringify({ "expense-reports": { classify: ["local/expense-classifier-large"] } });

const report = () => ({
  reportId: `R-TIERS-${crypto.randomUUID().slice(0, 8)}`,
  employeeId: "E1001",
  submittedAt: "2026-11-20",
  purpose: "Customer onboarding workshop in Boston",
  items: [{ date: "2026-11-12", merchant: "Uber", amount: 23.4, currency: "USD", receipt: true }],
});

describe("model tiers per environment (MODEL_TIERS)", () => {
  it("resolves tenant override > MODEL_TIERS > the agent's default", () => {
    const defaults = ["a/small", "a/large"];
    expect(resolveTiers({ env: { MODEL_TIERS: "" }, agent: "x", task: "t", defaults })).toEqual(defaults);
    expect(resolveTiers({ env: { MODEL_TIERS: JSON.stringify({ x: { t: ["b/one"] } }) }, agent: "x", task: "t", defaults })).toEqual(["b/one"]);
    expect(resolveTiers({ env: { MODEL_TIERS: JSON.stringify({ x: { t: ["b/one"] } }) }, agent: "x", task: "t", tenantOverride: ["c/two"], defaults })).toEqual(["c/two"]);
    expect(agentModels({ MODEL_TIERS: LARGE_ONLY }, expenseReportsAgent)).toEqual({ classify: ["local/expense-classifier-large"] });
    expect(primaryTiers({ MODEL_TIERS: "" }, expenseReportsAgent)).toEqual(["local/expense-classifier-small", "local/expense-classifier-large"]);
    expect(() => resolveTiers({ env: { MODEL_TIERS: "{not json" }, agent: "x", task: "t", defaults })).toThrow(/MODEL_TIERS/);
  });

  it("a run's model steps call the models the environment names", async () => {
    const cmd = command("expense-reports", report(), { options: { stage: "full" } });
    await instrument(cmd.runId, (obj: RunDurableObject) => {
      (obj as unknown as { env: Env }).env = { ...env, MODEL_TIERS: LARGE_ONLY };
    });
    const result = await runStub(cmd.runId).submit({ ...cmd, waitMs: 20_000 });
    expect(result).toMatchObject({ kind: "accepted", run: { status: "completed" } });
    const steps = (await runStub(cmd.runId).journal(cmd.tenantId))!;
    const models = steps.flatMap((s) => s.modelCalls.map((m) => m.model));
    expect(models.length).toBeGreaterThan(0);
    expect(new Set(models)).toEqual(new Set(["local/expense-classifier-large"]));
  });

  it("GET /v1/agents shows the tiers in force", async () => {
    const app = createApp();
    const req = new Request("http://runtime.test/v1/agents", { headers: { Authorization: `Bearer ${DEMO_KEY}` } });
    const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} } as unknown as ExecutionContext;
    const body = (await (await app.fetch(req, { ...env, MODEL_TIERS: LARGE_ONLY }, ctx)).json()) as { agents: { name: string; models: Record<string, string[]> }[] };
    expect(body.agents.find((a) => a.name === "expense-reports")?.models).toEqual({ classify: ["local/expense-classifier-large"] });
  });
});
