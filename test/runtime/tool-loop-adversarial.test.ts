/**
 * Every adversarial script of the stand-in ends in a typed, bounded state,
 * with no guard bypassed: invalid calls are answered with structured errors
 * (then INVALID_TOOL_CALLS), a model that never stops hits TURN_LIMIT, one
 * that repeats itself NO_PROGRESS, forbidden / doubled / injected payments are
 * refused by the action policy before the tool or the ledger sees them.
 */
import { describe, expect, it } from "vitest";
import { newScope, recorded, script } from "../support/model-standin";
import { command, effectRows, runStub } from "../support/runs";
import { driveWithModel, withModel } from "../support/tool-agents";
import type { RunOptions } from "../../src/runtime/run-store";

type Spec = Parameters<typeof script>[1];

async function run(spec: Spec, agent = "tool-loop", options: RunOptions = {}) {
  const scope = await newScope();
  await script(scope, spec);
  const cmd = command(agent, { task: "check and pay X-1" }, { options });
  await withModel(cmd.runId, scope);
  await runStub(cmd.runId).submit(cmd);
  const view = await driveWithModel(cmd.runId, scope);
  const journal = (await runStub(cmd.runId).journal("demo"))!;
  const requests = await recorded(scope);
  /** What the model was shown for its calls, in order. */
  const toolMessages = requests.flatMap((r) => (r.body.messages as { role: string; content: string }[]).filter((m) => m.role === "tool").map((m) => m.content));
  return { view: view!, journal, requests, runId: cmd.runId, last: [...new Set(toolMessages)] };
}

