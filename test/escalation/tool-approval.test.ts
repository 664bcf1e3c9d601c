/**
 * Approvals in the tool loop, through the real review API: a call that needs
 * approval pauses the run with the proposed call and the conversation; approve
 * runs it exactly once (across crashes), reject is the model's tool result,
 * an invalid edit is a 422 with nothing run, racing decisions give one 409,
 * and a second approval in the same run is a second review round.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { reviewIdFor } from "../../src/escalation/messages";
import { repairReviewItems } from "../../src/escalation/repair";
import { call } from "../support/http";
import { newScope, recorded, script } from "../support/model-standin";
import { command, effectRows, runStub } from "../support/runs";
import { crashNow, driveWithModel, withModel } from "../support/tool-agents";
import { page, signIn } from "../dashboard/support";

const REVIEWER = "dev-reviewer-token";

/** Pays R-9 (the call that needs approval); then finishes with what the tool result said. */
const PAY_ONCE = `(req) => {
  const tools = req.messages.filter((m) => m.role === "tool");
  if (tools.length === 0) return { tool_calls: [{ id: "c_pay", name: "pay", arguments: { reportId: "R-9", amountCents: 5000 } }] };
  const shown = JSON.parse(tools[0].content);
  return JSON.stringify(shown.ok ? { done: true, summary: "paid" } : { done: false, summary: shown.error.code + ": " + shown.error.message });
}`;

async function paused(fn = PAY_ONCE) {
  const scope = await newScope();
  await script(scope, { fn });
  const cmd = command("tool-loop-approval", { task: "pay R-9" });
  await withModel(cmd.runId, scope);
  const result = await runStub(cmd.runId).submit(cmd);
  if (result.kind !== "accepted") throw new Error("conflict");
  return { scope, runId: cmd.runId, view: result.run };
}

async function itemOf(runId: string, round = 1) {
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare("SELECT id, status, round, reasons, proposal FROM review_items WHERE run_id = ? AND round = ?").bind(runId, round).first<{ id: string; status: string; round: number; reasons: string; proposal: string }>();
    if (row) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no review item");
}

const decide = (id: string, json: unknown) => call(`/v1/reviews/${id}/decision`, { method: "POST", key: REVIEWER, json });
const payments = (runId: string) => env.DB.prepare("SELECT args FROM effects WHERE run_id = ?").bind(runId).all<{ args: string }>();

