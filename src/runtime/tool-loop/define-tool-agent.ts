/**
 * `defineToolAgent`: a tool-calling agent as a definition. The runtime runs
 * the loop (build messages, call the model, validate, run tools, append
 * results, repeat until a final answer) as a journal-derived plan: after each
 * completed step the plan is re-read from the outputs so far, so the engine's
 * resume rules (a completed step never re-runs, model calls replay by key,
 * side-effect intents reconcile by key) cover every turn and every call.
 */
import { requestReview, type AgentDefinition, type StepDefinition } from "../agent-definition";
import { NonRetryableError } from "../errors";
import type { ReviewDecisionRequest } from "../../escalation/messages";
import type { ActionFacts } from "../../guardrails/action-policy";
import { runAfterReview, runCall, summarizeCall } from "./call";
import { callStepNames, isPausedCall, readResults, REVIEW_SUFFIX, turnName, type PausedCall } from "./journal";
import { runTurn, summarizeTurn } from "./turn";
import { DEFAULT_LOOP, type LoopSettings, type PendingCall, type ToolAgentSpec, type TurnOutput } from "./types";

export const FINAL_STEP = "final";
export const ESCALATE_STEP = "escalate";
/** A final answer that asks for a person waits here. */
export const FINAL_REVIEW_STEP = "final:review";

function plan<Input>(spec: ToolAgentSpec<Input, unknown>, loop: LoopSettings, input: Input, results: Readonly<Record<string, unknown>>): StepDefinition<Input>[] {
  const s = spec as ToolAgentSpec<unknown, unknown>;
  const steps: StepDefinition<unknown>[] = [];
  for (let n = 0; ; n++) {
    const name = turnName(n);
    steps.push({ name, kind: "model", describeInput: () => `turn ${n + 1} of at most ${spec.maxTurns}`, summarize: summarizeTurn, run: (ctx) => runTurn(s, loop, n, ctx) });
    const turn = results[name] as TurnOutput | undefined;
    if (!turn) break;
    if (turn.kind === "final") {
      const final = spec.settle ? spec.settle(turn.final, { input, results }) : turn.final;
      const review = s.finalReview?.(final);
      if (review) {
        // The answer asks for a person: the run waits with it as its proposal; their decision is the outcome.
        steps.push({
          name: FINAL_REVIEW_STEP,
          kind: "guard",
          summarize: () => `waits for a person (${review.reasons.join(", ")})`,
          run: () => requestReview(review.reasons.length > 0 ? review.reasons : ["REVIEW_REQUESTED"], { priority: review.priority ?? 2, proposal: final }),
        });
        if (results[FINAL_REVIEW_STEP] !== undefined) {
          steps.push({ name: FINAL_STEP, kind: "decision", summarize: () => "a person's decision", run: (ctx) => ({ humanDecision: ctx.review, agentProposal: final }) });
        }
        break;
      }
      steps.push({ name: FINAL_STEP, kind: "decision", summarize: () => "final answer", run: () => final });
      break;
    }
    if (turn.kind === "finish_invalid") {
      const before = n > 0 ? (results[turnName(n - 1)] as TurnOutput) : undefined;
      if (before?.kind === "finish_invalid") {
        // The repair turn failed too: a person decides with what the run has.
        steps.push({
          name: ESCALATE_STEP,
          kind: "guard",
          run: () => requestReview(["FINISH_INVALID"], { priority: 2, proposal: { kind: "final_answer", problem: turn.problem, lastAnswer: turn.message.content?.slice(0, 2_000) ?? null } }),
        });
        if (results[ESCALATE_STEP] !== undefined) {
          steps.push({ name: FINAL_STEP, kind: "decision", run: (ctx) => ({ humanDecision: ctx.review, agentProposal: null }) });
        }
        break;
      }
    }
    if (n + 1 >= spec.maxTurns) {
      // No turn is left to read what these calls would return: stop before acting on them.
      steps.push({ name: "stop", kind: "guard", run: () => { throw new NonRetryableError("TURN_LIMIT", `The model did not finish within ${spec.maxTurns} turns.`); } });
      break;
    }
    if (turn.kind !== "calls") continue;
    let open = false;
    for (const [i, stepName] of callStepNames(turn).entries()) {
      const call = turn.calls[i]!;
      steps.push({ name: stepName, kind: "tool", summarize: summarizeCall, run: (ctx) => runCall(s, loop, n, i, call, stepName, ctx) });
      let last = stepName;
      // A call a person was asked about continues in its own step, after the decision.
      while (isPausedCall(results[last])) {
        const pending: PendingCall = (results[last] as PausedCall).pending;
        last += REVIEW_SUFFIX;
        steps.push({ name: last, kind: "tool", summarize: summarizeCall, run: (ctx) => runAfterReview(s, pending, stepName, ctx) });
      }
      if (results[last] === undefined) {
        open = true;
        break;
      }
    }
    if (open) break;
  }
  return steps as StepDefinition<Input>[];
}

/** The call a paused run waits on: the latest paused call in the journal. */
function waitingCall(results: Readonly<Record<string, unknown>>): PendingCall | null {
  const paused = Object.values(results).filter(isPausedCall);
  return paused.length > 0 ? paused[paused.length - 1]!.pending : null;
}

/** A reviewer's edit must be valid arguments for the tool and pass the action policy; otherwise nothing runs. */
function validateDecision<Input>(spec: ToolAgentSpec<Input, unknown>, decision: ReviewDecisionRequest, facts: ActionFacts<Input>): string | null {
  const pending = waitingCall(facts.results);
  if (decision.arguments !== undefined && decision.decision !== "amend") return "Arguments are only sent with an amend (edit) decision.";
  if (decision.decision !== "amend") return null;
  if (!pending || pending.why === "outcome_unknown") return "Only a proposed tool call can be edited; approve or reject this item.";
  if (decision.arguments === undefined) return "An edit sends the call's new arguments.";
  const tool = spec.tools.find((t) => t.name === pending.tool);
  if (!tool) return `The tool ${pending.tool} is no longer offered.`;
  const parsed = tool.input.safeParse(decision.arguments);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
    return `The edited arguments do not match ${tool.name}'s schema (${issues.join("; ")}).`;
  }
  const verdict = spec.actionPolicy?.({ tool: tool.name, args: parsed.data }, facts);
  if (verdict && !verdict.allow) return `The edited call is not allowed: ${verdict.reason} (${verdict.code}).`;
  return null;
}

export function defineToolAgent<Input, Final>(spec: ToolAgentSpec<Input, Final>): AgentDefinition<Input> & { toolAgent: ToolAgentSpec<Input, Final> } {
  if (spec.models.length === 0) throw new Error(`tool agent ${spec.name}: models needs at least one tier`);
  if (!(spec.maxTurns >= 1)) throw new Error(`tool agent ${spec.name}: maxTurns must be at least 1`);
  const loop: LoopSettings = { ...DEFAULT_LOOP, ...spec.loop };
  const { instructions: _i, prompt: _p, tools: _t, models, maxTurns: _m, finish: _f, loop: _l, finalReview: _r, settle: _s, ...common } = spec;
  return {
    ...common,
    toolAgent: spec,
    journalPlan: true,
    models: { turn: models },
    plan: (input, results) => plan(spec as ToolAgentSpec<Input, unknown>, loop, input, results),
    validateDecision: (decision, facts) => validateDecision(spec as ToolAgentSpec<Input, unknown>, decision, facts),
    replayReads: (results) => readResults(spec.tools, results),
  };
}

export type { ToolAgentSpec, LoopTool } from "./types";
