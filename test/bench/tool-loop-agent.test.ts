/**
 * The bench's tool-loop agent (scripts/bench/tool-loop-agent.ts, section 9 of
 * `npm run bench`) runs through the real engine as the bench assumes: N turns
 * of one read-only call each but the last, two journaled steps per turn, and
 * the scripted model routed in beside the configured one. If the loop's
 * journal shape changes, the bench's per-turn figures would silently compare
 * the wrong commit counts; this test says so first.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { registerAgent } from "../../src/agents/registry";
import { createModelProvider } from "../../src/models/runtime-models";
import { BenchRoutingProvider, benchToolLoopAgent, SCRIPTED_MODEL, TOOL_LOOP_AGENT } from "../../scripts/bench/tool-loop-agent";
import { command, instrument, runStub } from "../support/runs";

registerAgent(benchToolLoopAgent);

describe("bench tool-loop agent", () => {
  it("a 10-turn run makes 10 model calls, 9 read-only tool calls and 20 journaled steps, then completes", async () => {
    const cmd = command(TOOL_LOOP_AGENT, { turns: 10 });
    await instrument(cmd.runId, (obj) => {
      obj.modelProvider = new BenchRoutingProvider(() => createModelProvider(env));
    });
    const result = await runStub(cmd.runId).submit(cmd);
    expect(result.kind).toBe("accepted");
    const view = await runStub(cmd.runId).view("demo");
    expect(view).toMatchObject({ status: "completed", proposal: { done: true, seen: 9 }, usage: { modelCalls: 10, steps: 20 } });

    const journal = await runStub(cmd.runId).journal("demo");
    const names = journal!.map((s) => s.name);
    expect(names.slice(0, 4)).toEqual(["turn-0", "turn-0:call_0", "turn-1", "turn-1:call_1"]);
    expect(names.slice(-2)).toEqual(["turn-9", "final"]);
    expect(journal!.filter((s) => s.kind === "model").every((s) => s.modelCalls.every((m) => m.model === SCRIPTED_MODEL))).toBe(true);
  });

  it("hands every other model to the configured provider (the embedded model answers)", async () => {
    const routed = new BenchRoutingProvider(() => createModelProvider(env));
    const r = await routed.complete({ model: "local/expense-classifier-small", messages: [{ role: "user", content: "Taxi to the airport, 42.00 EUR" }] });
    expect(r.response.model).toBe("local/expense-classifier-small");
  });
});
