/**
 * Per-agent metrics of one tenant in the Prometheus text exposition format
 * 0.0.4 (what `GET /v1/metrics/prometheus` and `GET /v1/metrics` with
 * `Accept: text/plain` answer). The figures are the JSON `/v1/metrics` ones
 * (`agentMetrics`), plus what a scraper needs besides: the breaker state as a
 * gauge per state, review codes, and a working-time histogram (wall time minus
 * the wait for a person, so a slow reviewer never reads as a slow agent).
 *
 * Every series an agent can have is written even at zero (a counter that
 * appears late breaks `rate()`); label values are escaped as the format says.
 */
import { listAgents } from "../agents/registry";
import { guardClient } from "../guardrails/guard-client";
import { BREAKER_STATES, type BreakerState } from "../guardrails/circuit-breaker";
import { agentMetrics, latencyHistogram, reviewCodes, taskModelCallsByModel, type LatencyHistogram } from "../guardrails/metrics";
import { limitsOf } from "../runtime/agent-definition";
import { RUN_STATUSES } from "../runtime/run-store";

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
const PREFIX = "agent_runtime_";

type Labels = Record<string, string>;
export interface Sample {
  /** Appended to the family name: `_bucket`, `_sum`, `_count` of a histogram. */
  suffix?: string;
  labels: Labels;
  value: number;
}
export interface MetricFamily {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  samples: Sample[];
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
const formatValue = (v: number) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "+Inf" : v === -Infinity ? "-Inf" : String(v));

/** The families as exposition text: `# HELP`, `# TYPE`, then one line per sample; ends with a newline. */
export function renderExposition(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");
      lines.push(`${f.name}${s.suffix ?? ""}${labels ? `{${labels}}` : ""} ${formatValue(s.value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** What one agent contributes. */
export interface AgentSnapshot {
  agent: string;
  metrics: Awaited<ReturnType<typeof agentMetrics>>;
  breaker: BreakerState;
  latency: LatencyHistogram;
  reviewCodes: Record<string, number>;
  /** By model id (`unknown`: runs still working or recorded before per-model counts). */
  modelCalls: Record<string, number>;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const COST_KINDS = {
  task_runs: "taskRunsMicroUsd",
  online_evaluation: "onlineEvaluationMicroUsd",
  scheduled_evaluation: "scheduledEvaluationMicroUsd",
  manual_evaluation: "manualEvaluationMicroUsd",
} as const;

export function agentFamilies(snapshots: AgentSnapshot[]): MetricFamily[] {
  const family = (name: string, type: MetricFamily["type"], help: string, samples: (s: AgentSnapshot) => Sample[]): MetricFamily => ({
    name: `${PREFIX}${name}`,
    type,
    help,
    samples: snapshots.flatMap(samples),
  });
  const byLabel = (agent: string, label: string, counts: Record<string, number>, always: readonly string[] = []) =>
    [...new Set([...always, ...Object.keys(counts)])].sort().map((v) => ({ labels: { agent, [label]: v }, value: counts[v] ?? 0 }));
  return [
    family("runs_total", "counter", "Task runs by status (evaluation runs excluded).", (s) => byLabel(s.agent, "status", s.metrics.runs.byStatus, RUN_STATUSES)),
    family("stops_total", "counter", "Task runs by stop reason.", (s) => byLabel(s.agent, "reason", s.metrics.stopsByReason)),
    family("refusals_total", "counter", "Tasks refused before a run existed (rate, concurrency, scope, breaker admission).", (s) => [
      { labels: { agent: s.agent }, value: sum(s.metrics.refusals) },
    ]),
    family("escalations_total", "counter", "Review items created for a person, in any status.", (s) => [{ labels: { agent: s.agent }, value: sum(s.metrics.escalations) }]),
    family("guard_blocks_total", "counter", "Pauses for a person by code: guard blocks (stage gates, breaker, flags, action policy) and the agent's own review codes.", (s) =>
      byLabel(s.agent, "code", s.reviewCodes),
    ),
    family("breaker_state", "gauge", "Circuit breaker state: 1 for the current state, 0 for the others.", (s) =>
      BREAKER_STATES.map((state) => ({ labels: { agent: s.agent, state }, value: state === s.breaker ? 1 : 0 })),
    ),
    family("cost_micro_usd_total", "counter", "Model spend in micro-USD by who asked.", (s) =>
      Object.entries(COST_KINDS).map(([kind, key]) => ({ labels: { agent: s.agent, kind }, value: s.metrics.cost[key] })),
    ),
    family("model_calls_total", "counter", "Model calls of task runs by model (each tier of a cascade is its own model id).", (s) => byLabel(s.agent, "model", s.modelCalls)),
    family("run_latency_ms", "histogram", "Working time of completed task runs in ms (wall time minus the wait for a person).", (s) => [
      ...s.latency.buckets.map((b) => ({ suffix: "_bucket", labels: { agent: s.agent, le: String(b.le) }, value: b.count })),
      { suffix: "_bucket", labels: { agent: s.agent, le: "+Inf" }, value: s.latency.count },
      { suffix: "_sum", labels: { agent: s.agent }, value: s.latency.sumMs },
      { suffix: "_count", labels: { agent: s.agent }, value: s.latency.count },
    ]),
  ];
}

/** Reads every registered agent's figures for the tenant (D1, and each agent's guard object for the breaker). */
export async function tenantSnapshots(env: Pick<Env, "DB" | "GUARDS">, tenantId: string, now: number): Promise<AgentSnapshot[]> {
  return Promise.all(
    listAgents().map(async (agent) => {
      const [metrics, status, latency, codes, modelCalls] = await Promise.all([
        agentMetrics(env.DB, tenantId, agent.name, limitsOf(agent).latencyBudgetMs),
        guardClient(env, tenantId, agent.name).status(now),
        latencyHistogram(env.DB, tenantId, agent.name),
        reviewCodes(env.DB, tenantId, agent.name),
        taskModelCallsByModel(env.DB, tenantId, agent.name),
      ]);
      return { agent: agent.name, metrics, breaker: status.breaker.state, latency, reviewCodes: codes, modelCalls };
    }),
  );
}

export async function prometheusText(env: Pick<Env, "DB" | "GUARDS">, tenantId: string, now: number): Promise<string> {
  return renderExposition(agentFamilies(await tenantSnapshots(env, tenantId, now)));
}