describe("tool-call approvals", () => {
  it("pauses with the proposed call and the conversation so far; nothing has run", async () => {
    const { runId, view } = await paused();
    expect(view).toMatchObject({ status: "waiting_for_review", stopReason: "REVIEW_REQUIRED" });
    expect(view.proposal).toMatchObject({ kind: "tool_call", why: "approval", calls: [{ id: "c_pay", tool: "pay", arguments: { reportId: "R-9", amountCents: 5000 } }] });
    const conversation = (view.proposal as { conversation: { role: string }[] }).conversation;
    expect(conversation.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
    const item = await itemOf(runId);
    expect(item).toMatchObject({ id: reviewIdFor(runId), status: "open", round: 1 });
    expect(JSON.parse(item.reasons)).toEqual(["TOOL_APPROVAL"]);
    expect(await effectRows(runId)).toBe(0);
  });

  it("pause, crash, approve, crash, resume: the call ran exactly once", async () => {
    const { scope, runId } = await paused();
    const item = await itemOf(runId);
    await crashNow(runId);
    // The decision resumes the run, which dies right after journaling the call's intent. (Sent to the
    // object without waiting for the run to rest, so the crash happens after the decision was answered.)
    await withModel(runId, scope, (point) => point === "after-tool-intent");
    const decision = { decision: "approve" as const, comment: "Within budget.", reviewer: "local reviewer", decidedAt: Date.now() };
    expect(await runStub(runId).resolveReview("demo", decision, 0, 1)).toMatchObject({ kind: "resumed" });
    const view = await driveWithModel(runId, scope);
    expect(view).toMatchObject({ status: "completed", outcome: { done: true, summary: "paid" }, decidedBy: expect.any(String) });
    expect(await effectRows(runId)).toBe(1);
    const journal = (await runStub(runId).journal("demo"))!;
    expect(journal.map((s) => s.name)).toEqual(["turn-0", "turn-0:c_pay", "turn-0:c_pay:review", "turn-1", "final"]);
    expect(journal[2]!.toolCalls).toEqual([expect.objectContaining({ idempotencyKey: `${runId}:turn-0:c_pay`, status: "done" })]);
    expect(await recorded(scope)).toHaveLength(2);
    const again = await decide(item.id, { decision: "reject", comment: "changed my mind" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error.code).toBe("REVIEW_ALREADY_DECIDED");
    expect(await effectRows(runId)).toBe(1);
  });

  it("reject: the model receives the rejection as the tool result and finishes", async () => {
    const { scope, runId } = await paused();
    const item = await itemOf(runId);
    const res = await decide(item.id, { decision: "reject", comment: "Duplicate of last week's claim." });
    expect(res.status).toBe(200);
    const view = await driveWithModel(runId, scope);
    expect(view).toMatchObject({ status: "completed", outcome: { done: false, summary: "REJECTED_BY_REVIEWER: Duplicate of last week's claim." } });
    expect(await effectRows(runId)).toBe(0);
  });

  it("edit: invalid arguments or arguments the policy refuses are a 422 and nothing runs; a valid edit runs as edited", async () => {
    const { scope, runId } = await paused();
    const item = await itemOf(runId);
    for (const args of [{ reportId: "R-9", amountCents: -5 }, { reportId: "R-9" }, { reportId: "R-9", amountCents: 500_000 }]) {
      const res = await decide(item.id, { decision: "amend", comment: "Changed the amount.", arguments: args });
      expect(res.status).toBe(422);
      expect(((await res.json()) as any).error.code).toBe("INVALID_REVIEW");
    }
    expect(await effectRows(runId)).toBe(0);
    expect(await runStub(runId).view("demo")).toMatchObject({ status: "waiting_for_review" });
    expect((await itemOf(runId)).status).toBe("open");

    const ok = await decide(item.id, { decision: "amend", comment: "Only the approved part.", arguments: { reportId: "R-9", amountCents: 4000 } });
    expect(ok.status).toBe(200);
    const view = await driveWithModel(runId, scope);
    expect(view).toMatchObject({ status: "completed", outcome: { done: true } });
    const rows = await payments(runId);
    expect(rows.results.map((r) => JSON.parse(r.args))).toEqual([{ reportId: "R-9", amountCents: 4000 }]);
  });

  it("edited arguments on an item that is not a tool call are refused (422)", async () => {
    const cmd = command("echo-steps", { steps: 2, effectEvery: 1 }, { options: { reviewGate: "SHADOW" } });
    await runStub(cmd.runId).submit(cmd);
    const item = await itemOf(cmd.runId);
    const res = await decide(item.id, { decision: "amend", comment: "edit", arguments: { step: 0 } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).error.code).toBe("INVALID_REVIEW");
    expect(await effectRows(cmd.runId)).toBe(0);
  });

  it("the dashboard's review page shows the call and lets a reviewer edit its arguments (checked by the run)", async () => {
    const { scope, runId } = await paused();
    const item = await itemOf(runId);
    const { cookie, csrf } = await signIn();
    const html = await (await page(`/dashboard/reviews/${item.id}`, { cookie })).text();
    expect(html).toContain("Edit the call");
    expect(html).toContain("&quot;amountCents&quot;: 5000");
    const post = (args: string) => page(`/dashboard/reviews/${item.id}/decision`, { cookie, form: { csrf, decision: "amend", comment: "Smaller amount.", arguments: args } });
    const notJson = await post("{amountCents: 1");
    expect(notJson.status).toBe(422);
    expect(await notJson.text()).toContain("not JSON");
    const invalid = await post('{"reportId":"R-9","amountCents":-5}');
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain("do not match pay");
    expect(await effectRows(runId)).toBe(0);
    const ok = await post('{"reportId":"R-9","amountCents":4000}');
    expect(ok.status).toBe(303);
    expect(await driveWithModel(runId, scope)).toMatchObject({ status: "completed", outcome: { done: true } });
    expect((await payments(runId)).results.map((r) => JSON.parse(r.args))).toEqual([{ reportId: "R-9", amountCents: 4000 }]);
  });

  it("two racing approvals: one wins, the other is 409, and the call ran once", async () => {
    const { scope, runId } = await paused();
    const item = await itemOf(runId);
    const results = await Promise.all([decide(item.id, { decision: "approve", comment: "ok A" }), decide(item.id, { decision: "approve", comment: "ok B" })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    await driveWithModel(runId, scope);
    expect(await effectRows(runId)).toBe(1);
  });

  it("a shadow-stage run: each side effect waits for its own decision; an approval covers that call only", async () => {
    const scope = await newScope();
    await script(scope, {
      fn: `(req) => {
        const tools = req.messages.filter((m) => m.role === "tool");
        if (tools.length === 0) return { tool_calls: [{ id: "p1", name: "pay", arguments: { reportId: "R-1", amountCents: 100 } }] };
        if (tools.length === 1) return { tool_calls: [{ id: "p2", name: "pay", arguments: { reportId: "R-2", amountCents: 200 } }] };
        return JSON.stringify({ done: true, summary: tools.map((t) => JSON.parse(t.content).status || "ok").join(",") });
      }`,
    });
    const cmd = command("tool-loop", { task: "pay two" }, { options: { stage: "shadow", reviewGate: "SHADOW" } });
    await withModel(cmd.runId, scope);
    await runStub(cmd.runId).submit(cmd);
    const first = await itemOf(cmd.runId, 1);
    expect(JSON.parse(first.reasons)).toEqual(["SHADOW"]);
    expect((await decide(first.id, { decision: "approve", comment: "first one is fine" })).status).toBe(200);
    expect(await effectRows(cmd.runId)).toBe(1);
    // The second payment is gated again (round 2); approved, the agent's policy still refuses it (one payment per run).
    const second = await itemOf(cmd.runId, 2);
    expect(JSON.parse(second.reasons)).toEqual(["SHADOW"]);
    expect((await decide(second.id, { decision: "approve", comment: "ok" })).status).toBe(200);
    const view = await driveWithModel(cmd.runId, scope);
    expect(view).toMatchObject({ status: "completed", outcome: { done: true, summary: "ok,refused" } });
    expect(await effectRows(cmd.runId)).toBe(1);
  });

  it("a second approval in the same run is a second review round with its own item", async () => {
    const twoPayments = `(req) => {
      const tools = req.messages.filter((m) => m.role === "tool");
      if (tools.length === 0) return { tool_calls: [{ id: "p1", name: "pay", arguments: { reportId: "R-1", amountCents: 100 } }] };
      if (tools.length === 1) return { tool_calls: [{ id: "p2", name: "pay", arguments: { reportId: "R-2", amountCents: 200 } }] };
      return JSON.stringify({ done: true, seen: tools.length });
    }`;
    const { scope, runId } = await paused(twoPayments);
    const first = await itemOf(runId, 1);
    expect((await decide(first.id, { decision: "approve", comment: "first" })).status).toBe(200);
    const second = await itemOf(runId, 2);
    expect(second.id).toBe(reviewIdFor(runId, 2));
    expect(JSON.parse(second.proposal)).toMatchObject({ calls: [{ id: "p2", arguments: { reportId: "R-2" } }] });
    // A lost round-2 item (deleted by hand) comes back from the run object through the repair sweep.
    await env.DB.prepare("DELETE FROM review_items WHERE id = ?").bind(second.id).run();
    expect((await repairReviewItems(env)).requeued).toBeGreaterThanOrEqual(1);
    expect((await itemOf(runId, 2)).id).toBe(second.id);
    // Round 1's item cannot decide round 2.
    expect((await decide(first.id, { decision: "approve", comment: "again" })).status).toBe(409);
    expect((await decide(second.id, { decision: "reject", comment: "not this one" })).status).toBe(200);
    const view = await driveWithModel(runId, scope);
    expect(view).toMatchObject({ status: "completed", outcome: { done: true, seen: 2 } });
    expect(await effectRows(runId)).toBe(1);
  });
});
