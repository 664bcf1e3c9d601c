import type { FC, PropsWithChildren } from "hono/jsx";
import type { StageEvidence } from "../../deployment/promotion";
import type { Stage } from "../../deployment/stages";
import type { GuardStatus } from "../../guardrails/guard-client";
import type { DeploymentPolicy } from "../../runtime/agent-definition";
import { BarChart, LineChart, type Series } from "../charts";
import { Badge, Layout, Untrusted, type LayoutProps } from "../components";
import type { AgentLatency, DayUsage } from "../data";
import { dateTime, duration, microUsd, percent } from "../format";

export interface HistoryRow {
  id: string;
  from: string;
  to: string;
  actor: string;
  reason: string;
  at: number;
}

/** A message about one agent's operator forms (after a change, or why it was refused). */
export interface AgentNotice {
  about: "stage" | "breaker";
  tone: "ok" | "danger" | "warn" | "info";
  title: string;
  message: string;
  /** What is missing for a promotion (INSUFFICIENT_EVIDENCE). */
  missing?: string[] | undefined;
}

export interface AgentPanel {
  name: string;
  version: string;
  description: string;
  stage: Stage;
  /** One stage up / down, or null at the top / bottom. */
  next: Stage | null;
  previous: Stage | null;
  /** Evidence gathered in the current stage, the thresholds a promotion needs, and what is missing (empty at the top). */
  evidence: StageEvidence;
  promotion: DeploymentPolicy["promotion"];
  missing: string[];
  stageChanges: HistoryRow[];
  breakerTransitions: HistoryRow[];
  models: Record<string, string[]>;
  limits: Record<string, number>;
  days: string[];
  usage: DayUsage[];
  openReviews: number;
  /** Open items past their agent's review deadline (src/escalation/sla.ts). */
  overdueReviews: number;
  /** From the agent's guard object; null when it could not be read. */
  guard: GuardStatus | null;
  /** The agent's working time over recent completed runs, and the wait for a person (kept apart). */
  latency: AgentLatency;
  evals: { id: string; mode: string; agentVersion: string; cases: number; exactAccuracyBp: number | null; decisionAccuracyBp: number | null; createdAt: number }[];
  notice?: AgentNotice | undefined;
  /** What the operator typed, shown again after a refusal. */
  form?: { stageReason?: string | undefined; breakerReason?: string | undefined } | undefined;
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
  open: "every task goes to a person (opened on evidence of disagreement or errors, or held by an operator)",
  half_open: "recovering: a few tasks are let through as probes",
};

const REASON_MAX = 500;
const OPERATORS_ONLY = "Only an operator can do this: ask an operator to sign in with an operator token.";
const stageName = (s: string) => s.replace(/_/g, " ");
const breakerTone = (state: string) => (state === "closed" ? "ok" : state === "open" ? "bad" : "warn");

/** The breaker's state and the evidence of its last transition (from the guard object). */
const BreakerState: FC<{ a: AgentPanel }> = ({ a }) => {
  if (!a.guard) {
    return (
      <p>
        Circuit breaker <Badge tone="neutral">unknown</Badge> <span class="small muted">its state could not be read.</span>
      </p>
    );
  }
  const b = a.guard.breaker;
  return (
    <p>
      Circuit breaker <Badge tone={breakerTone(b.state)}>{stageName(b.state)}</Badge>{" "}
      <span class="small muted">
        {BREAKER_TEXT[b.state] ?? ""}
        {b.since ? `, since ${dateTime(b.since)}` : ""}
      </span>
    </p>
  );
};

/** Latency is the agent's working time; a person's wait is shown apart. Over budget is an alert, never a demotion. */
const Latency: FC<{ l: AgentLatency }> = ({ l }) => (
  <p class="small">
    Latency (agent working time, last {l.latency.sample} completed): p50 {duration(l.latency.p50Ms)} · p95 {duration(l.latency.p95Ms)} of a{" "}
    {duration(l.latency.budgetMs)} budget
    {l.latency.breaches > 0 ? ` · ${l.latency.breaches} over budget` : ""} {l.latency.alert && <Badge tone="warn">p95 over budget</Badge>}
    {l.reviewWait.sample > 0 && (
      <>
        <br />
        Waiting for a person ({l.reviewWait.sample} run(s)): p50 {duration(l.reviewWait.p50Ms)} · p95 {duration(l.reviewWait.p95Ms)}
      </>
    )}
  </p>
);

