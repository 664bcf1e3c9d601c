/**
 * `refund-requests` in tests: the contract's demo data in D1 (tables from the
 * migrations), the agent
 * registered with its tiers on the stand-in, and a run driven by a scripted
 * model (one answer per model request, in order).
 */
import { env } from "cloudflare:workers";
import { registerAgent } from "../../src/agents/registry";
import { createRefundRequestsAgent, seedRefundData } from "../../src/agents/refund-requests";
import type { RefundRequest } from "../../src/agents/refund-requests/schema";
import { newScope, recorded, script, type ScriptedAnswer } from "./model-standin";
import { command, instrument, runStub } from "./runs";
import { outcomeFromFacts } from "../../src/agents/refund-requests/outcome";
import { driveWithModel, LARGE, SMALL, withModel } from "./tool-agents";

export const refundAgent = createRefundRequestsAgent({ models: [SMALL, LARGE] });
registerAgent(refundAgent);

/** Seeds `tenantId` (the tables come from the migrations); `fresh` first drops what earlier runs of this file refunded, labeled and sent there. */
export async function refundTables(tenantId = "demo", fresh = false): Promise<void> {
  if (fresh) await env.DB.batch(["refunds_issued", "refund_return_labels", "refund_replies"].map((t) => env.DB.prepare(`DELETE FROM ${t} WHERE tenant_id = ?`).bind(tenantId)));
  await seedRefundData(env.DB, tenantId);
}

let n = 0;
export const requestId = () => `RQ-T-${Date.now().toString(36)}-${++n}`;

export function request(over: Partial<RefundRequest> = {}): RefundRequest {
  return { requestId: requestId(), customerId: "C2001", receivedAt: "2026-11-20", message: "Hi, order N-10001 came yesterday and both blue mugs were shattered. Can I get my money back?", orderId: "N-10001", channel: "email", ...over };
}

/** A tool call answer. */
export const callTool = (name: string, args: unknown, id = `c_${name}_${++n}`): ScriptedAnswer => ({ tool_calls: [{ id, name, arguments: args }] });
export const finalAnswer = (o: unknown): ScriptedAnswer => JSON.stringify(o);

/** Starts a run of `input` with `answers` as the model, and drives it until it rests. */
export async function runRefund(input: RefundRequest, answers: ScriptedAnswer[]) {
  const scope = await newScope();
  await script(scope, { answers });
  const cmd = command("refund-requests", input);
  await withModel(cmd.runId, scope);
  await runStub(cmd.runId).submit(cmd);
  const view = (await driveWithModel(cmd.runId, scope))!;
  return { scope, runId: cmd.runId, view, journal: async () => (await runStub(cmd.runId).journal("demo"))!, requests: () => recorded(scope) };
}

/** Outputs of a run's tool steps, as "tool: status [code]". */
export async function toolSummaries(runId: string): Promise<string[]> {
  const journal = (await runStub(runId).journal("demo"))!;
  return journal.filter((s) => s.kind === "tool").map((s) => s.outputSummary ?? "");
}

export async function ledger(requestId: string, tenantId = "demo") {
  const refunds = await env.DB.prepare("SELECT order_id AS orderId, lines, amount_cents AS amountCents FROM refunds_issued WHERE tenant_id = ? AND request_id = ?").bind(tenantId, requestId).all<{ orderId: string; lines: string; amountCents: number }>();
  const labels = await env.DB.prepare("SELECT order_id AS orderId FROM refund_return_labels WHERE tenant_id = ? AND request_id = ?").bind(tenantId, requestId).all();
  const replies = await env.DB.prepare("SELECT seq, text FROM refund_replies WHERE tenant_id = ? AND request_id = ? ORDER BY seq").bind(tenantId, requestId).all<{ seq: number; text: string }>();
  return { refunds: refunds.results.map((r) => ({ ...r, lines: JSON.parse(r.lines) })), labels: labels.results.length, replies: replies.results };
}

/** The outcome the run's tool results determine (read from the object's journal), beside the model's. */
export async function factsOutcome(runId: string, input: RefundRequest) {
  let results: Record<string, unknown> = {};
  await instrument(runId, (obj) => { results = obj.store.completedOutputs(); });
  return outcomeFromFacts({ input, results, review: null, options: {} });
}
