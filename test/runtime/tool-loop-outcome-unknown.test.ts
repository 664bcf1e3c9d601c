/**
 * Outcome unknown: an external side effect whose target times out after
 * applying it. Without a way to tell (no idempotency key at the target, no
 * lookup) the call is journaled `outcome_unknown` and the run waits for a
 * person with that evidence; it is never retried blindly. With a lookup by
 * key the runtime finds the effect and goes on. A crash mid-call is the same.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../support/http";
import { newScope, recorded, script } from "../support/model-standin";
import { command, effectRows, runStub } from "../support/runs";
import { driveWithModel, withModel } from "../support/tool-agents";

const TRANSFER = `(req) => {
  const tools = req.messages.filter((m) => m.role === "tool");
  if (tools.length === 0) return { tool_calls: [{ id: "t1", name: "transfer", arguments: { to: "ACME", amountCents: 900 } }] };
  return JSON.stringify({ done: true, summary: tools[0].content.slice(0, 300) });
}`;

async function start(agent: string, crash?: (point: string, step: number) => boolean) {
  const scope = await newScope();
  await script(scope, { fn: TRANSFER });
  const cmd = command(agent, { task: "transfer 9.00 to ACME" });
  await withModel(cmd.runId, scope, crash);
  await runStub(cmd.runId).submit(cmd).catch(() => "crashed");
  return { scope, runId: cmd.runId, view: await driveWithModel(cmd.runId, scope) };
}

async function itemOf(runId: string) {
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare("SELECT id, reasons, priority FROM review_items WHERE run_id = ?").bind(runId).first<{ id: string; reasons: string; priority: number }>();
    if (row) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no review item");
}

describe("outcome unknown", () => {
  it("a timeout after the effect was applied: journaled outcome_unknown, the run waits for a person, nothing is retried", async () => {
    const { scope, runId, view } = await start("tool-loop-unknown");
    expect(view).toMatchObject({ status: "waiting_for_review", proposal: { kind: "tool_call", why: "outcome_unknown", calls: [{ tool: "transfer" }] } });
    expect(await effectRows(runId)).toBe(1);
    const journal = (await runStub(runId).journal("demo"))!;
    expect(journal[1]!.toolCalls).toEqual([expect.objectContaining({ tool: "transfer", status: "outcome_unknown", error: expect.objectContaining({ code: "OUTCOME_UNKNOWN" }) })]);
    const item = await itemOf(runId);
    expect(JSON.parse(item.reasons)).toEqual(["OUTCOME_UNKNOWN"]);
    expect(item.priority).toBe(1);

    // Woken again (an alarm, a restart): still waiting, still one effect.
    expect(await driveWithModel(runId, scope)).toMatchObject({ status: "waiting_for_review" });
    expect(await effectRows(runId)).toBe(1);

    // The person checked the bank: it did take effect. The model is told, never the tool run again.
    const decided = await call(`/v1/reviews/${item.id}/decision`, { method: "POST", key: "dev-reviewer-token", json: { decision: "approve", comment: "The bank shows the transfer." } });
    expect(decided.status).toBe(200);
    const done = await driveWithModel(runId, scope);
    expect(done).toMatchObject({ status: "completed", outcome: { done: true, summary: expect.stringContaining("appliedPerReviewer") } });
    expect(await effectRows(runId)).toBe(1);
    expect(await recorded(scope)).toHaveLength(2);
  });

  it("with a lookup by idempotency key the runtime finds the effect and continues", async () => {
    const { runId, view } = await start("tool-loop-lookup");
    expect(view).toMatchObject({ status: "completed", outcome: { done: true, summary: expect.stringContaining(`${runId}:turn-0:t1`) } });
    expect(await effectRows(runId)).toBe(1);
    const journal = (await runStub(runId).journal("demo"))!;
    expect(journal[1]!.toolCalls).toEqual([expect.objectContaining({ status: "done" })]);
  });

  it("a target that dedupes by key: the runtime resends with the same key (a retried step), one effect", async () => {
    const scope = await newScope();
    await script(scope, { fn: TRANSFER });
    const cmd = command("tool-loop-dedupe", { task: "transfer" });
    await withModel(cmd.runId, scope);
    // The first try times out after the target applied it; the step is retried (its own alarm, ~1 s later) with the same key.
    await runStub(cmd.runId).submit(cmd);
    const view = await driveWithModel(cmd.runId, scope);
    expect(view).toMatchObject({ status: "completed", outcome: { done: true, summary: expect.stringContaining(`${cmd.runId}:turn-0:t1`) } });
    expect(await effectRows(cmd.runId)).toBe(1);
    expect((await runStub(cmd.runId).journal("demo"))![1]).toMatchObject({ status: "completed", attempt: 2 });
  });

  it("a crash mid-call (intent journaled, no result): outcome_unknown, never re-sent", async () => {
    const { runId, view } = await start("tool-loop-unknown", (point) => point === "after-tool-intent");
    expect(view).toMatchObject({ status: "waiting_for_review", proposal: { why: "outcome_unknown" } });
    expect(await effectRows(runId)).toBe(0); // the crash came before the request left; nobody can know that from the journal
    const journal = (await runStub(runId).journal("demo"))!;
    expect(journal[1]!.toolCalls).toEqual([expect.objectContaining({ status: "outcome_unknown" })]);
  });
});
