/**
 * The agents this deployment runs. Adding an agent = adding its folder and one
 * line here; the runtime reads agents only through this registry.
 */
import type { AgentDefinition } from "../runtime/agent-definition";
import { ApiError } from "../runtime/errors";
import { echoStepsAgent } from "./echo-steps";
import { expenseReportsAgent } from "./expense-reports";

const AGENTS: AgentDefinition<any>[] = [echoStepsAgent, expenseReportsAgent];

const byName = new Map(AGENTS.map((a) => [a.name, a as AgentDefinition<unknown>]));

/** Adds an agent definition at run time (tests and drills register variants this way). */
export function registerAgent(agent: AgentDefinition<any>): void {
  byName.set(agent.name, agent as AgentDefinition<unknown>);
}

export function listAgents(): AgentDefinition<unknown>[] {
  return [...byName.values()];
}

export function findAgent(name: string): AgentDefinition<unknown> | undefined {
  return byName.get(name);
}

export function agentByName(name: string): AgentDefinition<unknown> {
  const agent = byName.get(name);
  if (!agent) throw new ApiError(404, "AGENT_NOT_FOUND", `There is no agent named "${name}".`);
  return agent;
}