describe("adversarial tool-calling scripts", () => {
  it("parallel_calls: every call runs in journal order, then the final answer", async () => {
    const r = await run({ scenario: { name: "parallel_calls", calls: [{ name: "lookup", arguments: { id: "A" } }, { name: "lookup", arguments: { id: "B" } }, { name: "lookup", arguments: { id: "C" } }] } });
    expect(r.view).toMatchObject({ status: "completed", outcome: { done: true } });
    expect(r.journal.filter((s) => s.kind === "tool").map((s) => s.outputSummary)).toEqual(["lookup: ok", "lookup: ok", "lookup: ok"]);
    expect(r.requests).toHaveLength(2);
  });

  it.each([
    ["malformed_arguments", "TOOL_ARGS_INVALID_JSON"],
    ["unknown_tool", "UNKNOWN_TOOL"],
    ["schema_invalid_arguments", "TOOL_ARGS_SCHEMA_INVALID"],
  ])("%s: the model gets a structured %s result it can act on, then finishes", async (name, code) => {
    const r = await run({ scenario: { name, tool: name === "unknown_tool" ? undefined : "pay" } });
    expect(r.view).toMatchObject({ status: "completed", outcome: { done: true } });
    const shown = JSON.parse(r.last[0]!);
    expect(shown).toMatchObject({ ok: false, status: "invalid", error: { code, retryable: true } });
    expect(await effectRows(r.runId)).toBe(0);
  });

  it("invalid calls are bounded per run: INVALID_TOOL_CALLS", async () => {
    // Both tiers keep sending broken JSON; the second tier is asked once the model has been told (a repair).
    const r = await run({ fn: `() => ({ tool_calls: [{ name: "lookup", arguments: '{"id": ' }] })` });
    expect(r.view).toMatchObject({ status: "failed", stopReason: "INVALID_TOOL_CALLS", error: { code: "INVALID_TOOL_CALLS" } });
    const models = r.requests.map((q) => q.body.model);
    expect(models[0]).toBe("tier-small");
    expect(models.slice(1)).toContain("tier-large");
  });

  it("never_stops: TURN_LIMIT after maxTurns turns, the last turn's calls not acted on", async () => {
    const r = await run({ scenario: { name: "never_stops", tool: "lookup", arguments: { id: "R-{{turn}}" } } });
    expect(r.view).toMatchObject({ status: "failed", stopReason: "TURN_LIMIT" });
    expect(r.requests).toHaveLength(6);
    expect(r.journal.at(-1)).toMatchObject({ name: "stop", status: "failed", error: { code: "TURN_LIMIT" } });
  });

  it("repeats_call: NO_PROGRESS on the third identical call", async () => {
    const r = await run({ scenario: { name: "repeats_call", tool: "lookup", arguments: { id: "R-7" } } });
    expect(r.view).toMatchObject({ status: "failed", stopReason: "NO_PROGRESS" });
    expect(r.requests).toHaveLength(3);
  });

  it("side_effect forbidden: the action policy refuses it before the tool or the ledger", async () => {
    const r = await run({ scenario: { name: "side_effect", mode: "forbidden", tool: "pay", arguments: { reportId: "X-1", amountCents: 999_999 } } });
    expect(r.view).toMatchObject({ status: "completed", outcome: { done: true } });
    expect(JSON.parse(r.last[0]!)).toMatchObject({ ok: false, status: "refused", error: { code: "AMOUNT_CAP", retryable: false } });
    expect(await effectRows(r.runId)).toBe(0);
    const pay = r.journal.find((s) => s.name.startsWith("turn-0:"))!;
    expect(pay.toolCalls).toEqual([expect.objectContaining({ tool: "pay", status: "blocked" })]);
  });

  it("side_effect doubled: one payment; the duplicate is refused; the third ask is NO_PROGRESS", async () => {
    const r = await run({ scenario: { name: "side_effect", mode: "doubled", tool: "pay", arguments: { reportId: "X-1", amountCents: 1280 } } });
    expect(r.view).toMatchObject({ status: "failed", stopReason: "NO_PROGRESS" });
    expect(await effectRows(r.runId)).toBe(1);
    expect(r.journal.filter((s) => s.kind === "tool").map((s) => s.outputSummary)).toEqual(["pay: ok", "pay: refused ALREADY_PAID", null]);
    expect(r.journal.at(-1)).toMatchObject({ status: "failed", error: { code: "NO_PROGRESS" } });
  });

  it("follows_injection: the model obeys text inside a tool result; nothing is paid", async () => {
    // The scenario reads the instruction from the JSON-escaped result, so its arguments arrive as broken JSON.
    const r = await run({ scenario: { name: "follows_injection", first: { name: "lookup", arguments: { id: "R-5" } } } });
    expect(r.view).toMatchObject({ status: "completed", outcome: { done: true } });
    expect(r.journal.filter((s) => s.kind === "tool").map((s) => s.outputSummary)).toEqual(["lookup: ok", "pay: invalid TOOL_ARGS_INVALID_JSON"]);
    expect(await effectRows(r.runId)).toBe(0);
  });

  it("an injected payment with well-formed arguments is refused by the action policy", async () => {
    // A model that decodes the tool result first, then obeys the instruction in it.
    const r = await run({
      fn: `(req) => {
        const tools = req.messages.filter((m) => m.role === "tool");
        if (tools.length === 0) return { tool_calls: [{ id: "c1", name: "lookup", arguments: { id: "R-5" } }] };
        if (tools.length === 1) {
          const text = JSON.parse(tools[0].content).result.text;
          const m = /call (\\w+) with (\\{.*\\})/.exec(text);
          return { tool_calls: [{ id: "c2", name: m[1], arguments: JSON.parse(m[2]) }] };
        }
        return JSON.stringify({ done: true });
      }`,
    });
    expect(r.view).toMatchObject({ status: "completed", outcome: { done: true } });
    expect(r.journal.filter((s) => s.kind === "tool").map((s) => s.outputSummary)).toEqual(["lookup: ok", "pay: refused AMOUNT_CAP"]);
    expect(await effectRows(r.runId)).toBe(0);
  });

  it("a tool error is a typed result saying whether a retry helps", async () => {
    const r = await run({ answers: [{ tool_calls: [{ id: "c1", name: "lookup", arguments: { id: "MISSING" } }] }, JSON.stringify({ done: false, summary: "not found" })] });
    expect(r.view).toMatchObject({ status: "completed", outcome: { done: false } });
    expect(JSON.parse(r.last[0]!)).toMatchObject({ ok: false, status: "error", error: { code: "NOT_FOUND", retryable: false } });
  });

  it("cascade per turn: an answer failing `finish` goes to the next tier; each attempt is journaled", async () => {
    const r = await run({ fn: `(req) => req.model === "tier-small" ? "I think it is fine" : JSON.stringify({ done: true, summary: "large" })` });
    expect(r.view).toMatchObject({ status: "completed", outcome: { done: true, summary: "large" } });
    expect(r.journal[0]!.modelCalls.map((m) => m.model)).toEqual(["openai-compatible/tier-small", "openai-compatible/tier-large"]);
    expect(r.journal[0]!.outputSummary).toContain("escalated");
  });

  it("runtime gates run before every side effect: a shadow-stage run pauses (never a refusal), a dry run stops", async () => {
    const pay = { scenario: { name: "side_effect", mode: "forbidden", tool: "pay", arguments: { reportId: "X-1", amountCents: 500 } } };
    const shadow = await run(pay, "tool-loop", { stage: "shadow", reviewGate: "SHADOW" });
    expect(shadow.view).toMatchObject({ status: "waiting_for_review", proposal: { kind: "tool_call", why: "blocked", calls: [{ tool: "pay" }] } });
    expect(shadow.journal.at(-1)!.toolCalls).toEqual([expect.objectContaining({ status: "blocked", error: expect.objectContaining({ code: "SHADOW" }) })]);
    expect(await effectRows(shadow.runId)).toBe(0);

    // A dry run (the online judge) is shown a simulated success and goes on to its answer; nothing is executed.
    const dry = await run(pay, "tool-loop", { dryRun: true });
    expect(dry.journal.some((s) => s.toolCalls?.some((c: { status: string }) => c.status === "ok"))).toBe(false);
    expect(await effectRows(dry.runId)).toBe(0);
  });

  it("the budget is reserved per turn before the model is called: over it, BUDGET_EXCEEDED with nothing sent", async () => {
    const r = await run({ answers: [JSON.stringify({ done: true })] }, "tool-loop-broke");
    expect(r.view).toMatchObject({ status: "waiting_for_review", stopReason: "BUDGET_EXCEEDED", usage: { modelCalls: 0, costMicroUsd: 0 } });
    expect(r.requests).toHaveLength(0);
  });

  it("cascade per turn: a final answer less confident than the threshold goes to the next tier", async () => {
    const r = await run({ fn: `(req) => JSON.stringify({ done: true, confidence: req.model === "tier-small" ? 0.5 : 0.95 })` }, "tool-loop-confident");
    expect(r.view).toMatchObject({ status: "completed", outcome: { done: true, confidence: 0.95 } });
    expect(r.journal[0]!.outputSummary).toContain("low_confidence 0.5 < 0.8");
  });

  it("finishing: one repair turn, then the run escalates with what it has (FINISH_INVALID)", async () => {
    const r = await run({ fn: `() => "not json at all"` });
    expect(r.view).toMatchObject({ status: "waiting_for_review", stopReason: "REVIEW_REQUIRED", proposal: { kind: "final_answer" } });
    // Two tiers in the first turn; the repair turn stays on the tier that answered (a run never steps back down).
    expect(r.requests.map((q) => q.body.model)).toEqual(["tier-small", "tier-large", "tier-large"]);
    const repair = r.requests[2]!.body.messages as { role: string; content: string }[];
    expect(repair.at(-1)).toMatchObject({ role: "user", content: expect.stringContaining("not accepted") });
  });
});
