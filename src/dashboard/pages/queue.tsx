import type { FC } from "hono/jsx";
import { REVIEW_SLA_MS } from "../../escalation/messages";
import { ListCells, ListHeaders, layoutOf, type ListLayout, type RowDisplay } from "../columns";
import { Badge, Layout, ReasonBadge, Untrusted, type LayoutProps } from "../components";
import type { ReviewRow } from "../data";
import { age, dateTime, PRIORITY_LABELS } from "../format";
import { reasonOf, type Reasons } from "../reasons";

export const AGE_FILTERS: Readonly<Record<string, { label: string; ms: number }>> = {
  "1h": { label: "Waiting over 1 hour", ms: 60 * 60 * 1000 },
  sla: { label: `Past SLA (over ${REVIEW_SLA_MS / 3_600_000} hours)`, ms: REVIEW_SLA_MS },
  "24h": { label: "Waiting over 1 day", ms: 24 * 60 * 60 * 1000 },
};

export interface QueueProps {
  user: LayoutProps["user"];
  items: ReviewRow[];
  decided: ReviewRow[];
  /** Each item's display (its agent's columns and values), by review item id. */
  displays: ReadonlyMap<string, RowDisplay>;
  agents: string[];
  reasons: string[];
  /** The agents' own words for their codes. */
  reasonWords: Reasons;
  filters: { agent: string; reason: string; age: string };
  now: number;
  limit: number;
}

const displayOf = (row: ReviewRow, displays: ReadonlyMap<string, RowDisplay>): RowDisplay =>
  displays.get(row.id) ?? { agent: row.agent, columns: null, values: row.subject ?? {}, taskKey: null };

/** The item's subject in its agent's columns; the run id when it has no task key. */
const Subject: FC<{ row: ReviewRow; layout: ListLayout; displays: ReadonlyMap<string, RowDisplay> }> = ({ row, layout, displays }) => (
  <ListCells layout={layout} row={displayOf(row, displays)} fallback={row.runId} showAgent />
);

export const QueuePage: FC<QueueProps> = ({ user, items, decided, displays, agents, reasons, reasonWords, filters, now, limit }) => {
  const openLayout = layoutOf(items.map((r) => displayOf(r, displays)));
  const decidedLayout = layoutOf(decided.map((r) => displayOf(r, displays)));
  const late = items.filter((i) => now - i.createdAt > REVIEW_SLA_MS).length;
  const filtered = Boolean(filters.agent || filters.reason || filters.age);
  return (
    <Layout title="Review queue" section="queue" user={user}>
      <h1>Review queue</h1>
      <div class="summary">
        <span>
          <span class="big">{items.length}</span> open item{items.length === 1 ? "" : "s"}
          {filtered && " matching the filters"}
          {items.length >= limit && ` (first ${limit} shown)`}
        </span>
        {late > 0 && (
          <span>
            <Badge tone="bad">{late} past SLA</Badge>
            <span class="muted small">SLA: decide within {REVIEW_SLA_MS / 3_600_000} hours</span>
          </span>
        )}
        <span class="muted small">Most urgent first, then the longest waiting.</span>
      </div>

      <form class="filters" method="get" action="/dashboard" aria-label="Filter the queue">
        <div>
          <label for="f-agent">Agent</label>
          <select id="f-agent" name="agent">
            <option value="">All agents</option>
            {agents.map((a) => (
              <option value={a} selected={filters.agent === a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-reason">Reason</label>
          <select id="f-reason" name="reason">
            <option value="">Any reason</option>
            {reasons.map((r) => (
              <option value={r} selected={filters.reason === r}>
                {reasonOf(r, reasonWords).label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-age">Waiting</label>
          <select id="f-age" name="age">
            <option value="">Any time</option>
            {Object.entries(AGE_FILTERS).map(([key, f]) => (
              <option value={key} selected={filters.age === key}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">Apply</button> {filtered && <a href="/dashboard">Clear filters</a>}
        </div>
      </form>

      {items.length === 0 ? (
        <p class="empty">{filtered ? "No open item matches these filters." : "Nothing is waiting for review. Well done."}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Priority</th>
              <ListHeaders layout={openLayout} />
              <th>Why it needs you</th>
              <th>Waiting</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((row) => {
              const waited = now - row.createdAt;
              const isLate = waited > REVIEW_SLA_MS;
              return (
                <tr class={isLate ? "late" : undefined}>
                  <td>
                    <Badge tone={row.priority <= 1 ? "bad" : row.priority === 2 ? "warn" : "neutral"}>{PRIORITY_LABELS[row.priority] ?? `P${row.priority}`}</Badge>
                  </td>
                  <Subject row={row} layout={openLayout} displays={displays} />
                  <td>
                    <div class="pill-row">
                      {row.reasons.map((code) => (
                        <ReasonBadge code={code} reasons={reasonWords} />
                      ))}
                    </div>
                  </td>
                  <td class="nowrap">
                    {age(waited)}
                    {isLate && (
                      <div>
                        <Badge tone="bad">Past SLA</Badge>
                      </div>
                    )}
                    <div class="muted small">since {dateTime(row.createdAt)}</div>
                  </td>
                  <td>
                    <a class="button secondary" href={`/dashboard/reviews/${encodeURIComponent(row.id)}`}>
                      Review
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h2>Decided recently</h2>
      {decided.length === 0 ? (
        <p class="muted">No decisions yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <ListHeaders layout={decidedLayout} />
              <th>Decision</th>
              <th>By</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {decided.map((row) => (
              <tr>
                <Subject row={row} layout={decidedLayout} displays={displays} />
                <td>
                  <a href={`/dashboard/reviews/${encodeURIComponent(row.id)}`}>
                    <Badge tone={row.decision === "reject" ? "bad" : row.decision === "amend" ? "warn" : "ok"}>{row.decision ?? "decided"}</Badge>
                  </a>
                </td>
                <td class="small">
                  <Untrusted text={row.decidedBy} />
                </td>
                <td class="small nowrap">{dateTime(row.decidedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};
