/**
 * One model turn, cascaded: the cheapest tier answers first; an answer that
 * cannot be used (no tool call and no final answer matching `finish`, invalid
 * arguments again after the model was already told about invalid ones, a final
 * answer less confident than the threshold, or tool calls the model itself
 * reports less confidence in than the threshold) goes to the next tier. Every
 * attempt is a journaled model call (model, tokens, cost), replayed on resume.
 * A run that went up a tier stays there for its later turns.
 * The last tier's answer is kept whatever it is: invalid calls are answered
 * with structured errors, an unusable final answer gets one repair turn.
 */
import type { ChatResponse, ToolCall } from "../../models/types";
import { resolveTiers } from "../../models/tiers";
import { parseToolCall, toolSpecs } from "../../tools/tool-spec";
import type { StepContext } from "../agent-definition";
import { callOutcome, callStepNames, conversation, turnName } from "./journal";
import type { LoopSettings, ToolAgentSpec, TurnAttempt, TurnOutput } from "./types";

type Verdict = { ok: true; out: Omit<TurnOutput, "turn" | "model" | "attempts"> } | { ok: false; reason: string; fallback: Omit<TurnOutput, "turn" | "model" | "attempts"> };

/** Models often wrap JSON in a Markdown fence; accept that, nothing looser. */
function jsonOf(content: string): unknown {
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(content.trim());
  return JSON.parse(fenced?.[1] ?? content);
}

function judge(response: ChatResponse, spec: ToolAgentSpec<unknown, unknown>, loop: LoopSettings, repairGiven: boolean): Verdict {
  const msg = response.choices[0]!.message;
  const calls: ToolCall[] = msg.tool_calls ?? [];
  if (calls.length > 0) {
    const message = { role: "assistant" as const, content: msg.content, tool_calls: calls };
    const invalid = calls.map((c) => parseToolCall(c, spec.tools)).filter((p) => !p.ok);
    const out = { kind: "calls" as const, message, calls };
    if (invalid.length > 0 && repairGiven) return { ok: false, reason: `args_invalid_after_repair: ${invalid.map((p) => (p.ok ? "" : p.code)).join(", ")}`, fallback: out };
    // A model that says how sure it is of its next step (the embedded ones do) lets a cheap tier hand over the turns it is unsure of.
    const sure = response.choices[0]!.confidence;
    if (loop.confidenceThreshold !== undefined && sure !== undefined && sure < loop.confidenceThreshold) {
      return { ok: false, reason: `low_confidence ${sure} < ${loop.confidenceThreshold}`, fallback: out };
    }
    return { ok: true, out };
  }
  const content = msg.content ?? "";
  const message = { role: "assistant" as const, content };
  const unusable = (problem: string): Verdict => ({ ok: false, reason: problem, fallback: { kind: "finish_invalid", message, calls: [], problem } });
  if (content.trim() === "") return unusable(msg.refusal ? "refused to answer" : "no tool call and no final answer");
  let json: unknown;
  try {
    json = jsonOf(content);
  } catch {
    return unusable("the final answer is not JSON");
  }
  const parsed = spec.finish.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
    return unusable(`the final answer does not match the schema (${issues.join("; ")})`);
  }
  const final = parsed.data;
  // In the answer itself (when its schema keeps the field), else as the response reports it.
  const stated = final && typeof final === "object" ? (final as { confidence?: unknown }).confidence : undefined;
  const confidence = typeof stated === "number" ? stated : response.choices[0]!.confidence;
  if (loop.confidenceThreshold !== undefined && typeof confidence === "number" && confidence < loop.confidenceThreshold) {
    return { ok: false, reason: `low_confidence ${confidence} < ${loop.confidenceThreshold}`, fallback: { kind: "final", message, calls: [], final, lowConfidence: true } };
  }
  return { ok: true, out: { kind: "final", message, calls: [], final } };
}

export async function runTurn(spec: ToolAgentSpec<unknown, unknown>, loop: LoopSettings, n: number, ctx: StepContext<unknown>): Promise<TurnOutput> {
  const messages = conversation(spec, ctx.input, ctx.results, n);
  const tiers = resolveTiers({ env: ctx.env, agent: ctx.agent, task: "turn", tenantOverride: ctx.options.modelTiers, defaults: spec.models });
  // The model was already told about invalid calls last turn: failing again is a reason to ask a stronger tier.
  const previous = n > 0 ? (ctx.results[turnName(n - 1)] as TurnOutput | undefined) : undefined;
  const repairGiven = previous?.kind === "calls" && callStepNames(previous).some((name) => callOutcome(ctx.results, name)?.status === "invalid");
  const tools = toolSpecs(spec.tools);
  const attempts: TurnAttempt[] = [];
  // Once a turn went up a tier, the run stays there: the rest of the conversation rests on that tier's reading
  // (a cheaper tier would re-read the message, and could contradict what was already done), and it costs less.
  const from = Math.max(0, previous ? tiers.indexOf(previous.model) : 0);
  for (const [i, model] of tiers.entries()) {
    if (i < from) continue;
    const { response } = await ctx.callModel(
      { model, messages, tools, tool_choice: "auto", parallel_tool_calls: loop.parallelToolCalls, max_tokens: loop.maxTokens },
      { metadata: { runId: ctx.runId, turn: n } },
    );
    const verdict = judge(response, spec, loop, repairGiven);
    const last = i === tiers.length - 1;
    attempts.push({ model, outcome: verdict.ok || last ? "accepted" : "escalated", reason: verdict.ok ? null : verdict.reason });
    if (verdict.ok) return { turn: n, model, attempts, ...verdict.out };
    if (last) {
      if (verdict.fallback.lowConfidence) ctx.flagForReview("LOW_CONFIDENCE");
      return { turn: n, model, attempts, ...verdict.fallback };
    }
  }
  throw new Error("unreachable: a turn has at least one tier");
}

/** A short, secret-free line for the journal: what the turn decided. */
export function summarizeTurn(out: unknown): string {
  const t = out as TurnOutput;
  const tiers = t.attempts.map((a) => (a.outcome === "escalated" ? `${a.model} (escalated: ${a.reason})` : a.model)).join(" -> ");
  if (t.kind === "calls") return `${tiers}: ${t.calls.map((c) => `${c.function.name}#${c.id}`).join(", ")}`;
  if (t.kind === "final") return `${tiers}: final answer${t.lowConfidence ? " (low confidence)" : ""}`;
  return `${tiers}: no usable answer (${t.problem})`;
}
