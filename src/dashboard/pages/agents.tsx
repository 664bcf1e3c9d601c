import type { FC } from "hono/jsx";
import { BarChart, LineChart, type Series } from "../charts";
import { Badge, Layout, type LayoutProps } from "../components";
import type { DayUsage } from "../data";
import { dateTime, duration, microUsd, percent } from "../format";

export interface AgentPanel {
  name: string;
  version: string;
  description: string;
  stage: string;
  models: Record<string, string[]>;
  limits: Record<string, number>;
  days: string[];
  usage: DayUsage[];
  openReviews: number;
  /** From the agent's guard object; null when it could not be read. */
  guard: { breaker: { state: string; since: number; evidence: { quality: { judged: number; rate: number | null }; health: { judged: number; errorRate: number | null }; reason: string } | null }; budget: { spent: number; reserved: number }; activeRuns: number } | null;
  evals: { id: string; mode: string; agentVersion: string; cases: number; exactAccuracyBp: number | null; decisionAccuracyBp: number | null; createdAt: number }[];
}

const LIMIT_LABELS: Record<string, string> = {
  timeLimitMs: "Time limit per run",
  maxSteps: "Steps per run",
  maxToolCalls: "Tool calls per run",
  maxModelCalls: "Model calls per run",
  maxCostMicroUsdPerRun: "Model spend per run",
  maxCostMicroUsdPerDay: "Model spend per day",
  requestsPerSecond: "New runs per second",
  maxConcurrentRuns: "Runs in flight",
  latencyBudgetMs: "Latency budget (p95)",
};

function limitValue(key: string, value: number): string {
  if (/MicroUsd/.test(key)) return microUsd(value);
  if (/Ms$/.test(key)) return duration(value);
  return value.toLocaleString("en-US");
}

const STAGE_TEXT: Record<string, string> = {
  shadow: "proposes only; a person decides every task",
  limited: "decides a share of tasks alone; the rest go to a person",
  supervised: "decides alone; flagged tasks and a sample go to a person",
  full: "decides alone; a sample is audited",
};

const BREAKER_TEXT: Record<string, string> = {
  closed: "the agent works normally",
  open: "the agent disagreed with reviewers or failed too often: every task goes to a person",
  half_open: "recovering: a few tasks are let through as probes",
};

const Breaker: FC<{ a: AgentPanel }> = ({ a }) => {
  if (!a.guard) {
    return (
      <p>
        Circuit breaker <Badge tone="neutral">unknown</Badge> <span class="small muted">its state could not be read.</span>
      </p>
    );
  }
  const b = a.guard.breaker;
  const e = b.evidence;
  return (
    <>
      <p>
        Circuit breaker <Badge tone={b.state === "closed" ? "ok" : b.state === "open" ? "bad" : "warn"}>{b.state.replace(/_/g, " ")}</Badge>{" "}
        <span class="small muted">
          {BREAKER_TEXT[b.state] ?? ""}
          {b.since ? `, since ${dateTime(b.since)}` : ""}
        </span>
      </p>
      {e && (
        <p class="small muted">
          Agreement with reviewers {percent(e.quality.rate)} of {e.quality.judged} judged · errors {percent(e.health.errorRate)} of {e.health.judged}
          {e.reason ? ` · ${e.reason}` : ""}
        </p>
      )}
      <p class="small">
        Today: {microUsd(a.guard.budget.spent)} spent of {microUsd(a.limits.maxCostMicroUsdPerDay ?? 0)} · {a.guard.activeRuns} run(s) in flight
      </p>
    </>
  );
};

