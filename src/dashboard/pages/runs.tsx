import type { FC } from "hono/jsx";
import { RUN_STATUSES } from "../../runtime/run-store";
import type { RunView, StepView } from "../../runtime/run-view";
import { Badge, JsonBlock, Layout, ReasonBadge, Status, Timeline, Untrusted, type LayoutProps } from "../components";
import type { ReviewRow, RunRow } from "../data";
import { dateTime, duration, microUsd, money } from "../format";
import { reasonOf } from "../reasons";

const field = (input: unknown, key: string): string | undefined => {
  if (!input || typeof input !== "object") return undefined;
  const v = (input as Record<string, unknown>)[key];
  return typeof v === "string" ? v : undefined;
};

export const RunsPage: FC<{
  user: LayoutProps["user"];
  q: string;
  agent: string;
  status: string;
  agents: string[];
  rows: RunRow[];
  limit: number;
}> = ({ user, q, agent, status, agents, rows, limit }) => {
  const searching = Boolean(q || agent || status);
  return (
    <Layout title="Runs" section="runs" user={user}>
      <h1>Runs</h1>
      <form class="filters" method="get" action="/dashboard/runs" role="search">
        <div>
          <label for="q">Run ID, report ID or employee ID</label>
          <input id="q" name="q" type="search" value={q} size={36} placeholder="run_…, R-2026-0042 or E1002" spellcheck={false} />
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
          <button type="submit">Search</button> {searching && <a href="/dashboard/runs">Clear</a>}
        </div>
      </form>
      <p class="muted small">
        {searching ? `${rows.length} run(s) found` : "Most recent runs"}
        {rows.length >= limit && ` (first ${limit} shown)`}. History is written when a run pauses or finishes.
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
              <th>Report</th>
              <th>Employee</th>
              <th>Started</th>
              <th class="num">Steps</th>
              <th class="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a class="mono" href={`/dashboard/runs/${encodeURIComponent(r.id)}`}>
                    {r.id}
                  </a>
                </td>
                <td>{r.agent}</td>
                <td>
                  <Status value={r.status} />
                  {r.stopReason && r.status !== "completed" && <div class="small muted">{reasonOf(r.stopReason).label}</div>}
                </td>
                <td>
                  <Untrusted text={field(r.input, "reportId")} />
                </td>
                <td>
                  <Untrusted text={field(r.input, "employeeId")} />
                </td>
                <td class="small nowrap">{dateTime(r.createdAt)}</td>
                <td class="num">{r.steps}</td>
                <td class="num">{microUsd(r.costMicroUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};

export const RunPage: FC<{
  user: LayoutProps["user"];
  run: RunView;
  steps: StepView[] | null;
  input: unknown;
  review: ReviewRow | undefined;
  payments: { count: number; cents: number } | null;
  tiers: readonly string[];
}> = ({ user, run, steps, input, review, payments, tiers }) => {
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
      {run.stopReason && run.status !== "completed" && (
        <div class={`alert ${run.status === "failed" ? "alert-danger" : "alert-info"}`}>
          <strong>
            <ReasonBadge code={run.stopReason} /> {reasonOf(run.stopReason).sentence}
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
            {payments && (
              <>
                <dt>Payments</dt>
                <dd>{payments.count === 0 ? "none scheduled" : `${payments.count} scheduled, ${money(payments.cents)}`}</dd>
              </>
            )}
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
                <ReasonBadge code={c} />
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
