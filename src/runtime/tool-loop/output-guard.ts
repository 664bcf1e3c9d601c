/**
 * Async output guards on tool-loop tools: a check that may ask a model (e.g.
 * a reply's tone) after the action policy and before the call runs. Its model
 * calls go through the step's journaled, budgeted `ctx.callModel`, so a resumed
 * run replays them instead of paying again. The first refusal of a tool is
 * shown to the model (it rewrites); a second refusal of the same tool in the
 * run pauses for a person (OUTPUT_GUARD plus the problem codes).
 */
import { resolveTiers } from "../../models/tiers";
import type { StepContext } from "../agent-definition";
import type { CallOutput, GuardProblem, LoopTool } from "./types";

export const OUTPUT_GUARD = "OUTPUT_GUARD";

export type GuardVerdict = { ok: true } | { ok: false; problems: GuardProblem[]; refusedBefore: number };

/** Earlier results of this tool the guard refused (a refusal the model was shown, by its codes' source). */
function refusalsBefore(results: Readonly<Record<string, unknown>>, tool: string): number {
  return Object.values(results).filter((o) => {
    const out = o as CallOutput | null;
    return out?.tool === tool && out.status === "refused" && out.guard === true;
  }).length;
}

export async function runOutputGuard(tool: LoopTool, args: unknown, ctx: StepContext<unknown>): Promise<GuardVerdict> {
  if (!tool.outputGuard || ctx.options.dryRun) return { ok: true }; // a dry run never acts, so there is nothing to guard
  const facts = { input: ctx.input, results: ctx.results, review: ctx.review, options: ctx.options };
  const problems = await tool.outputGuard(args, facts, {
    callModel: (request) => ctx.callModel(request, { metadata: { runId: ctx.runId, guard: tool.name } }),
    tiers: (task, defaults) => resolveTiers({ env: ctx.env, agent: ctx.agent, task, tenantOverride: ctx.options.modelTiers, defaults }),
  });
  return problems.length === 0 ? { ok: true } : { ok: false, problems, refusedBefore: refusalsBefore(ctx.results, tool.name) };
}

/** What the model is shown for a guarded call it must rewrite. */
export function guardRefusal(callId: string, tool: string, problems: GuardProblem[]): CallOutput {
  return { callId, tool, status: "refused", guard: true, error: { code: problems[0]!.code, message: problems.map((p) => `${p.message} (${p.code})`).join(" "), retryable: false } };
}