const Panel: FC<{ a: AgentPanel; operator: boolean }> = ({ a, operator }) => {
  const byDay = new Map(a.usage.map((u) => [u.day, u]));
  const runs = a.usage.reduce((s, u) => s + u.runs, 0);
  const cost = a.usage.reduce((s, u) => s + u.costMicroUsd, 0);
  const failed = a.usage.reduce((s, u) => s + u.failed, 0);
  const labels = a.days.map((d) => d.slice(5));
  const modes = [...new Set(a.evals.map((e) => e.mode))].slice(0, 3);
  const series: Series[] = modes.map((mode) => ({
    name: `${mode} (exact accuracy)`,
    points: a.evals
      .filter((e) => e.mode === mode && e.exactAccuracyBp !== null)
      .map((e) => ({ x: e.createdAt, y: e.exactAccuracyBp! / 100, label: `${new Date(e.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC, ${e.cases} cases, v${e.agentVersion}` })),
  }));
  const latestByMode = modes.map((mode) => [...a.evals].reverse().find((e) => e.mode === mode)!);
  return (
    <section class="card" aria-labelledby={`agent-${a.name}`}>
      <h2 id={`agent-${a.name}`}>
        {a.name} <span class="muted small">v{a.version}</span>
      </h2>
      <p>{a.description}</p>
      <div class="grid">
        <div>
          <h3>Deployment</h3>
          <p>
            Stage <Badge tone="stage">{a.stage}</Badge> <span class="small muted">{STAGE_TEXT[a.stage] ?? ""}</span>
          </p>
          <Breaker a={a} />
          <p>{a.openReviews} item(s) waiting for review.</p>
          <div class="actions">
            <button type="button" disabled title={operator ? "Coming to the dashboard" : "Operators only"}>
              Change stage (coming)
            </button>
            <button type="button" disabled title={operator ? "Coming to the dashboard" : "Operators only"}>
              Reset breaker (coming)
            </button>
          </div>
          <p class="small muted">
            {operator
              ? `Until these buttons work, use the operator API: POST /v1/agents/${a.name}/stage or /breaker.`
              : "Stage changes and breaker resets are for operators."}
          </p>
        </div>
        <div>
          <h3>Limits</h3>
          <dl class="kv small">
            {Object.entries(a.limits).map(([k, v]) => (
              <>
                <dt>{LIMIT_LABELS[k] ?? k}</dt>
                <dd>{limitValue(k, v)}</dd>
              </>
            ))}
          </dl>
        </div>
        <div>
          <h3>Models</h3>
          {Object.keys(a.models).length === 0 ? (
            <p class="muted">No model steps.</p>
          ) : (
            <dl class="kv small">
              {Object.entries(a.models).map(([step, tiers]) => (
                <>
                  <dt>{step}</dt>
                  <dd>
                    {tiers.map((m, i) => (
                      <div>
                        tier {i + 1}: <span class="mono">{m}</span>
                      </div>
                    ))}
                  </dd>
                </>
              ))}
            </dl>
          )}
        </div>
      </div>

      <h3>Usage, last {a.days.length} days</h3>
      <div class="summary">
        <span>
          <span class="big">{runs.toLocaleString("en-US")}</span> run{runs === 1 ? "" : "s"}
        </span>
        <span>
          <span class="big">{microUsd(cost)}</span> model cost
        </span>
        <span>{runs > 0 ? `${microUsd(Math.round(cost / runs))} per run` : ""}</span>
        {failed > 0 && <Badge tone="bad">{failed} failed</Badge>}
      </div>
      {runs === 0 ? (
        <p class="muted">No runs in the last {a.days.length} days.</p>
      ) : (
      <div class="grid">
        <div>
          <p class="small muted">Model cost per day (UTC)</p>
          <BarChart title={`${a.name}: model cost per day`} labels={labels} values={a.days.map((d) => byDay.get(d)?.costMicroUsd ?? 0)} format={microUsd} />
        </div>
        <div>
          <p class="small muted">Runs per day (UTC)</p>
          <BarChart title={`${a.name}: runs per day`} labels={labels} values={a.days.map((d) => byDay.get(d)?.runs ?? 0)} format={(v) => String(Math.round(v))} integer />
        </div>
      </div>
      )}

      <h3>Evaluation scores over time</h3>
      {a.evals.length === 0 ? (
        <p class="muted">No finished evaluation pass yet (POST /v1/agents/{a.name}/evaluations, operator).</p>
      ) : (
        <>
          <p class="small">
            Latest exact accuracy:{" "}
            {latestByMode.map((e, i) => (
              <>
                {i > 0 && " · "}
                {e.mode} <strong>{e.exactAccuracyBp !== null ? percent(e.exactAccuracyBp / 10_000) : "—"}</strong>
                <span class="muted">
                  {" "}
                  ({e.decisionAccuracyBp !== null ? `${percent(e.decisionAccuracyBp / 10_000)} decisions, ` : ""}
                  {e.cases} cases, v{e.agentVersion})
                </span>
              </>
            ))}
          </p>
          <LineChart title={`${a.name}: exact accuracy of evaluation passes`} series={series} max={100} unit="%" />
        </>
      )}
    </section>
  );
};

export const AgentsPage: FC<{ user: NonNullable<LayoutProps["user"]>; agents: AgentPanel[] }> = ({ user, agents }) => (
  <Layout title="Agents" section="agents" user={user}>
    <h1>Agents</h1>
    <p class="muted">Stage, limits, usage and evaluation scores of each agent for this tenant.</p>
    {agents.map((a) => (
      <Panel a={a} operator={user.role === "operator"} />
    ))}
  </Layout>
);
