/**
 * Traces of runs reach a real OTLP/HTTP receiver (the stand-in's, which decodes
 * each export strictly against the OTLP trace definitions): a root
 * `invoke_agent` span, a span per step attempt under it, `chat` and
 * `execute_tool` spans under their step; the caller's `traceparent` is
 * honoured; a crash mid-run or a collector that is down loses no span and
 * delays no history.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createWebhook, inbox, waitFor } from "../webhooks/support";
import { call } from "../support/http";
import { newScope, script } from "../support/model-standin";
import { command, crashAt, runStub } from "../support/runs";
import { driveWithModel, withModel } from "../support/tool-agents";
import { formatTraceparent } from "../../src/observability/trace-context";
import { runSpanId, stepSpanId, toolSpanId, type OtlpSpan } from "../../src/observability/spans";
import { parseTraceparent, traceIdForRun } from "../../src/observability/trace-context";
import type { RunDurableObject } from "../../src/runtime/run-object";

type Received = OtlpSpan & { resource: { attributes: OtlpSpan["attributes"] } | null; scope: { name?: string } | null };
interface ReceiverState {
  spans: Received[];
  exports: number;
  refused: number;
  invalid: string[];
  headers: Record<string, string>[];
}

const RECEIVER = `${env.GATEWAY_STANDIN_URL}/__otlp`;
const SECRET_TEXT = "PAYLOAD-SECRET-7f3a";
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const TRACEPARENT = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;

const receiver = async (traceId: string): Promise<ReceiverState> => (await fetch(`${RECEIVER}/spans?traceId=${traceId}`)).json();
const configure = (body: { down?: boolean; downForMs?: number }) => fetch(`${RECEIVER}/config`, { method: "POST", body: JSON.stringify(body) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function spansWhen(traceId: string, done: (spans: Received[]) => boolean, timeoutMs = 8_000): Promise<Received[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { spans } = await receiver(traceId);
    if (done(spans) || Date.now() > until) return spans;
    await sleep(100);
  }
}

const attr = (span: OtlpSpan, key: string) => {
  const v = span.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : (v?.boolValue ?? v?.doubleValue));
};
const hasRoot = (runId: string) => (spans: Received[]) => spans.some((s) => s.spanId === runSpanId(runId));

/** Every span id arrived, and where one arrived twice the copies are identical. */
function uniqueById(spans: Received[]): Map<string, Received> {
  const byId = new Map<string, Received>();
  for (const s of spans) {
    const seen = byId.get(s.spanId);
    if (seen) expect(s).toEqual(seen);
    else byId.set(s.spanId, s);
  }
  return byId;
}

async function startEcho(input: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await call("/v1/agents/echo-steps/runs", { method: "POST", json: { input }, headers: { prefer: "wait=10", ...headers } });
  expect(res.status).toBe(200);
  return (await res.json()) as { runId: string; status: string };
}

afterAll(() => env.DB.prepare("DELETE FROM webhooks").run());

beforeEach(async () => {
  await configure({ down: false, downForMs: 0 });
});

