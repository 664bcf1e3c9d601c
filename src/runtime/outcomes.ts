/**
 * One comparison of an agent's proposal with a person's (or another model's)
 * final decision, used alike by review agreement, breaker judgments and
 * promotion evidence. An agent that knows its outcome's shape declares
 * `compareOutcomes`; without it, the runtime compares in neutral terms: the
 * `decision` field where both have one, else the whole value.
 */
import type { AgentDefinition, OutcomeComparison } from "./agent-definition";
import { canonicalJson } from "./ids";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The `decision` field of an outcome, when it has one. */
export const decisionOf = (outcome: unknown): string | null =>
  isRecord(outcome) && typeof outcome.decision === "string" ? outcome.decision : null;

/** The runtime's comparison for an agent that declares none (kept as it always was for such agents). */
export function defaultComparison(proposal: unknown, final: unknown): OutcomeComparison {
  const proposed = decisionOf(proposal);
  const decided = decisionOf(final);
  const decisionAgrees = proposed === decided;
  const agrees =
    proposed === null && decided === null
      ? canonicalJson(proposal ?? null) === canonicalJson(final ?? null)
      : decisionAgrees && canonicalJson(isRecord(proposal) ? (proposal.codes ?? null) : null) === canonicalJson(isRecord(final) ? (final.codes ?? null) : null);
  return {
    comparable: proposal !== null && proposal !== undefined && final !== null && final !== undefined,
    proposed,
    decided,
    decisionAgrees,
    agrees,
    // The costly direction in the runtime's own review words: acted on what a person refused.
    costly: proposed === "approve" && decided === "reject",
  };
}

export function compareOutcomes(agent: Pick<AgentDefinition<unknown>, "compareOutcomes">, proposal: unknown, final: unknown): OutcomeComparison {
  return agent.compareOutcomes ? agent.compareOutcomes(proposal, final) : defaultComparison(proposal, final);
}
