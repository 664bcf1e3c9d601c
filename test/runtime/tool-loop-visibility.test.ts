/**
 * GET /v1/runs/{id}/steps shows every turn of a tool loop (messages in and
 * out, tiers, model and cost) and every call (arguments, result), clipped, as
 * soon as each step is journaled: a run paused on a call already shows it.
 */
import { describe, expect, it } from "vitest";
import { call } from "../support/http";
import { newScope, script } from "../support/model-standin";
import { command, runStub } from "../support/runs";
import { driveWithModel, withModel } from "../support/tool-agents";
import { page, signIn } from "../dashboard/support";

async function steps(runId: string) {
  const res = await call(`/v1/runs/${runId}/steps`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { steps: any[] }).steps;
}

describe("tool loop visibility", () => {
  it("shows each turn's messages in and out and each call's arguments and result, clipped", async () => {
    const scope = await newScope();
    await script(scope, {
      fn: `(req) => {
        const turn = req.messages.filter((m) => m.role === "assistant").length;
        if (turn === 0) return { tool_calls: [{ id: "c1", name: "lookup", arguments: { id: "A" } }, { id: "c2", name: "lookup", arguments: { id: "${"B".repeat(39)}" } }] };
        return JSON.stringify({ done: true, summary: "x".repeat(480) });
      }`,
    });
    const cmd = command("tool-loop", { task: "look up A and B" });
    await withModel(cmd.runId, scope);
    await runStub(cmd.runId).submit(cmd);
    expect(await driveWithModel(cmd.runId, scope)).toMatchObject({ status: "completed" });

    const [turn0, c1, c2, turn1] = await steps(cmd.runId);
    expect(turn0).toMatchObject({
      name: "turn-0",
      kind: "model",
      modelCalls: [{ model: "openai-compatible/tier-small", costMicroUsd: expect.any(Number) }],
      detail: {
        kind: "turn",
        turn: 0,
        messagesIn: [{ role: "system" }, { role: "user", content: JSON.stringify({ task: "look up A and B" }) }],
        messageOut: { role: "assistant", content: null, toolCalls: [{ id: "c1", name: "lookup", arguments: '{"id":"A"}' }, { id: "c2", name: "lookup" }] },
        outcome: "calls",
        attempts: [{ model: "openai-compatible/tier-small", outcome: "accepted", reason: null }],
      },
    });
    expect(c1).toMatchObject({ name: "turn-0:c1", kind: "tool", detail: { kind: "call", callId: "c1", tool: "lookup", arguments: '{"id":"A"}', status: "ok", result: '{"id":"A","text":"document A"}' } });
    expect(c2.detail.status).toBe("ok");
    // The next turn saw the two results as new messages, and answered with the final answer (clipped in the view).
    expect(turn1.detail.messagesIn.map((m: any) => [m.role, m.toolCallId])).toEqual([["tool", "c1"], ["tool", "c2"]]);
    expect(turn1.detail.outcome).toBe("final");
    expect(turn1.detail.messageOut.content.length).toBeLessThanOrEqual(500);

    // The dashboard's run page shows the same journal, each turn with its messages.
    const { cookie } = await signIn();
    const html = await (await page(`/dashboard/runs/${cmd.runId}`, { cookie })).text();
    expect(html).toContain("turn-0:c1");
    expect(html).toContain("messages in and out");
    expect(html).toContain("arguments and result");
  });

  it("a run paused on a call shows the turns so far and the call waiting for approval", async () => {
    const scope = await newScope();
    await script(scope, { answers: [{ tool_calls: [{ id: "p1", name: "pay", arguments: { reportId: "R-3", amountCents: 300 } }] }] });
    const cmd = command("tool-loop-approval", { task: "pay R-3" });
    await withModel(cmd.runId, scope);
    await runStub(cmd.runId).submit(cmd);
    const journal = await steps(cmd.runId);
    expect(journal.map((s) => s.name)).toEqual(["turn-0", "turn-0:p1"]);
    expect(journal[1].detail).toMatchObject({ kind: "call", tool: "pay", arguments: '{"reportId":"R-3","amountCents":300}', status: null, waitingFor: "approval" });
  });
});
