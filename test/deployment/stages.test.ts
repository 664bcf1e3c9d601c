import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { echoEffect } from "../../src/agents/echo-steps/tools";
import { registerAgent } from "../../src/agents/registry";
import type { ReviewDecision } from "../../src/escalation/messages";
import { recordJudgment } from "../../src/guardrails/judgments";
import { DEFAULT_DEPLOYMENT, defineAgent, isReviewRequest } from "../../src/runtime/agent-definition";
import { call, setDeployment, startRun } from "../support/http";
import { effectRows } from "../support/runs";

const AGENT = "stage-probe";
const OPERATOR = "dev-operator-token";
const REVIEWER = "dev-reviewer-token";
const Input = z.object({ amount: z.number().int().positive(), n: z.number().int() });

// decide -> act -> settle, like a real agent: one side effect, a decision worth comparing.
const probe = defineAgent<z.infer<typeof Input>>({
  name: AGENT,
  version: "1.0.0",
  description: "A decision with one side effect, for deployment-stage tests.",
  input: Input,
  plan: () => [
    { name: "decide", kind: "decision", run: (ctx) => ({ decision: "approve", approvedAmountCents: ctx.input.amount, codes: [] }) },
    { name: "act", kind: "tool", run: async (ctx) => (await ctx.callTool(echoEffect, { step: 1, payload: "act" }), ctx.results.decide) },
    {
      name: "settle",
      kind: "tool",
      async run(ctx) {
        if (!isReviewRequest(ctx.results.act)) return ctx.results.act;
        const review = ctx.review as ReviewDecision;
        if (review.decision === "reject") return { decision: "reject", approvedAmountCents: 0, codes: [] };
        await ctx.callTool(echoEffect, { step: 2, payload: "settle" });
        return ctx.results.decide;
      },
    },
  ],
  deployment: {
    limitedShare: 0.5,
    auditSample: 0,
    promotion: { ...DEFAULT_DEPLOYMENT.promotion, minCompared: 3, requirePassingEvaluation: false },
    breaker: { ...DEFAULT_DEPLOYMENT.breaker, minJudged: 3, window: 10 },
  },
});

let n = 0;
const run = () => startRun(AGENT, { amount: 1000, n: ++n }, { Prefer: "wait=20" });

async function reviewIdOf(runId: string) {
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare("SELECT id FROM review_items WHERE run_id = ?").bind(runId).first<{ id: string }>();
    if (row) return row.id;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error("no review item");
}

async function approve(runId: string) {
  const res = await call(`/v1/reviews/${await reviewIdOf(runId)}/decision`, { method: "POST", key: REVIEWER, json: { decision: "approve", comment: "looks right" } });
  expect(res.status).toBe(200);
}

const promote = (to?: string) => call(`/v1/agents/${AGENT}/stage`, { method: "POST", key: OPERATOR, json: { reason: "evidence reviewed", ...(to ? { to } : {}) } });
const stage = async () => ((await (await call(`/v1/agents/${AGENT}`)).json()) as any).stage;

beforeAll(() => registerAgent(probe));

describe("staged deployment", () => {
  it("moves shadow -> limited -> supervised -> full on evidence, and a quality drop demotes", async () => {
    // A new agent starts in shadow: it proposes, a person decides, nothing happens before.
    expect(await stage()).toBe("shadow");
    const shadowRuns = [];
    for (let i = 0; i < 3; i++) {
      const { body } = await run();
      expect(body).toMatchObject({ status: "waiting_for_review", proposal: { decision: "approve" } });
      expect(await effectRows(body.runId)).toBe(0);
      shadowRuns.push(body.runId);
    }

    // Premature promotion is refused, naming what is missing; skipping a stage is refused.
    const early = await promote();
    expect(early.status).toBe(409);
    const earlyBody = (await early.json()) as any;
    expect(earlyBody.error.code).toBe("INSUFFICIENT_EVIDENCE");
    expect(earlyBody.error.details.missing[0]).toMatch(/at least 3 compared decisions in shadow \(have 0\)/);
    expect(((await (await promote("supervised")).json()) as any).error.code).toBe("STAGE_SKIP_REFUSED");
    expect((await call(`/v1/agents/${AGENT}/stage`, { method: "POST", json: { reason: "x" } })).status).toBe(403);

    for (const runId of shadowRuns) await approve(runId);
    for (const runId of shadowRuns) expect(await effectRows(runId)).toBe(1); // the person's decision is what happened
    expect((await promote()).status).toBe(200);
    expect(await stage()).toBe("limited");

    // limited: the agent handles a share, every output reviewed before any side effect.
    const limited = [];
    for (let i = 0; i < 4; i++) {
      const { body } = await run();
      expect(body.status).toBe("waiting_for_review");
      expect(await effectRows(body.runId)).toBe(0);
      limited.push(body.runId);
    }
    for (const runId of limited) await approve(runId);
    for (const runId of limited) expect(await effectRows(runId)).toBe(1);
    expect((await promote()).status).toBe(200);
    expect(await stage()).toBe("supervised");

    // supervised: unflagged outputs act alone. With a 100% audit sample, all are reviewed first.
    const { body: alone } = await run();
    expect(alone.status).toBe("completed");
    expect(await effectRows(alone.runId)).toBe(1);
    await setDeployment(AGENT, "supervised", 10_000);
    const audited = [];
    for (let i = 0; i < 3; i++) {
      const { body } = await run();
      expect(body.status).toBe("waiting_for_review");
      audited.push(body.runId);
    }
    for (const runId of audited) await approve(runId);
    expect((await promote()).status).toBe(200);
    await setDeployment(AGENT, "full", 0);
    const { body: autonomous } = await run();
    expect(autonomous.status).toBe("completed");

    // A forced quality drop (failing online judgments) opens the breaker and demotes full -> supervised.
    for (let i = 0; i < 3; i++) {
      await recordJudgment(env, "demo", probe as never, { kind: "quality", ok: false, source: "online", detail: "forced drop" });
    }
    expect(await stage()).toBe("supervised");
    const history = await env.DB.prepare("SELECT from_stage, to_stage, actor FROM stage_changes WHERE agent = ? ORDER BY at").bind(AGENT).all();
    expect(history.results.map((r: any) => `${r.from_stage}->${r.to_stage}`)).toEqual(["shadow->limited", "limited->supervised", "supervised->full", "full->supervised"]);
    expect(history.results.at(-1)).toMatchObject({ actor: "circuit-breaker" });
  });
});