const Notice: FC<{ n: AgentNotice }> = ({ n }) => (
  <div class={`alert alert-${n.tone}`} role={n.tone === "danger" ? "alert" : "status"}>
    <strong>{n.title}</strong>
    {n.message}
    {n.missing && n.missing.length > 0 && (
      <>
        <div>Missing:</div>
        <ul class="missing">
          {n.missing.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      </>
    )}
  </div>
);

/** Stage changes or breaker transitions, newest first. */
const History: FC<{ rows: HistoryRow[]; empty: string; caption: string; stages?: boolean }> = ({ rows, empty, caption, stages }) =>
  rows.length === 0 ? (
    <p class="small muted">{empty}</p>
  ) : (
    <table class="history small">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>When</th>
          <th>From → to</th>
          <th>Who</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td class="nowrap">{dateTime(r.at)}</td>
            <td class="nowrap">
              {stages ? (
                <>
                  <Badge tone="stage">{r.from}</Badge>→ <Badge tone="stage">{r.to}</Badge>
                </>
              ) : (
                <>
                  <Badge tone={breakerTone(r.from)}>{stageName(r.from)}</Badge>→ <Badge tone={breakerTone(r.to)}>{stageName(r.to)}</Badge>
                </>
              )}
            </td>
            <td>
              <Untrusted text={r.actor} />
            </td>
            <td>
              <Untrusted text={r.reason} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

/** A reason field and the operator's buttons; disabled, with a sentence, for everyone else. */
const OperatorForm: FC<PropsWithChildren<{ a: AgentPanel; kind: "stage" | "breaker"; operator: boolean; csrf: string; reason: string | undefined }>> = ({
  a,
  kind,
  operator,
  csrf,
  reason,
  children,
}) => {
  const id = `${kind}-reason-${a.name}`;
  return (
    <form class="operator-form" method="post" action={`/dashboard/agents/${encodeURIComponent(a.name)}/${kind}`}>
      <input type="hidden" name="csrf" value={csrf} />
      <fieldset disabled={!operator}>
        <legend>{kind === "stage" ? "Change the stage" : "Set the breaker by hand"}</legend>
        <div class="field">
          <label for={id}>Reason (required; recorded with your name)</label>
          <textarea id={id} name="reason" required maxlength={REASON_MAX} class="short">
            {reason ?? ""}
          </textarea>
        </div>
        <div class="actions">{children}</div>
      </fieldset>
      {!operator && <p class="small muted">{OPERATORS_ONLY}</p>}
    </form>
  );
};

const StageSection: FC<{ a: AgentPanel; operator: boolean; csrf: string }> = ({ a, operator, csrf }) => {
  const e = a.evidence;
  const p = a.promotion;
  const pct = (v: number) => `${+(v * 100).toFixed(1)}%`;
  return (
    <>
      <h3 id={`stage-${a.name}`}>Stage: evidence and changes</h3>
      {a.notice?.about === "stage" && <Notice n={a.notice} />}
      <div class="grid">
        <div>
          <table class="small evidence">
            <caption>Evidence in {a.stage} (runs admitted in this stage that a person decided)</caption>
            <thead>
              <tr>
                <th>Evidence</th>
                <th class="num">Now</th>
                {a.next && <th class="num">Needed for {a.next}</th>}
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>Compared decisions</td>
                <td class="num">{e.compared.toLocaleString("en-US")}</td>
                {a.next && <td class="num">≥ {p.minCompared}</td>}
              </tr>
              <tr>
                <td>Decision agreement</td>
                <td class="num">{percent(e.decisionAgreement)}</td>
                {a.next && <td class="num">≥ {pct(p.minAgreement)}</td>}
              </tr>
              <tr>
                <td>Decision and amount agreement</td>
                <td class="num">{percent(e.amountAgreement)}</td>
                {a.next && <td class="num">≥ {pct(p.minAgreement)}</td>}
              </tr>
              <tr>
                <td>Costly disagreements (agent approved, a person rejected)</td>
                <td class="num">{e.costlyDisagreements}</td>
                {a.next && <td class="num">≤ {p.maxCostlyDisagreements}</td>}
              </tr>
              <tr>
                <td>
                  Latest evaluation (cascade, exact accuracy)
                  {e.latestEvaluation && (
                    <div class="muted">
                      {dateTime(e.latestEvaluation.createdAt)} · <span class="mono">{e.latestEvaluation.id}</span>
                    </div>
                  )}
                </td>
                <td class="num">{e.latestEvaluation ? percent(e.latestEvaluation.exactAccuracy) : "none"}</td>
                {a.next && <td class="num">{p.requirePassingEvaluation ? `≥ ${pct(p.minEvaluationAccuracy)}` : "not required"}</td>}
              </tr>
            </tbody>
          </table>
          {a.next === null ? (
            <p class="small">At full autonomy: there is no stage above.</p>
          ) : a.missing.length === 0 ? (
            <p class="small">
              <Badge tone="ok">ready</Badge> The evidence is enough to move to {a.next}.
            </p>
          ) : (
            <div class="small">
              <p>
                <Badge tone="warn">not yet</Badge> Missing for promotion to {a.next}:
              </p>
              <ul class="missing">
                {a.missing.map((m) => (
                  <li>{m}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <div>
          <OperatorForm a={a} kind="stage" operator={operator} csrf={csrf} reason={a.form?.stageReason}>
            {a.next ? (
              <button type="submit" name="to" value={a.next}>
                Promote to {a.next}
              </button>
            ) : (
              <button type="button" disabled>
                Already at the top stage
              </button>
            )}
            {a.previous && (
              <button type="submit" name="to" value={a.previous} class="secondary">
                Demote to {a.previous}
              </button>
            )}
          </OperatorForm>
          <p class="small muted">
            Stages are earned one at a time, on the evidence at the left; a demotion needs only a reason. An open breaker demotes by itself.
          </p>
        </div>
      </div>
      <History rows={a.stageChanges} caption="Stage changes, newest first" empty="No stage changes yet for this tenant." stages />
    </>
  );
};

const BreakerSection: FC<{ a: AgentPanel; operator: boolean; csrf: string }> = ({ a, operator, csrf }) => {
  const b = a.guard?.breaker;
  const e = b?.evidence;
  return (
    <>
      <h3 id={`breaker-${a.name}`}>Circuit breaker</h3>
      {a.notice?.about === "breaker" && <Notice n={a.notice} />}
      <div class="grid">
        <div>
          <BreakerState a={a} />
          {e ? (
            <dl class="kv small">
              <dt>Last evidence</dt>
              <dd>
                <Untrusted text={e.reason} />
              </dd>
              <dt>Agreement with people</dt>
              <dd>{e.quality.judged ? `${percent(e.quality.rate)} (${e.quality.agreed} of ${e.quality.judged} judged runs)` : "no judged runs in the window"}</dd>
              <dt>Errors</dt>
              <dd>{e.health.judged ? `${percent(e.health.errorRate)} (${e.health.judged - e.health.ok} of ${e.health.judged} runs)` : "no runs in the window"}</dd>
            </dl>
          ) : (
            b && <p class="small muted">No transition yet: no evidence recorded.</p>
          )}
        </div>
        <div>
          <OperatorForm a={a} kind="breaker" operator={operator} csrf={csrf} reason={a.form?.breakerReason}>
            {(["closed", "half_open", "open"] as const).map((state) => (
              <button type="submit" name="state" value={state} class={state === "open" ? "danger" : "secondary"} disabled={b?.state === state}>
                {state === "closed" ? "Close" : state === "open" ? "Open" : "Half-open"}
                {b?.state === state ? " (now)" : ""}
              </button>
            ))}
          </OperatorForm>
          <p class="small muted">Open sends every task to a person; half-open lets a few through as probes; close lets the agent work normally.</p>
        </div>
      </div>
      <History rows={a.breakerTransitions} caption="Breaker transitions, newest first" empty="No breaker transitions recorded yet." />
    </>
  );
};

const Panel: FC<{ a: AgentPanel; operator: boolean; csrf: string }> = ({ a, operator, csrf }) => {
  const byDay = new Map(a.usage.map((u) => [u.day, u]));
  const runs = a.usage.reduce((s, u) => s + u.runs, 0);
  const cost = a.usage.reduce((s, u) => s + u.costMicroUsd, 0);
  const taskCost = a.usage.reduce((s, u) => s + u.taskCostMicroUsd, 0);
  const onlineCost = a.usage.reduce((s, u) => s + u.onlineCostMicroUsd, 0);
  const evaluationCost = a.usage.reduce((s, u) => s + u.evaluationCostMicroUsd, 0);
  const today = a.guard ? a.usage.find((u) => u.day === a.guard!.budget.day) : undefined;
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
          <p>
            Circuit breaker{" "}
            {a.guard ? <Badge tone={breakerTone(a.guard.breaker.state)}>{stageName(a.guard.breaker.state)}</Badge> : <Badge tone="neutral">unknown</Badge>}{" "}
            <a class="small" href={`#breaker-${a.name}`}>
              evidence and controls
            </a>
          </p>
          {a.guard && (
            <p class="small">
              Today: {microUsd(a.guard.budget.spent)} spent of {microUsd(a.limits.maxCostMicroUsdPerDay ?? 0)}
              {today ? ` (task runs ${microUsd(today.taskCostMicroUsd)}, online evaluation ${microUsd(today.onlineCostMicroUsd)})` : ""} · {a.guard.activeRuns} run(s) in flight
            </p>
          )}
          <Latency l={a.latency} />
          <p id={`overdue-${a.name}`}>
            {a.openReviews} item(s) waiting for review
            {a.overdueReviews > 0 ? (
              <>
                , <Badge tone="bad">{a.overdueReviews} overdue</Badge> (
                <a href={`/dashboard?agent=${encodeURIComponent(a.name)}`}>they lead its queue</a>)
              </>
            ) : (
              ", none overdue"
            )}
            .
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

      <StageSection a={a} operator={operator} csrf={csrf} />
      <BreakerSection a={a} operator={operator} csrf={csrf} />

      <h3>Usage, last {a.days.length} days</h3>
      <div class="summary">
        <span>
          <span class="big">{runs.toLocaleString("en-US")}</span> run{runs === 1 ? "" : "s"}
        </span>
        <span>
          <span class="big">{microUsd(cost)}</span> model cost
        </span>
        <span>{runs > 0 ? `${microUsd(Math.round(taskCost / runs))} per task run` : ""}</span>
        {failed > 0 && <Badge tone="bad">{failed} failed</Badge>}
      </div>
      <p class="small muted">
        Paid from the daily budget: task runs {microUsd(taskCost)}, online evaluation {microUsd(onlineCost)}.
        {evaluationCost > 0 ? ` Evaluation passes ${microUsd(evaluationCost)} (run under their own tenants, not charged to the daily budget).` : ""}
      </p>
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
          {/* A pass without a score (no cases) has no point to draw; an empty chart has no time axis. */}
          {series.some((s) => s.points.length > 0) && <LineChart title={`${a.name}: exact accuracy of evaluation passes`} series={series.filter((s) => s.points.length > 0)} max={100} unit="%" />}
        </>
      )}
    </section>
  );
};

export const AgentsPage: FC<{ user: NonNullable<LayoutProps["user"]>; agents: AgentPanel[] }> = ({ user, agents }) => (
  <Layout title="Agents" section="agents" user={user}>
    <h1>Agents</h1>
    <p class="muted">
      Stage and its evidence, circuit breaker, limits, usage and evaluation scores of each agent for this tenant.
      {user.role === "operator" ? " As an operator you can change a stage and set a breaker; every change is recorded with your name and reason." : ""}
    </p>
    {agents.map((a) => (
      <Panel a={a} operator={user.role === "operator"} csrf={user.csrfToken} />
    ))}
  </Layout>
);