describe("run traces over OTLP/HTTP", () => {
  it("exports a root invoke_agent span under the caller's span, step spans under it and execute_tool spans under their step", async () => {
    const run = await startEcho({ steps: 4, effectEvery: 2, payload: SECRET_TEXT }, { traceparent: TRACEPARENT });
    expect(run.status).toBe("completed");
    const spans = await spansWhen(CALLER_TRACE, hasRoot(run.runId));
    const state = await receiver(CALLER_TRACE);
    expect(state.invalid).toEqual([]);
    const byId = uniqueById(spans.filter((s) => attr(s, "agent_runtime.run.id") === run.runId || s.parentSpanId === runSpanId(run.runId) || s.spanId === runSpanId(run.runId) || s.name.startsWith("execute_tool")));

    // Without a crash nothing is sent twice (one export; concurrent flushes share one delivery).
    expect(spans).toHaveLength(byId.size);
    const root = byId.get(runSpanId(run.runId))!;
    expect(root).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: CALLER_SPAN, name: "invoke_agent echo-steps", status: { code: 1 } });
    expect(attr(root, "gen_ai.operation.name")).toBe("invoke_agent");
    expect(attr(root, "gen_ai.agent.name")).toBe("echo-steps");
    expect(attr(root, "agent_runtime.tenant.id")).toBe("demo");
    expect(attr(root, "agent_runtime.steps")).toBe(4);
    expect(attr(root, "agent_runtime.tool_calls")).toBe(2);
    expect(root.resource?.attributes).toContainEqual({ key: "service.name", value: { stringValue: "agent-runtime" } });

    for (let i = 0; i < 4; i++) {
      const step = byId.get(stepSpanId(run.runId, i, 1))!;
      expect(step, `step ${i}`).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: root.spanId, name: `step echo-${i}`, status: { code: 1 } });
      expect(attr(step, "agent_runtime.step.index")).toBe(i);
      expect(BigInt(step.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(root.startTimeUnixNano));
      expect(BigInt(step.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(root.endTimeUnixNano));
    }
    const tools = [...byId.values()].filter((s) => s.name === "execute_tool echo_effect" || attr(s, "gen_ai.operation.name") === "execute_tool");
    expect(tools).toHaveLength(2);
    for (const [n, stepIndex] of [1, 3].entries()) {
      const tool = tools[n]!;
      const key = String(attr(tool, "agent_runtime.idempotency_key"));
      expect(tool.spanId).toBe(toolSpanId(run.runId, key));
      expect(tool.parentSpanId).toBe(stepSpanId(run.runId, stepIndex, 1));
      expect(attr(tool, "gen_ai.tool.name")).toBeTypeOf("string");
      expect(attr(tool, "gen_ai.tool.call.id")).toBe(key);
      expect(attr(tool, "agent_runtime.tool.outcome")).toBe("done");
      expect(attr(tool, "agent_runtime.tool.side_effect")).toBe(true);
      expect(attr(tool, "agent_runtime.duration_ms")).toBeGreaterThanOrEqual(0);
    }
    // Never the task's text, anywhere.
    expect(JSON.stringify(spans)).not.toContain(SECRET_TEXT);
    // The secret headers reached the collector (and only the collector).
    expect(state.headers.at(-1)).toMatchObject({ authorization: "Bearer test-otlp-token", "x-scope": "tests", "content-type": "application/json" });
  });

  it("traces nothing, and writes no span entry, for a run without a sampled traceparent (sampler ratio 0 here)", async () => {
    const unsampled = `00-${"ab".repeat(16)}-${"cd".repeat(8)}-00`;
    const a = await startEcho({ steps: 2, effectEvery: 0 });
    const b = await startEcho({ steps: 2, effectEvery: 0 }, { traceparent: unsampled });
    for (const runId of [a.runId, b.runId]) {
      const tables = await runInDurableObject(runStub(runId), (_obj: RunDurableObject, state) =>
        state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name LIKE 'outbox_traces%'").toArray().map((r) => r.name),
      );
      expect(tables).toEqual([]);
    }
    await sleep(300);
    expect((await receiver(traceIdForRun(a.runId))).spans).toEqual([]);
    expect((await receiver("ab".repeat(16))).spans).toEqual([]);
    // A malformed traceparent is ignored (a new trace would start if sampled), never an error.
    expect(parseTraceparent("00-xyz-00f067aa0ba902b7-01")).toBeNull();
    expect(parseTraceparent(`00-${"0".repeat(32)}-${CALLER_SPAN}-01`)).toBeNull();
    expect(parseTraceparent(TRACEPARENT)).toEqual({ traceId: CALLER_TRACE, parentSpanId: CALLER_SPAN, sampled: true });
  });

  it("a tool loop's chat spans carry the GenAI attributes, under their turn's step", async () => {
    const scope = await newScope();
    await script(scope, {
      fn: `(req) => {
        const turn = req.messages.filter((m) => m.role === "assistant").length;
        if (turn === 0) return { tool_calls: [{ id: "c_a", name: "lookup", arguments: { id: "A" } }] };
        return { content: JSON.stringify({ done: true, seen: 1 }) };
      }`,
    });
    const cmd = command("tool-loop", { task: `look up A ${SECRET_TEXT}` });
    const traceId = traceIdForRun(cmd.runId);
    cmd.options = { trace: { traceId } };
    await withModel(cmd.runId, scope);
    await runStub(cmd.runId).submit(cmd);
    const view = await driveWithModel(cmd.runId, scope);
    expect(view?.status).toBe("completed");
    const spans = await spansWhen(traceId, hasRoot(cmd.runId));
    const byId = uniqueById(spans);
    const journal = (await runStub(cmd.runId).journal("demo"))!;

    const chats = spans.filter((s) => attr(s, "gen_ai.operation.name") === "chat");
    expect(chats).toHaveLength(2);
    for (const chat of chats) {
      const key = String(attr(chat, "agent_runtime.model.call_key"));
      const stepIndex = Number(key.split(":")[0]);
      expect(chat.parentSpanId).toBe(stepSpanId(cmd.runId, stepIndex, 1));
      expect(chat).toMatchObject({ kind: 3, name: "chat openai-compatible/tier-small" });
      expect(attr(chat, "gen_ai.request.model")).toBe("openai-compatible/tier-small");
      expect(attr(chat, "gen_ai.response.model")).toBeTypeOf("string");
      const journaled = journal[stepIndex]!.modelCalls[0]!;
      expect(attr(chat, "gen_ai.usage.input_tokens")).toBe(journaled.promptTokens);
      expect(attr(chat, "gen_ai.usage.output_tokens")).toBe(journaled.completionTokens);
      expect(attr(chat, "agent_runtime.cost_micro_usd")).toBe(journaled.costMicroUsd);
      expect(attr(chat, "agent_runtime.model.tier")).toBe(0);
    }
    const tool = spans.find((s) => attr(s, "gen_ai.operation.name") === "execute_tool")!;
    expect(tool).toMatchObject({ name: "execute_tool lookup", parentSpanId: stepSpanId(cmd.runId, 1, 1) });
    expect(attr(tool, "agent_runtime.tool.side_effect")).toBe(false);
    expect(byId.get(runSpanId(cmd.runId))?.parentSpanId).toBeUndefined();
    expect(byId.size).toBe(1 + journal.length + 2 + 1);
    expect(JSON.stringify(spans)).not.toContain(SECRET_TEXT);
  });

  it("after a crash mid-run every span arrives, each id exactly once or as identical copies", async () => {
    const cmd = command("echo-steps", { steps: 5, effectEvery: 2, payload: SECRET_TEXT });
    const traceId = traceIdForRun(cmd.runId);
    cmd.options = { trace: { traceId } };
    await crashAt(cmd.runId, (point, step) => point === "after-tool-effect" && step === 3);
    await runStub(cmd.runId).submit(cmd).catch(() => "crashed");
    let view = null;
    for (let i = 0; i < 20 && view?.status !== "completed"; i++) {
      view = await runStub(cmd.runId).view("demo").catch(() => null);
      if (view?.status !== "completed") await runDurableObjectAlarm(runStub(cmd.runId)).catch(() => "crashed");
    }
    expect(view?.status).toBe("completed");
    const spans = await spansWhen(traceId, hasRoot(cmd.runId));
    const byId = uniqueById(spans);
    const journal = (await runStub(cmd.runId).journal("demo"))!;
    expect(journal.find((s) => s.index === 3)?.attempt).toBe(2); // the crash really happened
    const expected = [runSpanId(cmd.runId), ...journal.map((s) => stepSpanId(cmd.runId, s.index, s.attempt)), ...journal.flatMap((s) => s.toolCalls.map((t) => toolSpanId(cmd.runId, t.idempotencyKey)))];
    expect([...byId.keys()].sort()).toEqual([...expected].sort());
    // The replayed tool call keeps its journaled outcome and lives under the attempt that finished the step.
    const replayed = byId.get(toolSpanId(cmd.runId, journal[3]!.toolCalls[0]!.idempotencyKey))!;
    expect(replayed.parentSpanId).toBe(stepSpanId(cmd.runId, 3, 2));
    expect(attr(replayed, "agent_runtime.tool.outcome")).toBe("done");
  });

  it("with the collector down the run completes and D1 history arrives; the spans follow once it is back", async () => {
    await configure({ down: true });
    const traceId = "5bf92f3577b34da6a3ce929d0e0e4799";
    const run = await startEcho({ steps: 3, effectEvery: 0 }, { traceparent: `00-${traceId}-${CALLER_SPAN}-01` });
    expect(run.status).toBe("completed");
    const until = Date.now() + 5_000;
    let history: { status: string } | null = null;
    while (Date.now() < until && history?.status !== "completed") {
      history = await env.DB.prepare("SELECT status FROM runs WHERE id = ?").bind(run.runId).first<{ status: string }>();
      if (history?.status !== "completed") await sleep(100);
    }
    expect(history?.status).toBe("completed");
    const steps = await env.DB.prepare("SELECT COUNT(*) AS n FROM run_steps WHERE run_id = ?").bind(run.runId).first<{ n: number }>();
    expect(steps?.n).toBe(3);
    await sleep(200);
    const down = await receiver(traceId);
    expect(down.spans).toEqual([]);
    expect(down.refused).toBeGreaterThan(0);
    const stuck = await runInDurableObject(runStub(run.runId), (obj: RunDurableObject) => ({ error: obj.outbox.lastTraceError(), history: obj.outbox.lastError(), pending: obj.outbox.pendingCount() }));
    expect(stuck).toMatchObject({ error: "OTLP collector answered HTTP 503", history: null });
    expect(stuck.pending).toBeGreaterThan(0);

    await configure({ down: false });
    let spans: Received[] = [];
    for (let i = 0; i < 20 && !hasRoot(run.runId)(spans); i++) {
      await sleep(600);
      await runDurableObjectAlarm(runStub(run.runId));
      spans = (await receiver(traceId)).spans;
    }
    const byId = uniqueById(spans);
    expect([...byId.keys()].sort()).toEqual([runSpanId(run.runId), ...[0, 1, 2].map((i) => stepSpanId(run.runId, i, 1))].sort());
    expect(await runInDurableObject(runStub(run.runId), (obj: RunDurableObject) => obj.outbox.pendingCount())).toBe(0);
  });

  it("a webhook about a traced run carries the run span's traceparent", async () => {
    const box = inbox();
    await createWebhook(box.url, ["run.completed"]);
    const traceId = "6bf92f3577b34da6a3ce929d0e0e4711";
    const run = await startEcho({ steps: 2, effectEvery: 0 }, { traceparent: `00-${traceId}-${CALLER_SPAN}-01` });
    const untraced = await startEcho({ steps: 2, effectEvery: 0 });
    const received = await waitFor(async () => {
      const got = await box.received();
      return got.filter((r) => r.answered === 200).length >= 2 ? got : null;
    });
    const about = (runId: string) => received.find((r) => JSON.parse(r.rawBody).data.runId === runId)!;
    expect(about(run.runId).headers.traceparent).toBe(formatTraceparent(traceId, runSpanId(run.runId)));
    expect(about(untraced.runId).headers.traceparent).toBeUndefined();
    await env.DB.prepare("DELETE FROM webhooks").run();
  });
});
