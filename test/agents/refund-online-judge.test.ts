/**
 * The online judge works for a tool agent: its dry run (the strongest tier,
 * nothing executed) goes past the first side effect to a final answer, so it
 * can be compared with the run it re-decides; no refund, label or reply is
 * written by it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { compareOutcomes } from "../../src/runtime/outcomes";
import { findAgent } from "../../src/agents/registry";
import { command, runStub } from "../support/runs";

const AGENT = "refund-requests";
const input = { requestId: "RQ-JUDGE-1", customerId: "C2001", receivedAt: "2026-11-20", message: "Both blue mugs in N-10001 arrived shattered." };
const rows = async (table: string) =>
  (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE request_id = ?`).bind(input.requestId).first<{ n: number }>())?.n ?? 0;

describe("refund-requests: the online judge's dry run", () => {
  it("reaches a final answer that agrees with the real run, and acts on nothing", { timeout: 60_000 }, async () => {
    const real = command(AGENT, input, { waitMs: 20_000 });
    const done = await runStub(real.runId).submit(real);
    expect(done).toMatchObject({ kind: "accepted", run: { status: "completed", outcome: { decision: "refund", refundCents: 2900 } } });
    const refundsBefore = await rows("refunds_issued");
    const repliesBefore = await rows("refund_replies");

    // As judgeOnline submits it: the strongest tier, and the reads the real run made (its refund has since changed the order).
    const agent = findAgent(AGENT)!;
    const evidence = (await runStub(real.runId).evidence("demo"))!;
    const replayReads = agent.replayReads!(evidence.outputs);
    expect(Object.keys(replayReads).length).toBeGreaterThanOrEqual(3); // lookupCustomer, getOrder, checkEligibility
    const options = { evaluation: `online:${real.runId}`, dryRun: true, modelTiers: ["local/refund-agent-large"], replayReads };
    const dry = command(AGENT, input, { requestHash: `online:${real.runId}`, waitMs: 20_000, options });
    const judged = await runStub(dry.runId).submit(dry);
    expect(judged).toMatchObject({ kind: "accepted", run: { status: "completed", proposal: { decision: "refund", refundCents: 2900 } } });
    expect(compareOutcomes(agent, (done as any).run.proposal, (judged as any).run.proposal)).toMatchObject({ comparable: true, agrees: true });
    expect(await rows("refunds_issued")).toBe(refundsBefore);
    expect(await rows("refund_replies")).toBe(repliesBefore);
  });

  it("without the run's reads, the re-decision would see the world after the refund (why the reads are replayed)", { timeout: 60_000 }, async () => {
    const again = { ...input, requestId: "RQ-JUDGE-2" };
    const real = command(AGENT, again, { waitMs: 20_000 });
    await runStub(real.runId).submit(real);
    const dry = command(AGENT, again, { requestHash: `online:${real.runId}`, waitMs: 20_000, options: { evaluation: `online:${real.runId}`, dryRun: true, modelTiers: ["local/refund-agent-large"] } });
    const judged = await runStub(dry.runId).submit(dry);
    expect(judged).toMatchObject({ run: { status: "completed", proposal: { decision: "deny", codes: ["ALREADY_REFUNDED"] } } });
  });
});
