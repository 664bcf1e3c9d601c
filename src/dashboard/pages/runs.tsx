import type { Child, FC } from "hono/jsx";
import { RUN_STATUSES } from "../../runtime/run-store";
import type { RunView, StepView } from "../../runtime/run-view";
import { ListCells, ListHeaders, layoutOf, type RowDisplay } from "../columns";
import { Badge, JsonBlock, Layout, ReasonBadge, Status, Timeline, Untrusted, type LayoutProps } from "../components";
import type { ReviewRow, RunKind, RunRow } from "../data";
import { dateTime, duration, microUsd, money } from "../format";
import { paidCentsOf } from "../paid";
import { Pager } from "../paging";
import { reasonOf, type Reasons } from "../reasons";
import { traceHref } from "./trace";

/** What made an evaluation run: the online judge re-deciding one run, or an evaluation pass. */
export function evaluationSource(evaluation: string | null | undefined): { judged: string } | { pass: string } | null {
  if (!evaluation) return null;
  return evaluation.startsWith("online:") ? { judged: evaluation.slice("online:".length) } : { pass: evaluation };
}

const KIND_OPTIONS: { value: RunKind; label: string }[] = [
  { value: "", label: "Submitted work" },
  { value: "evaluation", label: "Dry runs and evaluations" },
  { value: "all", label: "All runs" },
];

/** The label of a dry run or evaluation run, linking to the run it judged. */
export const EvaluationLabel: FC<{ evaluation: string | null | undefined }> = ({ evaluation }) => {
  const source = evaluationSource(evaluation);
  if (!source) return null;
  return "judged" in source ? (
    <div class="small">
      <Badge tone="neutral">dry run</Badge> online judge of{" "}
      <a class="mono" href={`/dashboard/runs/${encodeURIComponent(source.judged)}`}>
        {source.judged}
      </a>
    </div>
  ) : (
    <div class="small">
      <Badge tone="neutral">evaluation</Badge> pass <Untrusted text={source.pass} />
    </div>
  );
};

