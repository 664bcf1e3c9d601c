/**
 * The agents this deployment runs. Adding an agent = adding its folder and one
 * line here; the runtime reads agents only through this registry.
 */
import type { AgentDefinition } from "../runtime/agent-definition";
import { registerEmbeddedModels } from "../models/embedded/registry";
import { ApiError } from "../runtime/errors";
import { echoStepsAgent } from "./echo-steps";
import { expenseReportsAgent } from "./expense-reports";
import { refundRequestsAgent } from "./refund-requests";

const AGENTS: AgentDefinition<any>[] = [echoStepsAgent, expenseReportsAgent, refundRequestsAgent];

/**
 * Earlier versions still serving runs that started on them (a paused or
 * retrying run resumes on its own version's definition). When a release
 * changes an agent's plan or tools, move the old definition here (imported
 * from its file at the old version) until no run uses it; a run whose version
 * is gone stops with AGENT_VERSION_CHANGED and goes to a person.
 */
const EARLIER_VERSIONS: AgentDefinition<any>[] = [];

const byName = new Map<string, AgentDefinition<unknown>>();
const byVersion = new Map<string, AgentDefinition<unknown>>();
const versionKey = (name: string, version: string) => `${name}@${version}`;

/** Adds an agent definition at run time (tests and drills register variants this way); it becomes the current version. */
export function registerAgent(agent: AgentDefinition<any>): void {
  registerEmbeddedModels(agent.embeddedModels);
  byName.set(agent.name, agent as AgentDefinition<unknown>);
  byVersion.set(versionKey(agent.name, agent.version), agent as AgentDefinition<unknown>);
}

/** Keeps a version that is not current registered, for the runs that use it. */
export function registerEarlierVersion(agent: AgentDefinition<any>): void {
  registerEmbeddedModels(agent.embeddedModels);
  byVersion.set(versionKey(agent.name, agent.version), agent as AgentDefinition<unknown>);
}

/** Drops a version (tests; and what a release does once no run uses it). */
export function retireAgentVersion(name: string, version: string): void {
  byVersion.delete(versionKey(name, version));
}

/** The definition of exactly this version, or undefined when it is no longer registered. */
export function agentAtVersion(name: string, version: string): AgentDefinition<unknown> | undefined {
  return byVersion.get(versionKey(name, version));
}

for (const agent of EARLIER_VERSIONS) registerEarlierVersion(agent);
for (const agent of AGENTS) registerAgent(agent);

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
