/**
 * Issue 15, logs: one structured JSON line per run transition, step, model
 * call, tool call, guard decision, review and breaker transition, with the
 * run's ids, and never a key, a token or the text of a task, reply or comment.
 * The lines are taken from the logger's sink (Worker and Durable Objects run in
 * this isolate, so they reach it) and passed on to the console, where the
 * suite-wide scan (test/support/suite-log-scan.ts) checks them again.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoStepsAgent } from "../../src/agents/echo-steps";
import { registerAgent } from "../../src/agents/registry";
import { spanIdOfCall, spanIdOfRun, spanIdOfStep, traceIdOf } from "../../src/observability/ids";
import { setLogSink } from "../../src/observability/logs";
import { chatSpanId, runSpanId, stepSpanId, toolSpanId } from "../../src/observability/spans";
import { defineAgent } from "../../src/runtime/agent-definition";
import { leaksIn, parseLogLine, problemsOf, seededSecrets, type LogLine } from "../support/log-lines";
import { call, setDeployment, startRun } from "../support/http";
import { callTool, finalAnswer, refundTables, request, runRefund } from "../support/refund-agent";
import { driveToRest } from "../support/runs";

// Its own agent, so opening its breaker and blocking its actions touch no other test.
const AGENT = "echo-logs";
registerAgent(defineAgent({ ...echoStepsAgent, name: AGENT }));

const REVIEWER = "dev-reviewer-token";
const OPERATOR = "dev-operator-token";
const wait = { Prefer: "wait=20" };
const unique = (label: string) => `${label} ${crypto.randomUUID()}`;

// Texts that must never reach a line: task payloads, a report's purpose, a customer's message, a reply, comments, a reason.
const TEXTS = {
  payload: unique("echo payload with private words"),
  purpose: unique("Board meeting about the merger"),
  message: unique("my blue mugs arrived shattered, please refund"),
  reply: unique("Hi Maya, we refunded your mugs"),
  comment: unique("Approved after a call with the employee"),
  breakerReason: unique("operator drill, private notes"),
};

const raw: string[] = [];
let restore: () => void = () => {};
beforeAll(async () => {
  await setDeployment(AGENT, "full", 0);
  restore = setLogSink((line) => {
    raw.push(line);
    console.log(line);
  });
});
afterAll(() => restore());

const parsed = () => raw.map((l) => parseLogLine(l));
const linesOf = (runId: string) => parsed().filter((l): l is LogLine => l?.runId === runId);
const eventsOf = (runId: string) => linesOf(runId).map((l) => l.event);

async function waitFor<T>(fn: () => Promise<T | null | undefined>, ms = 5_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) {
    const value = await fn();
    if (value) return value;
  }
  throw new Error("timed out");
}

describe("structured logs (issue 15)", () => {
  it("a run that retries a step logs its start, each step, its tool call and its end, all on the run's trace", async () => {
    const { body } = await startRun(AGENT, { steps: 3, effectEvery: 2, payload: TEXTS.payload, retryDelayMs: 0, failures: [{ step: 0, times: 1 }] }, wait);
    const view = await driveToRest(body.runId);
    expect(view?.status).toBe("completed");
    const lines = linesOf(body.runId);
    expect(lines.map((l) => l.event)).toEqual(["run.started", "step.finished", "step.finished", "tool.called", "step.finished", "step.finished", "run.completed"]);
    for (const line of lines) expect(line).toMatchObject({ tenantId: "demo", agent: AGENT, traceId: traceIdOf(body.runId) });
    expect(lines[0]).toMatchObject({ level: "info", spanId: spanIdOfRun(body.runId), agentVersion: "1.0.0" });
    // The failed first attempt is a warning with its code; each attempt is its own span (as in the OTLP spans).
    expect(lines[1]).toMatchObject({ level: "warn", status: "retrying", stepIndex: 0, attempt: 1, errorCode: "ECHO_INJECTED_FAILURE", retryable: true, spanId: spanIdOfStep(body.runId, 0, 1) });
    expect(lines[2]).toMatchObject({ level: "info", status: "completed", stepIndex: 0, attempt: 2, spanId: spanIdOfStep(body.runId, 0, 2) });
    const key = `${body.runId}:1:0`;
    expect(lines[3]).toMatchObject({ tool: "echoEffect", sideEffect: true, status: "done", idempotencyKey: key, spanId: spanIdOfCall("tool", body.runId, key) });
    expect(lines[6]).toMatchObject({ level: "info", status: "completed", steps: 3, toolCalls: 1, modelCalls: 0, stopReason: null });
    expect(lines[6]!.workingMs).toBe((lines[6]!.wallMs as number) - (lines[6]!.reviewWaitMs as number));
  });

  it("names the same span ids as the run's OTLP spans, so a line and its span find each other", () => {
    const runId = "run_0123456789abcdefghjkmnpqrs";
    expect(spanIdOfRun(runId)).toBe(runSpanId(runId));
    expect(spanIdOfStep(runId, 2, 3)).toBe(stepSpanId(runId, 2, 3));
    expect(spanIdOfCall("model", runId, "2:0")).toBe(chatSpanId(runId, "2:0"));
    expect(spanIdOfCall("tool", runId, `${runId}:2:0`)).toBe(toolSpanId(runId, `${runId}:2:0`));
    expect(traceIdOf(runId, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(traceIdOf(runId)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("a failed run is logged at error with its stop reason", async () => {
    const { body } = await startRun(AGENT, { steps: 2, effectEvery: 0, failures: [{ step: 0, times: 1, retryable: false }] }, wait);
    expect(body.status).toBe("failed");
    expect(linesOf(body.runId).at(-1)).toMatchObject({ event: "run.failed", level: "error", stopReason: "STEP_FAILED", errorCode: "ECHO_INJECTED_FAILURE" });
  });

  it("a guard block, the escalation it causes and a cancellation are logged with codes only", async () => {
    const { body } = await startRun(AGENT, { steps: 2, effectEvery: 1, payload: "forbidden" }, wait);
    expect(body.status).toBe("waiting_for_review");
    const key = `${body.runId}:0:0`;
    expect(linesOf(body.runId).find((l) => l.event === "guard.blocked")).toMatchObject({
      level: "warn", code: "ECHO_FORBIDDEN", source: "policy", tool: "echoEffect", idempotencyKey: key, spanId: spanIdOfCall("tool", body.runId, key),
    });
    expect(linesOf(body.runId).find((l) => l.event === "escalation.queued")).toMatchObject({ level: "warn", reasons: "ECHO_FORBIDDEN", priority: 2 });
    expect(linesOf(body.runId).at(-1)).toMatchObject({ event: "run.waiting_for_review", level: "warn", stopReason: "REVIEW_REQUIRED" });
    expect((await call(`/v1/runs/${body.runId}/cancel`, { method: "POST" })).status).toBeLessThan(300);
    await waitFor(async () => eventsOf(body.runId).includes("run.cancelled"));
    expect(linesOf(body.runId).at(-1)).toMatchObject({ event: "run.cancelled", level: "info", status: "cancelled" });
  });

  it("a review decision on a run started with a caller's traceparent is logged on the caller's trace", async () => {
    const traceId = "5bf92f3577b34da6a3ce929d0e0e4736";
    const { body } = await startRun(AGENT, { steps: 2, effectEvery: 1, payload: "forbidden" }, { ...wait, traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(body.status).toBe("waiting_for_review");
    const item = await waitFor(() => env.DB.prepare("SELECT id FROM review_items WHERE run_id = ?").bind(body.runId).first<{ id: string }>());
    const decided = await call(`/v1/reviews/${item.id}/decision`, { method: "POST", key: REVIEWER, json: { decision: "reject", comment: "no (logs test)" } });
    expect(decided.status).toBe(200);
    const line = await waitFor(async () => linesOf(body.runId).find((l) => l.event === "review.decided"));
    expect(line).toMatchObject({ decision: "reject", traceId, spanId: spanIdOfRun(body.runId) });
    expect(linesOf(body.runId).find((l) => l.event === "run.started")).toMatchObject({ traceId });
  });

  it("an expense report's model calls, its review decision and the resumed run are logged without the report or the comment", async () => {
    const report = {
      reportId: `R-LOGS-${Date.now()}`,
      employeeId: "E1002",
      submittedAt: "2026-11-20",
      purpose: TEXTS.purpose,
      items: [
        { date: "2026-11-10", merchant: "British Airways", amount: 2417, currency: "USD", category: "airfare", travelClass: "business", receipt: true },
        { date: "2026-11-11", merchant: "Pret A Manger", amount: 13, currency: "USD", category: "meals" },
      ],
    };
    const { body } = await startRun("expense-reports", report, wait);
    expect(body.status).toBe("waiting_for_review");
    const item = await waitFor(() => env.DB.prepare("SELECT id FROM review_items WHERE run_id = ?").bind(body.runId).first<{ id: string }>());
    const decided = await call(`/v1/reviews/${item.id}/decision`, { method: "POST", key: REVIEWER, json: { decision: "approve", comment: TEXTS.comment } });
    expect(decided.status).toBe(200);
    await waitFor(async () => eventsOf(body.runId).includes("run.completed"));

    const lines = linesOf(body.runId);
    const models = lines.filter((l) => l.event === "model.called");
    expect(models.length).toBeGreaterThan(0);
    for (const m of models) {
      expect(m).toMatchObject({ level: "info", model: expect.stringMatching(/\//), promptTokens: expect.any(Number), costMicroUsd: expect.any(Number) });
      expect(m.spanId).toBe(spanIdOfCall("model", body.runId, m.callKey as string));
    }
    expect(lines.find((l) => l.event === "review.decided")).toMatchObject({
      level: "info", reviewId: item.id, decision: "approve", reviewer: "key_demo_reviewer", runStatus: "completed", traceId: traceIdOf(body.runId), spanId: spanIdOfRun(body.runId),
    });
    expect(lines.find((l) => l.event === "run.resumed")).toMatchObject({ status: "running", reviewWaitMs: expect.any(Number) });
    // The run's object finishes the run before D1 records the decision, so its end comes first.
    const end = lines.find((l) => l.event === "run.completed")!;
    expect(lines.indexOf(end)).toBeLessThan(lines.findIndex((l) => l.event === "review.decided"));
    expect(end).toMatchObject({ status: "completed", workingMs: (end.wallMs as number) - (end.reviewWaitMs as number) });
  });

  it("a refund run logs its model calls and tool calls, never the customer's message or the reply", async () => {
    await refundTables("demo", true);
    const input = request({ message: `Order N-10001: ${TEXTS.message}` });
    const mugs = [{ sku: "MUG-01", quantity: 2 }];
    const { runId, view } = await runRefund(input, [
      callTool("checkEligibility", { customerId: "C2001", orderId: "N-10001", lines: mugs, reason: "damaged", receivedAt: "2026-11-20" }),
      callTool("issueRefund", { requestId: input.requestId, orderId: "N-10001", lines: mugs, reason: "damaged", amountCents: 2900 }),
      callTool("sendReply", { requestId: input.requestId, text: TEXTS.reply }),
      finalAnswer({
        decision: "refund", orderId: "N-10001", reason: "damaged", refundCents: 2900, returnLabel: false, codes: [],
        lines: [{ sku: "MUG-01", quantity: 2, verdict: "refunded", refundCents: 2900, codes: [] }], reply: TEXTS.reply,
      }),
    ]);
    expect(view.status).not.toBe("running");
    const lines = linesOf(runId);
    expect(lines.filter((l) => l.event === "model.called").length).toBeGreaterThanOrEqual(4);
    const tools = lines.filter((l) => l.event === "tool.called").map((l) => `${String(l.tool)}:${String(l.sideEffect)}`);
    expect(tools).toEqual(expect.arrayContaining(["checkEligibility:false", "issueRefund:true"]));
  });

  it("breaker transitions are logged with the actor's key id, not the operator's reason", async () => {
    const open = await call(`/v1/agents/${AGENT}/breaker`, { method: "POST", key: OPERATOR, json: { state: "open", reason: TEXTS.breakerReason } });
    expect(open.status).toBe(200);
    const close = await call(`/v1/agents/${AGENT}/breaker`, { method: "POST", key: OPERATOR, json: { state: "closed", reason: TEXTS.breakerReason } });
    expect(close.status).toBe(200);
    const transitions = parsed().filter((l): l is LogLine => l?.event === "breaker.transition" && l.agent === AGENT);
    expect(transitions.map((t) => [t.level, t.from, t.to, t.actor])).toEqual([
      ["warn", "closed", "open", "key_demo_operator"],
      ["info", "open", "closed", "key_demo_operator"],
    ]);
    expect(transitions[0]).toMatchObject({ tenantId: "demo", runId: null, traceId: null, spanId: null, qualityJudged: expect.any(Number) });
  });

  it("every line is one JSON object with the required fields; every kind appears; no key, digest or submitted text appears", async () => {
    expect(raw.length).toBeGreaterThan(30);
    for (const line of raw) {
      expect(line).not.toContain("\n");
      const value = parseLogLine(line);
      expect(value, line).not.toBeNull();
      expect(problemsOf(value!), line).toEqual([]);
      expect(["info", "warn", "error"]).toContain(value!.level);
    }
    const kinds = new Set(parsed().map((l) => l!.event));
    for (const kind of ["run.started", "run.resumed", "run.completed", "run.failed", "run.cancelled", "run.waiting_for_review", "escalation.queued", "step.finished", "model.called", "tool.called", "guard.blocked", "review.decided", "breaker.transition"]) {
      expect(kinds, kind).toContain(kind);
    }
    const needles = [...(await seededSecrets()), ...Object.values(TEXTS), "British Airways"];
    const leaks = raw.flatMap((line) => leaksIn(line, needles).map((n) => `${n} in ${line}`));
    expect(leaks).toEqual([]);
  });
});