export const RunsPage: FC<{
  user: LayoutProps["user"];
  q: string;
  agent: string;
  status: string;
  kind: RunKind;
  agents: string[];
  rows: RunRow[];
  /** Each run's display (its agent's columns over its input), by run id. */
  displays: ReadonlyMap<string, RowDisplay>;
  /** What the search box matches besides run ids and task keys (e.g. "Report" when that agent is chosen). */
  searchLabels: readonly string[];
  /** Each agent's own words for its codes, by agent. */
  reasons: Readonly<Record<string, Reasons>>;
  /** Created on or after / up to and including these UTC days (YYYY-MM-DD, or ""). */
  since: string;
  until: string;
  /** The next page's cursor (null on the last page); `paged` when this is not the first page. */
  next: string | null;
  paged: boolean;
}> = ({ user, q, agent, status, kind, agents, rows, displays, searchLabels, reasons, since, until, next, paged }) => {
  const searching = Boolean(q || agent || status || kind || since || until);
  const params = { q, agent, status, kind, since, until };
  const displayOf = (r: RunRow): RowDisplay => displays.get(r.id) ?? { agent: r.agent, columns: null, values: {}, taskKey: r.idempotencyKey };
  const layout = layoutOf(rows.map(displayOf));
  const searchLabel = ["Run ID", "task key", ...searchLabels];
  return (
    <Layout title="Runs" section="runs" user={user}>
      <h1>Runs</h1>
      <form class="filters" method="get" action="/dashboard/runs" role="search">
        <div>
          <label for="q">{`${searchLabel.slice(0, -1).join(", ")} or ${searchLabel.at(-1)}`}</label>
          <input id="q" name="q" type="search" value={q} size={36} placeholder="run_…" spellcheck={false} />
        </div>
        <div>
          <label for="r-agent">Agent</label>
          <select id="r-agent" name="agent">
            <option value="">All agents</option>
            {agents.map((a) => (
              <option value={a} selected={agent === a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="r-status">Status</label>
          <select id="r-status" name="status">
            <option value="">Any status</option>
            {RUN_STATUSES.map((s) => (
              <option value={s} selected={status === s}>
                {s.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="r-kind">Show</label>
          <select id="r-kind" name="kind">
            {KIND_OPTIONS.map((k) => (
              <option value={k.value} selected={kind === k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="r-since">Started from</label>
          <input id="r-since" name="since" type="date" value={since} />
        </div>
        <div>
          <label for="r-until">to</label>
          <input id="r-until" name="until" type="date" value={until} />
        </div>
        <div>
          <button type="submit">Search</button> {searching && <a href="/dashboard/runs">Clear</a>}
        </div>
      </form>
      <p class="muted small">
        {searching ? `${rows.length} run(s) on this page` : "Most recent runs first"}
        {next && ", more on the next page"}. History is written when a run pauses or finishes.
        {kind === "" && " Dry runs of the online judge and evaluation runs are left out (choose them under Show)."}
      </p>
      {rows.length === 0 ? (
        <p class="empty">No run matches.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Run</th>
              <th>Agent</th>
              <th>Status</th>
              <ListHeaders layout={layout} />
              <th>Started</th>
              <th class="num">Steps</th>
              <th class="num">Cost</th>
              <th class="num">Paid</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a class="mono" href={`/dashboard/runs/${encodeURIComponent(r.id)}`}>
                    {r.id}
                  </a>{" "}
                  <a class="small" href={traceHref(r.id)} aria-label={`Trace of run ${r.id}`}>
                    trace
                  </a>
                  <EvaluationLabel evaluation={r.evaluation} />
                </td>
                <td>{r.agent}</td>
                <td>
                  <Status value={r.status} />
                  {r.stopReason && r.status !== "completed" && <div class="small muted">{reasonOf(r.stopReason, reasons[r.agent]).label}</div>}
                </td>
                <ListCells layout={layout} row={displayOf(r)} />
                <td class="small nowrap">{dateTime(r.createdAt)}</td>
                <td class="num">{r.steps}</td>
                <td class="num">{microUsd(r.costMicroUsd)}</td>
                <td class="num">{r.status === "completed" ? money(paidCentsOf(r.outcome)) : <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager id="runs-next" label="Pages of runs" path="/dashboard/runs" params={params} next={next} paged={paged} />
    </Layout>
  );
};

export const RunPage: FC<{
  user: LayoutProps["user"];
  run: RunView;
  steps: StepView[] | null;
  input: unknown;
  review: ReviewRow | undefined;
  /** Facts from the agent's view (e.g. payments scheduled). */
  facts: { label: string; value: Child }[];
  reasons: Reasons;
  tiers: readonly string[];
  /** Set when an evaluation made this run (e.g. `online:<runId>`). */
  evaluation: string | null;
  /** The online judge's dry runs of this run. */
  dryRuns: readonly string[];
}> = ({ user, run, steps, input, review, facts, reasons, tiers, evaluation, dryRuns }) => {
  const source = evaluationSource(evaluation);
  const outcome = run.outcome as { decision?: string; approvedAmountCents?: number; codes?: string[]; explanation?: string } | null;
  return (
    <Layout title={`Run ${run.runId}`} section="runs" user={user}>
      <p class="small">
        <a href="/dashboard/runs">← Runs</a>
      </p>
      <h1>
        Run <span class="mono">{run.runId}</span>
      </h1>
      <div class="summary">
        <Status value={run.status} />
        <span>
          agent <strong>{run.agent}</strong> {run.agentVersion}
        </span>
        <span class="small muted">started {dateTime(run.createdAt)} · updated {dateTime(run.updatedAt)}</span>
      </div>
      {source && (
        <div class="alert alert-info">
          {"judged" in source ? (
            <>
              <strong>A dry run of the online judge, not a second submission.</strong>
              It re-decided run{" "}
              <a class="mono" href={`/dashboard/runs/${encodeURIComponent(source.judged)}`}>
                {source.judged}
              </a>{" "}
              with the strongest model tier to check the agent, and stopped before any side effect.
            </>
          ) : (
            <>
              <strong>A run of an evaluation pass, not a client's submission.</strong>
              Pass <Untrusted text={source.pass} />: it is scored on its proposal and never reaches a reviewer.
            </>
          )}
        </div>
      )}
      {dryRuns.length > 0 && (
        <p class="small muted">
          Checked by the online judge:{" "}
          {dryRuns.map((id) => (
            <a class="mono" href={`/dashboard/runs/${encodeURIComponent(id)}`}>
              {id}
            </a>
          ))}{" "}
          (dry run{dryRuns.length === 1 ? "" : "s"}).
        </p>
      )}
      {run.stopReason && run.status !== "completed" && (
        <div class={`alert ${run.status === "failed" ? "alert-danger" : "alert-info"}`}>
          <strong>
            <ReasonBadge code={run.stopReason} reasons={reasons} /> {reasonOf(run.stopReason, reasons).sentence}
          </strong>
          {run.error && (
            <span>
              {run.error.code}: <Untrusted text={run.error.message} />
            </span>
          )}
        </div>
      )}
      <div class="grid">
        <div class="card soft">
          <h3>Usage</h3>
          <dl class="kv">
            <dt>Steps</dt>
            <dd>{run.usage.steps}</dd>
            <dt>Model calls</dt>
            <dd>{run.usage.modelCalls}</dd>
            <dt>Tool calls</dt>
            <dd>{run.usage.toolCalls}</dd>
            <dt>Model cost</dt>
            <dd>{microUsd(run.usage.costMicroUsd)}</dd>
            <dt>Working time</dt>
            <dd>{duration(run.usage.wallMs)}</dd>
          </dl>
        </div>
        <div class="card soft">
          <h3>Outcome</h3>
          <dl class="kv">
            <dt>Decided by</dt>
            <dd>{run.decidedBy ? <Untrusted text={run.decidedBy} /> : <span class="muted">not decided</span>}</dd>
            {outcome && outcome.decision && (
              <>
                <dt>Decision</dt>
                <dd>
                  <Status value={outcome.decision} /> {typeof outcome.approvedAmountCents === "number" && money(outcome.approvedAmountCents)}
                </dd>
              </>
            )}
            {facts.map((f) => (
              <>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </>
            ))}
            {review && (
              <>
                <dt>Review</dt>
                <dd>
                  <a href={`/dashboard/reviews/${encodeURIComponent(review.id)}`}>{review.status === "open" ? "Open review item" : `Review item (${review.decision ?? "decided"})`}</a>
                </dd>
              </>
            )}
          </dl>
          {outcome?.codes && outcome.codes.length > 0 && (
            <div class="pill-row">
              {outcome.codes.map((c) => (
                <ReasonBadge code={c} reasons={reasons} />
              ))}
            </div>
          )}
        </div>
      </div>
      {outcome?.explanation && (
        <>
          <h2>Explanation</h2>
          <p class="untrusted">
            <Untrusted text={outcome.explanation} />
          </p>
        </>
      )}
      <h2>Journal</h2>
      <p class="small">
        <a href={traceHref(run.runId)}>Trace: the run as a waterfall on a time axis →</a>
      </p>
      {steps ? <Timeline steps={steps} tiers={tiers} /> : <p class="muted">The journal is not available.</p>}
      <h2>Input</h2>
      {input === undefined || input === null ? <p class="muted">No input is recorded for this run.</p> : <JsonBlock value={input} />}
      {run.proposal !== null && run.proposal !== undefined && (
        <details>
          <summary>The agent's proposal (raw)</summary>
          <JsonBlock value={run.proposal} />
        </details>
      )}
      {outcome && (
        <details>
          <summary>The final outcome (raw)</summary>
          <JsonBlock value={outcome} />
        </details>
      )}
      <p class="small muted">
        <Badge tone="neutral">API</Badge> GET /v1/runs/{run.runId} and /steps return the same data as JSON.
      </p>
    </Layout>
  );
};
