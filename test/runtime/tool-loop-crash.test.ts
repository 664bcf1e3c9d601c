/**
 * The tool loop's journal is its plan: a 4-turn conversation (two parallel
 * reads, one payment, one more read, a final answer) crashed at every
 * boundary ends exactly as the uninterrupted run, with one ledger row for the
 * payment and no turn asked (or paid) twice: the stand-in counts requests.
 */
import { describe, expect, it } from "vitest";
import { newScope, recorded, script } from "../support/model-standin";
import { command, effectRows, runStub } from "../support/runs";
import { driveWithModel, withModel } from "../support/tool-agents";

/** A model that answers from the conversation alone (turn = assistant messages so far), so a replayed request gets the same answer. */
const FOUR_TURNS = `(req) => {
  const turn = req.messages.filter((m) => m.role === "assistant").length;
  if (turn === 0) return { tool_calls: [{ id: "c_a", name: "lookup", arguments: { id: "A" } }, { id: "c_b", name: "lookup", arguments: { id: "B" } }] };
  if (turn === 1) return { tool_calls: [{ id: "c_pay", name: "pay", arguments: { reportId: "R-1", amountCents: 1200 } }] };
  if (turn === 2) return { tool_calls: [{ id: "c_c", name: "lookup", arguments: { id: "C" } }] };
  const seen = req.messages.filter((m) => m.role === "tool" && m.content.includes('"ok":true')).length;
  return { content: JSON.stringify({ done: true, seen }) };
}`;

const STEPS = ["turn-0", "turn-0:c_a", "turn-0:c_b", "turn-1", "turn-1:c_pay", "turn-2", "turn-2:c_c", "turn-3", "final"];
const MODEL_STEPS = [0, 3, 5, 7];
const PAY_STEP = 4;

async function start(crash?: (point: string, step: number) => boolean) {
  const scope = await newScope();
  await script(scope, { fn: FOUR_TURNS });
  const cmd = command("tool-loop", { task: "pay R-1" });
  await withModel(cmd.runId, scope, crash);
  await runStub(cmd.runId).submit(cmd).catch(() => "crashed");
  return { scope, runId: cmd.runId };
}

const crashPoints: [string, number][] = [
  ...STEPS.map((_, i) => ["before-step", i] as [string, number]),
  ...STEPS.map((_, i) => ["after-step", i] as [string, number]),
  ...MODEL_STEPS.map((i) => ["after-model-call", i] as [string, number]),
  ["after-tool-intent", PAY_STEP],
  ["after-tool-effect", PAY_STEP],
];

describe("tool loop: the journal is the plan", () => {
  it("runs turns and calls as journaled steps, in order, with each turn's model and cost", async () => {
    const { scope, runId } = await start();
    const view = await driveWithModel(runId, scope);
    expect(view).toMatchObject({ status: "completed", outcome: { done: true, seen: 4 }, proposal: { done: true, seen: 4 }, usage: { steps: 9, modelCalls: 4, toolCalls: 4 } });
    const journal = (await runStub(runId).journal("demo"))!;
    expect(journal.map((s) => s.name)).toEqual(STEPS);
    expect(journal.map((s) => s.kind)).toEqual(["model", "tool", "tool", "model", "tool", "model", "tool", "model", "decision"]);
    for (const i of MODEL_STEPS) expect(journal[i]!.modelCalls).toEqual([expect.objectContaining({ model: "openai-compatible/tier-small", costMicroUsd: expect.any(Number) })]);
    expect(journal[PAY_STEP]!.toolCalls).toEqual([expect.objectContaining({ tool: "pay", idempotencyKey: `${runId}:turn-1:c_pay`, status: "done" })]);
    expect(await effectRows(runId)).toBe(1);

    const requests = await recorded(scope);
    expect(requests).toHaveLength(4);
    // Parallel calls come back in their journal order, each answered once.
    const second = requests[1]!.body.messages as { role: string; tool_call_id?: string }[];
    expect(second.filter((m) => m.role === "tool").map((m) => m.tool_call_id)).toEqual(["c_a", "c_b"]);
    expect(requests[0]!.body.tools).toHaveLength(2);
  });

  it.each(crashPoints)("a crash at %s %i: same outcome, one ledger row, no turn paid twice", async (point, step) => {
    const { scope, runId } = await start((p, s) => p === point && s === step);
    const view = await driveWithModel(runId, scope);
    expect(view).toMatchObject({ status: "completed", outcome: { done: true, seen: 4 }, usage: { steps: 9, modelCalls: 4 } });
    expect(await effectRows(runId)).toBe(1);
    expect(await recorded(scope)).toHaveLength(4);
    const journal = (await runStub(runId).journal("demo"))!;
    expect(journal.map((s) => s.name)).toEqual(STEPS);
    expect(journal.every((s) => s.status === "completed")).toBe(true);
    expect(journal.flatMap((s) => s.modelCalls)).toHaveLength(4);
    const rerun = journal.filter((s) => s.attempt > 1).map((s) => s.index);
    expect(rerun.length).toBeLessThanOrEqual(1);
    // The crash really happened: the step in flight ran again (after-step may have been durable already).
    if (point !== "after-step") expect(rerun).toEqual([step]);
  });
});
