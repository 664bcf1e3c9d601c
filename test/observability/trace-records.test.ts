/**
 * A traced step pays for a small record in its transaction, not for OTLP
 * JSON: the outbox row per step attempt stays under 300 bytes, and the spans
 * built from it at delivery are exactly the ones the span builders give for
 * the same step and calls.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RunTracer } from "../../src/observability/run-tracer";
import { chatSpan, failedChatSpan, runSpanId, stepSpan, stepSpanId, toolSpan, toolSpanId, type OtlpSpan } from "../../src/observability/spans";
import { isStepTraceRecord, spansOfStepRecord } from "../../src/observability/trace-records";
import { traceIdForRun } from "../../src/observability/trace-context";
import { RuntimeError } from "../../src/runtime/errors";
import { TRACE_KIND, type OutboxEntry } from "../../src/runtime/outbox";
import type { ModelCallRecord } from "../../src/runtime/run-store";
import { command, instrument, runStub } from "../support/runs";

const RECEIVER = `${env.GATEWAY_STANDIN_URL}/__otlp`;
const SECRET_TEXT = "PAYLOAD-SECRET-91c2";
const CALLER_SPAN = "00f067aa0ba902b7";
const MAX_ROW_BYTES = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("trace records", () => {
  it("writes one outbox row under 300 bytes per step attempt, and the collector still gets every span", async () => {
    const cmd = command("echo-steps", { steps: 4, effectEvery: 2, payload: SECRET_TEXT.repeat(20) });
    const traceId = traceIdForRun(cmd.runId);
    // A caller's parent span makes the record as large as it gets.
    cmd.options = { trace: { traceId, parentSpanId: CALLER_SPAN } };
    const rows: { key: string; bytes: number; payload: string }[] = [];
    // Reads the lane's rows as stored, just before the real sink delivers them.
    await instrument(cmd.runId, (obj, state) => {
      const sink = obj.historySink;
      obj.historySink = {
        deliver(entries: OutboxEntry[]) {
          if (entries[0]?.kind === TRACE_KIND) {
            rows.push(...state.storage.sql.exec<{ key: string; bytes: number; payload: string }>("SELECT key, length(key) + length(kind) + length(payload) AS bytes, payload FROM outbox_traces").toArray());
          }
          return sink.deliver(entries);
        },
      };
    });
    const result = await runStub(cmd.runId).submit(cmd);
    expect(result.kind === "accepted" && result.run.status).toBe("completed");
    for (let i = 0; i < 50 && rows.length === 0; i++) await sleep(100);

    const steps = rows.filter((r) => r.key.startsWith("otlp:step:"));
    expect(steps.map((r) => r.key).sort()).toEqual([0, 1, 2, 3].map((i) => `otlp:step:${i}:1`));
    for (const row of steps) {
      expect(row.bytes, row.key).toBeLessThan(MAX_ROW_BYTES);
      expect(isStepTraceRecord(JSON.parse(row.payload)), row.key).toBe(true);
    }
    expect(JSON.stringify(rows)).not.toContain(SECRET_TEXT);

    // Built at delivery, the spans are complete: run, four steps, two tool calls under theirs.
    let spans: OtlpSpan[] = [];
    for (let i = 0; i < 50 && spans.length < 7; i++) {
      spans = ((await (await fetch(`${RECEIVER}/spans?traceId=${traceId}`)).json()) as { spans: OtlpSpan[] }).spans;
      if (spans.length < 7) await sleep(100);
    }
    const journal = (await runStub(cmd.runId).journal("demo"))!;
    const toolKeys = journal.flatMap((s) => s.toolCalls.map((t) => t.idempotencyKey));
    expect(toolKeys).toHaveLength(2);
    expect(spans.map((s) => s.spanId).sort()).toEqual(
      [runSpanId(cmd.runId), ...[0, 1, 2, 3].map((i) => stepSpanId(cmd.runId, i, 1)), ...toolKeys.map((k) => toolSpanId(cmd.runId, k))].sort(),
    );
    expect(spans.find((s) => s.spanId === toolSpanId(cmd.runId, toolKeys[1]!))?.parentSpanId).toBe(stepSpanId(cmd.runId, 3, 1));
  });

  it("builds from a record the same spans the span builders give for the step and each kind of call", () => {
    const puts: OutboxEntry[] = [];
    const runId = "run_0123456789abcdefghjkmnpqrs";
    const trace = { traceId: traceIdForRun(runId), parentSpanId: CALLER_SPAN };
    const scope = { runId, trace };
    const tracer = new RunTracer({ put: (e) => puts.push(e) }, runId, trace);
    const call: ModelCallRecord = {
      key: "2:0", stepIndex: 2, model: "openai-compatible/tier-small", response: { model: "tier-small-2026", id: "chatcmpl-9", choices: [{ message: { content: SECRET_TEXT } }] },
      promptTokens: 120, completionTokens: 14, costMicroUsd: 37, latencyMs: 41, cacheStatus: "MISS", logId: "log-7", createdAt: 1_764_640_815_300,
    };
    const failure = new RuntimeError("MODEL_TIMEOUT", `no answer about ${SECRET_TEXT}`, { retryable: true });
    const step = { index: 2, name: "turn-1", kind: "decision" as const, attempt: 3, status: "retrying" as const, startedAt: 1_764_640_815_200, finishedAt: 1_764_640_815_400, error: { code: "MODEL_TIMEOUT", message: SECRET_TEXT, retryable: true } };

    tracer.stepBegan(2, 3);
    tracer.modelCalled(call, 0);
    tracer.modelFailed(2, "2:1", "openai-compatible/tier-large", 1, 1_764_640_815_310, 1_764_640_815_390, failure);
    tracer.toolCalled(2, "lookup", `${runId}:2:0`, false, null, 1_764_640_815_250, 1_764_640_815_260, null);
    tracer.toolCalled(2, "issueRefund", "refund-1", true, { key: "refund-1", stepIndex: 2, tool: "issueRefund", status: "blocked", result: null, error: null, startedAt: 1_764_640_815_270, finishedAt: null }, 1_764_640_815_270, 1_764_640_815_280, null);
    tracer.stepEnded(step);

    expect(puts).toHaveLength(1);
    const record = JSON.parse(JSON.stringify(puts[0]!.payload)) as unknown; // as the outbox stores it
    expect(isStepTraceRecord(record)).toBe(true);
    expect(JSON.stringify(record)).not.toContain(SECRET_TEXT);
    const parent = stepSpanId(runId, 2, 3);
    expect(spansOfStepRecord(record as Parameters<typeof spansOfStepRecord>[0])).toEqual([
      stepSpan(scope, step),
      chatSpan(scope, parent, call, 0),
      failedChatSpan(scope, parent, "2:1", "openai-compatible/tier-large", 1, 1_764_640_815_310, 1_764_640_815_390, { code: "MODEL_TIMEOUT" }),
      toolSpan(scope, parent, { key: `${runId}:2:0`, tool: "lookup", status: "done", sideEffect: false, startedAt: 1_764_640_815_250, finishedAt: 1_764_640_815_260, error: null }),
      toolSpan(scope, parent, { key: "refund-1", tool: "issueRefund", status: "blocked", sideEffect: true, startedAt: 1_764_640_815_270, finishedAt: 1_764_640_815_280, error: null }),
    ]);
  });
});
