/**
 * Output guards on tool-loop tools (`LoopTool.outputGuard`): an async check
 * that may ask a model before a side-effecting call runs. A refused call is
 * never executed; the model is told and rewrites; a second refusal of the same
 * tool pauses for a person. The guard's model calls are the step's journaled
 * calls, replayed (not asked again) after a crash.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { registerAgent } from "../../src/agents/registry";
import { defineToolAgent } from "../../src/runtime/tool-loop/define-tool-agent";
import type { LoopTool } from "../../src/runtime/tool-loop/types";
import { defineTool } from "../../src/tools/define-tool";
import { recordEffect } from "../../src/tools/effect-ledger";
import { newScope, recorded, script } from "../support/model-standin";
import { command, effectRows, runStub } from "../support/runs";
import { driveWithModel, LARGE, SMALL, withModel } from "../support/tool-agents";

/** Posts a note to a customer (a side effect): the guard asks a model whether its text may go out. */
const postNote: LoopTool = {
  ...defineTool({
    name: "postNote",
    description: "Post a note to the customer.",
    input: z.object({ text: z.string().min(1).max(500) }),
    output: z.object({ posted: z.boolean() }),
    sideEffect: true,
    async run(args, ctx) {
      await recordEffect(ctx, "postNote", args, { posted: true });
      return { posted: true };
    },
  }),
  onBlocked: "refuse",
  async outputGuard(args, _facts, guard) {
    const [model] = guard.tiers("tone", [SMALL]);
    const { response } = await guard.callModel({ model: model!, messages: [{ role: "system", content: "guard" }, { role: "user", content: (args as { text: string }).text }], max_tokens: 8 });
    return response.choices[0]!.message.content === "refuse" ? [{ code: "NOTE_TONE", message: "The note is rude." }] : [];
  },
};

const guardedAgent = defineToolAgent({
  name: "tool-loop-guarded",
  version: "1.0.0",
  description: "Posts one note, checked by a guard.",
  input: z.object({ task: z.string().max(200) }),
  instructions: "Post one polite note, then finish.",
  models: [SMALL, LARGE],
  maxTurns: 5,
  finish: z.object({ done: z.boolean() }),
  tools: [postNote],
  limits: { requestsPerSecond: 100_000, maxConcurrentRuns: 100_000 },
  deployment: { onlineSample: 0 },
});
registerAgent(guardedAgent);

/** The model's notes, turn by turn (the guard's request is told apart by its system message). */
const notesScript = (notes: string[]) => ({
  fn: `(req) => {
    const m = req.messages;
    if (m[0].content === "guard") return m[1].content.includes("rude") ? "refuse" : "ok";
    const notes = ${JSON.stringify(notes)};
    const done = m.filter((x) => x.role === "tool").length;
    return done < notes.length ? { tool_calls: [{ name: "postNote", arguments: { text: notes[done] } }] } : JSON.stringify({ done: true });
  }`,
});

async function run(notes: string[], crash?: (point: string, step: number) => boolean) {
  const scope = await newScope();
  await script(scope, notesScript(notes));
  const cmd = command("tool-loop-guarded", { task: "post a note" });
  await withModel(cmd.runId, scope, crash);
  await runStub(cmd.runId).submit(cmd).catch(() => undefined);
  const view = (await driveWithModel(cmd.runId, scope))!;
  const journal = (await runStub(cmd.runId).journal("demo"))!;
  return { view, journal, runId: cmd.runId, requests: await recorded(scope) };
}

const guardCalls = (requests: { body: Record<string, unknown> }[]) => requests.filter((r) => (r.body.messages as { content: string }[])[0]!.content === "guard").length;

describe("tool-loop output guards", () => {
  it("a refused call never runs; the model is told, rewrites, and the polite note goes out once", async () => {
    const r = await run(["you are rude", "thank you for writing"]);
    expect(r.view).toMatchObject({ status: "completed", outcome: { done: true } });
    const calls = r.journal.filter((s) => s.kind === "tool");
    expect(calls.map((s) => s.outputSummary)).toEqual(["postNote: refused NOTE_TONE", "postNote: ok"]);
    // The guard's model call is journaled in the call step it checked.
    expect(calls.map((s) => s.modelCalls.length)).toEqual([1, 1]);
    expect(await effectRows(r.runId)).toBe(1);
  });

  it("a second refusal of the same tool pauses for a person (OUTPUT_GUARD), with nothing posted", async () => {
    const r = await run(["you are rude", "still rude"]);
    expect(r.view).toMatchObject({ status: "waiting_for_review", stopReason: "REVIEW_REQUIRED" });
    expect(r.view.proposal).toMatchObject({ kind: "tool_call", calls: [{ tool: "postNote", arguments: { text: "still rude" } }] });
    expect(await effectRows(r.runId)).toBe(0);
  });

  it("after a crash between the guard's model call and the tool, the guard's answer is replayed, not asked again", async () => {
    let fired = 0;
    const r = await run(["thank you for writing"], (point) => point.startsWith("after-model-call") && fired++ === 1);
    expect(r.view).toMatchObject({ status: "completed", outcome: { done: true } });
    expect(await effectRows(r.runId)).toBe(1);
    expect(fired).toBeGreaterThan(1); // the crash did happen, at the guard's model call
    expect(guardCalls(r.requests)).toBe(1);
  });
});
