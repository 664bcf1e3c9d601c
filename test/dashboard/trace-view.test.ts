/**
 * Issue 15: the trace view. A run's spans (the run, each step, each model
 * and tool call, each wait for a person) as bars on one time axis, built
 * from the journal; prompts and answers only where the agent shows them,
 * escaped; linked from the runs list, the run page and every review item.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findAgent, registerAgent } from "../../src/agents/registry";
import { buildTrace } from "../../src/dashboard/trace-data";
import type { RunView, StepView } from "../../src/runtime/run-view";
import { call, setDeployment, startRun } from "../support/http";
import { escalate, escalatingReport, page, signIn } from "./support";

interface Row {
  kind: string;
  name: string;
  text: string;
  left: number;
  width: number;
}

const visible = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

/** The waterfall's span rows: kind, name, the row's words and its bar. */
function spanRows(html: string): Row[] {
  return [...html.matchAll(/<tr class="span span-(\w+)" data-kind="\w+">([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = m[2]!;
    const bar = /<rect class="trace-bar bar-\w+" x="([\d.]+)%" y="3" width="([\d.]+)%"/.exec(cells);
    expect(bar, `a bar in ${cells.slice(0, 200)}`).not.toBeNull();
    const name = visible(/<td class="span-name d\d">([\s\S]*?)<div/.exec(cells)![1]!).replace(/^[^:]+: /, "").trim();
    return { kind: m[1]!, name, text: visible(cells), left: Number(bar![1]), width: Number(bar![2]) };
  });
}

/** The run's journal, as GET /v1/runs/{id}/steps returns it. */
async function stepsOf(runId: string): Promise<StepView[]> {
  const body = (await (await call(`/v1/runs/${runId}/steps`)).json()) as { steps: StepView[] };
  return body.steps;
}

/** Every row in the trace, as the journal says: one per step, one per model call, one per tool a step called; bars inside the axis. */
async function expectTraceOf(runId: string, cookie: string) {
  const res = await page(`/dashboard/runs/${runId}/trace`, { cookie });
  expect(res.status).toBe(200);
  const html = await res.text();
  const rows = spanRows(html);
  const steps = await stepsOf(runId);
  expect(steps.length).toBeGreaterThan(0);
  expect(rows[0]).toMatchObject({ kind: "run", left: 0, width: 100 });
  expect(rows.filter((r) => r.kind === "step").map((r) => r.name)).toEqual(steps.map((s) => s.name));
  const models = steps.flatMap((s) => s.modelCalls.map((m) => `chat ${m.model}`));
  expect(rows.filter((r) => r.kind === "model").map((r) => r.name)).toEqual(models);
  for (const s of steps) for (const t of s.toolCalls) expect(rows.map((r) => r.name)).toContain(`execute_tool ${t.tool}`);
  for (const r of rows) {
    expect(r.left, r.name).toBeGreaterThanOrEqual(0);
    expect(r.width, r.name).toBeGreaterThanOrEqual(0);
    expect(r.left + r.width, r.name).toBeLessThanOrEqual(100.001);
  }
  // Steps run one after another: their bars do not overlap and fill at most the axis.
  const stepRows = rows.filter((r) => r.kind === "step");
  expect(stepRows.reduce((s, r) => s + r.width, 0)).toBeLessThanOrEqual(100.01);
  stepRows.slice(1).forEach((r, i) => expect(r.left, r.name).toBeGreaterThanOrEqual(stepRows[i]!.left + stepRows[i]!.width - 0.01));
  // A call's bar lies inside its step's bar.
  let step: Row | undefined;
  for (const r of rows) {
    if (r.kind === "step") step = r;
    if ((r.kind === "model" || r.kind === "tool") && step) {
      expect(r.left, r.name).toBeGreaterThanOrEqual(step.left - 0.001);
      expect(r.left + r.width, r.name).toBeLessThanOrEqual(step.left + step.width + 0.002);
    }
  }
  expect(html).toContain('class="legend trace-legend"');
  expect(visible(html)).toContain("laid out one after another from the step's start");
  return { html, rows, steps };
}

async function historyRow(runId: string) {
  for (let i = 0; i < 100 && !(await env.DB.prepare("SELECT 1 FROM runs WHERE id = ?").bind(runId).first()); i++) await new Promise((r) => setTimeout(r, 50));
}

async function untilStatus(runId: string, status: string) {
  for (let i = 0; i < 200; i++) {
    const run = (await (await call(`/v1/runs/${runId}`)).json()) as { status: string };
    if (run.status === status) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} never became ${status}`);
}

describe("trace view (issue 15)", () => {
  it("an echo-steps run: a row per step and per tool call, linked from the runs list and the run page", async () => {
    const { res, body } = await startRun("echo-steps", { steps: 4, effectEvery: 2 }, { Prefer: "wait=10" });
    expect(res.status).toBe(200);
    expect(body.status).toBe("completed");
    const runId = body.runId as string;
    const { cookie } = await signIn();
    const { rows } = await expectTraceOf(runId, cookie);
    expect(rows.map((r) => `${r.kind} ${r.name}`)).toEqual([
      "run run echo-steps",
      "step echo-0",
      "step echo-1",
      "tool execute_tool echoEffect",
      "step echo-2",
      "step echo-3",
      "tool execute_tool echoEffect",
    ]);
    expect(rows.find((r) => r.kind === "tool")!.text).toContain("≤");

    await historyRow(runId);
    const list = await (await page(`/dashboard/runs?q=${runId}`, { cookie })).text();
    expect(list).toContain(`href="/dashboard/runs/${runId}/trace"`);
    const runPage = await (await page(`/dashboard/runs/${runId}`, { cookie })).text();
    expect(runPage).toContain(`href="/dashboard/runs/${runId}/trace"`);
    expect((await page("/dashboard/runs/run_00000000000000000000000000/trace", { cookie })).status).toBe(404);
    expect((await page("/dashboard/runs/not-a-run/trace", { cookie })).status).toBe(404);
    expect((await page(`/dashboard/runs/${runId}/trace`)).status).toBe(303);
  });

  it("an expense run that waited for a person and was decided: model calls, a wait row, linked from the review item; no report text", async () => {
    const marker = "Window seat upgrade QX7 noted";
    const { report, runId, reviewId } = await escalate(escalatingReport({ description: marker }));
    const { cookie, csrf } = await signIn();


    const waiting = await expectTraceOf(runId, cookie);
    expect(waiting.rows.filter((r) => r.kind === "model").length).toBeGreaterThan(0);
    const open = waiting.rows.filter((r) => r.kind === "wait");
    expect(open).toHaveLength(1);
    expect(open[0]!.text).toContain("open");
    expect(open[0]!.text).toContain("so far");
    expect(waiting.html).toContain(`href="/dashboard/reviews/${reviewId}"`);

    // The run page shows the report as submitted; the trace keeps none of its text.
    const runPage = await (await page(`/dashboard/runs/${runId}`, { cookie })).text();
    expect(runPage).toContain(marker);
    for (const words of [marker, report.purpose, "British Airways", "Pret A Manger"]) expect(waiting.html, words).not.toContain(words);
    expect(waiting.html).not.toContain('class="trace-content"');

    const decided = await page(`/dashboard/reviews/${reviewId}/decision`, { cookie, form: { csrf, decision: "approve", comment: "Approved for the trace test." } });
    expect(decided.status).toBe(303);
    await untilStatus(runId, "completed");
    const after = await expectTraceOf(runId, cookie);
    const wait = after.rows.find((r) => r.kind === "wait")!;
    expect(wait.text).toContain("decided: approve");
    expect(wait.width).toBeGreaterThan(0);
    // The steps after the decision start after the wait began; the wait ends before the last step ends.
    const lastStep = after.rows.filter((r) => r.kind === "step").at(-1)!;
    expect(lastStep.left).toBeGreaterThanOrEqual(wait.left);
    expect(after.rows.indexOf(wait)).toBeLessThan(after.rows.indexOf(lastStep));
    for (const words of [marker, report.purpose]) expect(after.html, words).not.toContain(words);
    const item = await (await page(`/dashboard/reviews/${reviewId}`, { cookie })).text();
    expect(item).toContain(`href="/dashboard/runs/${runId}/trace"`);
  });

  describe("a refund tool-loop run on the embedded model", () => {
    const AGENT = "refund-requests";
    beforeAll(async () => {
      await setDeployment(AGENT, "supervised", 0);
    });
    beforeEach(async () => {
      await env.DB.batch(["refunds_issued", "refund_return_labels", "refund_replies"].map((t) => env.DB.prepare(`DELETE FROM ${t} WHERE tenant_id = 'demo'`)));
    });

    it("shows each turn's chat and tool calls, the wait and the decision, and the prompts and answers escaped; none with traceContent none", async () => {
      const requestId = `RQ-TRACE-${Date.now().toString(36)}`;
      const message = "The tent is too small for us <b>really</b>, I want to send it back.";
      const { res, body } = await startRun(AGENT, { requestId, customerId: "C2002", receivedAt: "2026-11-20", channel: "email", message }, { Prefer: "wait=30" });
      expect(res.status).toBe(200);
      expect(body.status).toBe("waiting_for_review");
      const runId = body.runId as string;
      let reviewId = "";
      for (let i = 0; i < 100 && !reviewId; i++) {
        reviewId = (await env.DB.prepare("SELECT id FROM review_items WHERE run_id = ?").bind(runId).first<{ id: string }>())?.id ?? "";
        if (!reviewId) await new Promise((r) => setTimeout(r, 50));
      }
      const { cookie, csrf } = await signIn();
      const decided = await page(`/dashboard/reviews/${reviewId}/decision`, { cookie, form: { csrf, decision: "approve", comment: "Fine by me." } });
      expect(decided.status, await decided.clone().text()).toBe(303);
      await untilStatus(runId, "completed");

      const { html, rows, steps } = await expectTraceOf(runId, cookie);
      expect(rows.some((r) => r.name.startsWith("chat local/refund-agent-"))).toBe(true);
      for (const tool of ["lookupCustomer", "checkEligibility", "issueRefund", "sendReply"]) expect(rows.map((r) => r.name), tool).toContain(`execute_tool ${tool}`);
      expect(rows.filter((r) => r.kind === "wait").map((r) => r.text.includes("decided: approve"))).toEqual([true]);
      // Each turn's prompt and answer, from the journal, escaped: the customer's markup is text.
      const turns = steps.filter((s) => s.detail?.kind === "turn").length;
      expect(turns).toBeGreaterThan(1);
      expect(html.match(/<summary>\s*Prompt and answer of turn/g)?.length).toBe(turns);
      expect(html).toContain("&lt;b&gt;really&lt;/b&gt;");
      expect(html).not.toContain("<b>really</b>");
      expect(html).toContain("Arguments and result of");

      // An agent that keeps its prompts and answers out of the trace: same rows, no content.
      const original = findAgent(AGENT)!;
      registerAgent({ ...original, traceContent: "none" });
      try {
        const hidden = await expectTraceOf(runId, cookie);
        expect(hidden.rows.map((r) => r.name)).toEqual(rows.map((r) => r.name));
        expect(hidden.html).not.toContain('class="trace-content"');
        expect(hidden.html).not.toContain("really");
        expect(visible(hidden.html)).toContain("does not show its prompts and answers");
      } finally {
        registerAgent(original);
      }
      expect(await (await page(`/dashboard/reviews/${reviewId}`, { cookie })).text()).toContain(`href="/dashboard/runs/${runId}/trace"`);
    });
  });

  it("bars stay inside the axis when the journal is odd: latencies longer than the step, a step still running, an open wait", () => {
    const t0 = Date.parse("2026-11-20T10:00:00.000Z");
    const iso = (ms: number) => new Date(t0 + ms).toISOString();
    const run = {
      runId: "run_x",
      agent: "a",
      agentVersion: "1",
      tenant: "demo",
      status: "waiting_for_review",
      createdAt: iso(0),
      updatedAt: iso(300),
      proposal: null,
      outcome: null,
      stopReason: null,
      error: null,
      cancelRequested: false,
      decidedBy: null,
      usage: { steps: 2, modelCalls: 2, toolCalls: 0, costMicroUsd: 30, wallMs: 300, reviewWaitMs: 0 },
    } satisfies RunView;
    const modelCall = (latencyMs: number) => ({ model: "m", promptTokens: 10, completionTokens: 5, costMicroUsd: 15, latencyMs, cacheStatus: null, logId: null });
    const step = (index: number, start: number, end: number | null, calls: ReturnType<typeof modelCall>[]): StepView => ({
      index,
      name: `s${index}`,
      kind: "model",
      status: end === null ? "running" : "completed",
      attempt: 1,
      startedAt: iso(start),
      finishedAt: end === null ? null : iso(end),
      durationMs: end === null ? null : end - start,
      retryAt: null,
      inputSummary: null,
      outputSummary: null,
      error: null,
      modelCalls: calls,
      toolCalls: [],
    });
    const trace = buildTrace({
      run,
      steps: [step(0, 10, 100, [modelCall(80), modelCall(500)]), step(1, 100, null, [])],
      reviews: [{ id: "rev_x", round: 1, status: "open", decision: null, createdAt: t0 + 150, decidedAt: null }],
      now: t0 + 1_000,
    });
    expect(trace.totalMs).toBe(1_000);
    for (const s of trace.spans) {
      expect(s.leftPct).toBeGreaterThanOrEqual(0);
      expect(s.widthPct).toBeGreaterThanOrEqual(0);
      expect(s.leftPct + s.widthPct).toBeLessThanOrEqual(100);
    }
    const [first, second] = trace.spans.filter((s) => s.kind === "model");
    expect(first).toMatchObject({ startMs: 10, durationMs: 80 });
    // The second call's recorded latency outlasts its step: its bar is cut at the step's end.
    expect(second).toMatchObject({ startMs: 90, durationMs: 10 });
    expect(trace.spans.find((s) => s.name === "s1")).toMatchObject({ timing: "ongoing", startMs: 100, durationMs: 900 });
    // The wait starts at the pause (the end of the last step before the item) and is still open.
    expect(trace.spans.find((s) => s.kind === "wait")).toMatchObject({ startMs: 100, durationMs: 900, timing: "ongoing", reviewId: "rev_x" });
    expect(trace.spans[0]).toMatchObject({ kind: "run", leftPct: 0, widthPct: 100, costMicroUsd: 30, promptTokens: 20, completionTokens: 10 });
  });
});
