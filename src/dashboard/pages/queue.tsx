/**
 * The review queue (and, with status=decided|cancelled, the decided list):
 * one page of items sorted by time left (src/escalation/review-query.ts),
 * filters in a GET form so the URL holds them, a "Next page" link with the
 * cursor, and a bulk form for items of one agent and reason set. Ids for
 * scripts and the e2e: `#queue`, `[data-review-id]`, `#search`, `#bulk-approve`,
 * `#bulk-reject`, `#queue-next`.
 */
import type { FC } from "hono/jsx";
import type { ReviewView } from "../../escalation/review-items";
import { ListCells, ListHeaders, layoutOf, type ListLayout, type RowDisplay } from "../columns";
import { Badge, Layout, ReasonBadge, Untrusted, type LayoutProps } from "../components";
import { clockTime, dateTime, money, PRIORITY_LABELS, timeLeft } from "../format";
import { hrefWith, Pager } from "../paging";
import { reasonOf, type Reasons } from "../reasons";

export const AGE_FILTERS: Readonly<Record<string, { label: string; ms: number }>> = {
  "1h": { label: "Waiting over 1 hour", ms: 60 * 60 * 1000 },
  "24h": { label: "Waiting over 1 day", ms: 24 * 60 * 60 * 1000 },
};

export const QUEUE_STATUSES = [
  { value: "open", label: "Waiting" },
  { value: "decided", label: "Decided" },
  { value: "cancelled", label: "Cancelled" },
] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number]["value"];

/** The filters as typed (strings, as the URL holds them). */
export interface QueueFilters {
  status: QueueStatus;
  agent: string;
  reason: string;
  priority: string;
  age: string;
  since: string;
  until: string;
  /** Dollars, as typed. */
  minAmount: string;
  maxAmount: string;
  reviewer: string;
  q: string;
}

export interface QueueProps {
  user: LayoutProps["user"];
  nonce?: string | undefined;
  items: ReviewView[];
  /** The latest decisions, under the open queue (empty on the decided list itself). */
  decided: ReviewView[];
  /** Each item's display (its agent's columns and values), by review item id. */
  displays: ReadonlyMap<string, RowDisplay>;
  /** What each decided item's run paid, by review item id (absent: unknown). */
  paid: ReadonlyMap<string, number | null>;
  /** Items that may be decided in bulk (their agent allows it for their reasons). */
  bulkable: ReadonlySet<string>;
  agents: string[];
  reasons: string[];
  /** The agents' own words for their codes. */
  reasonWords: Reasons;
  filters: QueueFilters;
  /** Why a filter was refused, by field name. */
  errors: Readonly<Record<string, string>>;
  next: string | null;
  paged: boolean;
  /** An item just released (?released=). */
  released?: string | undefined;
  now: number;
}

const displayOf = (row: ReviewView, displays: ReadonlyMap<string, RowDisplay>): RowDisplay =>
  displays.get(row.reviewId) ?? { agent: row.agent, columns: null, values: row.subject ?? {}, taskKey: null };

const reviewHref = (id: string) => `/dashboard/reviews/${encodeURIComponent(id)}`;

/** The item's subject in its agent's columns; the run id when it has no task key. */
const Subject: FC<{ row: ReviewView; layout: ListLayout; displays: ReadonlyMap<string, RowDisplay> }> = ({ row, layout, displays }) => (
  <ListCells layout={layout} row={displayOf(row, displays)} fallback={row.runId} showAgent />
);

/** "2 h 10 min left" / "overdue by 35 min", with the deadline. */
const Due: FC<{ row: ReviewView; now: number }> = ({ row, now }) => {
  const due = Date.parse(row.dueAt);
  return (
    <>
      <span class={row.pastSla ? "due overdue" : "due"}>{timeLeft(due - now)}</span>
      {row.pastSla && (
        <div>
          <Badge tone="bad">Overdue</Badge>
        </div>
      )}
      <div class="muted small">due {clockTime(due, now)}</div>
    </>
  );
};

const Claim: FC<{ row: ReviewView; me: string | undefined; now: number }> = ({ row, me, now }) => {
  if (!row.claimedBy || !row.claimExpiresAt) return <span class="muted small">free</span>;
  const until = clockTime(Date.parse(row.claimExpiresAt), now);
  return (
    <span class="small" data-claimed-by={row.claimedBy}>
      claimed by {row.claimedBy === me ? "you" : <Untrusted text={row.claimedBy} />} until {until}
    </span>
  );
};

const Field: FC<{ id: string; label: string; error?: string | undefined; children: unknown }> = ({ id, label, error, children }) => (
  <div>
    <label for={id}>{label}</label>
    {children}
    {error && (
      <p class="field-error" id={`error-${id}`}>
        {error}
      </p>
    )}
  </div>
);

const FilterForm: FC<{ filters: QueueFilters; agents: string[]; reasons: string[]; reasonWords: Reasons; errors: QueueProps["errors"] }> = ({ filters, agents, reasons, reasonWords, errors }) => {
  const inv = (name: string) => (errors[name] ? { "aria-invalid": "true", "aria-describedby": `error-f-${name}` } : {});
  return (
    <form class="filters" method="get" action="/dashboard" role="search" aria-label="Filter the queue">
      <Field id="search" label="Search (review, run, task id or name)">
        <input id="search" name="q" type="search" value={filters.q} size={28} spellcheck={false} placeholder="press / to search" />
      </Field>
      <Field id="f-status" label="Status">
        <select id="f-status" name="status">
          {QUEUE_STATUSES.map((s) => (
            <option value={s.value} selected={filters.status === s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-agent" label="Agent">
        <select id="f-agent" name="agent">
          <option value="">All agents</option>
          {agents.map((a) => (
            <option value={a} selected={filters.agent === a}>
              {a}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-reason" label="Reason">
        <select id="f-reason" name="reason">
          <option value="">Any reason</option>
          {reasons.map((r) => (
            <option value={r} selected={filters.reason === r}>
              {reasonOf(r, reasonWords).label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-priority" label="Priority">
        <select id="f-priority" name="priority">
          <option value="">Any priority</option>
          {Object.entries(PRIORITY_LABELS).map(([p, label]) => (
            <option value={p} selected={filters.priority === p}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-age" label="Waiting">
        <select id="f-age" name="age">
          <option value="">Any time</option>
          {Object.entries(AGE_FILTERS).map(([key, f]) => (
            <option value={key} selected={filters.age === key}>
              {f.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-since" label={filters.status === "open" ? "Escalated from" : "Decided from"} error={errors.since}>
        <input id="f-since" name="since" type="date" value={filters.since} {...inv("since")} />
      </Field>
      <Field id="f-until" label="to (inclusive)" error={errors.until}>
        <input id="f-until" name="until" type="date" value={filters.until} {...inv("until")} />
      </Field>
      <Field id="f-minAmount" label="Amount from ($)" error={errors.minAmount}>
        <input id="f-minAmount" class="narrow" name="minAmount" type="text" inputmode="decimal" value={filters.minAmount} {...inv("minAmount")} />
      </Field>
      <Field id="f-maxAmount" label="to ($)" error={errors.maxAmount}>
        <input id="f-maxAmount" class="narrow" name="maxAmount" type="text" inputmode="decimal" value={filters.maxAmount} {...inv("maxAmount")} />
      </Field>
      <Field id="f-reviewer" label={filters.status === "open" ? "Held by (reviewer)" : "Decided by"}>
        <input id="f-reviewer" name="reviewer" type="text" value={filters.reviewer} size={16} />
      </Field>
      <div>
        <button type="submit">Apply</button> <a href="/dashboard">Clear filters</a>
      </div>
    </form>
  );
};

/** Checkbox, agent's columns, reasons, time left, who holds it. */
const OpenTable: FC<{ items: ReviewView[]; displays: QueueProps["displays"]; bulkable: QueueProps["bulkable"]; reasonWords: Reasons; me: string | undefined; now: number }> = ({
  items,
  displays,
  bulkable,
  reasonWords,
  me,
  now,
}) => {
  const layout = layoutOf(items.map((r) => displayOf(r, displays)));
  return (
    <table id="queue" class="cards">
      <thead>
        <tr>
          <th>
            <span class="sr-only">Select</span>
          </th>
          <th>Priority</th>
          <ListHeaders layout={layout} />
          <th>Why it needs you</th>
          <th>Time left</th>
          <th>Claim</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((row) => (
          <tr class={row.pastSla ? "late" : undefined} data-review-id={row.reviewId} data-agent={row.agent} data-reasons={row.reasons.join(",")}>
            <td data-label="Select">
              {bulkable.has(row.reviewId) ? (
                <>
                  <label class="sr-only" for={`pick-${row.reviewId}`}>
                    Select {row.reviewId} for a bulk decision
                  </label>
                  <input type="checkbox" id={`pick-${row.reviewId}`} name="reviewIds" value={row.reviewId} form="bulk" />
                </>
              ) : (
                <span class="muted small" title="Its agent has these reasons decided one at a time.">
                  one at a time
                </span>
              )}
            </td>
            <td data-label="Priority">
              <Badge tone={row.priority <= 1 ? "bad" : row.priority === 2 ? "warn" : "neutral"}>{PRIORITY_LABELS[row.priority] ?? `P${row.priority}`}</Badge>
            </td>
            <Subject row={row} layout={layout} displays={displays} />
            <td data-label="Why it needs you">
              <div class="pill-row">
                {row.reasons.map((code) => (
                  <ReasonBadge code={code} reasons={reasonWords} />
                ))}
              </div>
            </td>
            <td data-label="Time left">
              <Due row={row} now={now} />
              <div class="muted small">waiting since {dateTime(row.createdAt)}</div>
            </td>
            <td data-label="Claim">
              <Claim row={row} me={me} now={now} />
            </td>
            <td>
              <a class="button secondary" data-open href={reviewHref(row.reviewId)}>
                Review
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

/** Decided items with what was decided, by whom, and the amount and what was paid. */
const DecidedTable: FC<{ items: ReviewView[]; displays: QueueProps["displays"]; paid: QueueProps["paid"]; id?: string }> = ({ items, displays, paid, id }) => {
  const layout = layoutOf(items.map((r) => displayOf(r, displays)));
  return (
    <table class="cards" id={id}>
      <thead>
        <tr>
          <ListHeaders layout={layout} />
          <th>Decision</th>
          <th class="num">Amount</th>
          <th class="num">Paid</th>
          <th>By</th>
          <th>When</th>
        </tr>
      </thead>
      <tbody>
        {items.map((row) => (
          <tr data-review-id={row.reviewId}>
            <Subject row={row} layout={layout} displays={displays} />
            <td data-label="Decision">
              <a href={reviewHref(row.reviewId)} data-open>
                <Badge tone={row.decision === "reject" ? "bad" : row.decision === "amend" ? "warn" : row.status === "cancelled" ? "neutral" : "ok"}>{row.decision ?? row.status}</Badge>
              </a>
            </td>
            <td class="num" data-label="Amount">
              {money(row.amountCents)}
            </td>
            <td class="num" data-label="Paid">
              {money(paid.get(row.reviewId))}
            </td>
            <td class="small" data-label="By">
              <Untrusted text={row.decidedBy} />
            </td>
            <td class="small nowrap" data-label="When">
              {dateTime(row.decidedAt)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

/** The bulk form: the queue's checkboxes belong to it (form="bulk"). */
const BulkForm: FC<{ csrf: string }> = ({ csrf }) => (
  <form class="bulk" id="bulk" method="post" action="/dashboard/bulk" aria-label="Decide the selected items together">
    <input type="hidden" name="csrf" value={csrf} />
    <div class="field">
      <label for="bulk-comment">One comment for every selected item (items of one agent and the same reasons only)</label>
      <textarea id="bulk-comment" name="comment" maxlength={2000} rows={2} />
    </div>
    <div class="actions">
      <button type="submit" id="bulk-approve" name="decision" value="approve">
        Approve selected
      </button>
      <button type="submit" id="bulk-reject" class="danger" name="decision" value="reject">
        Reject selected
      </button>
    </div>
  </form>
);

export const QueuePage: FC<QueueProps> = (p) => {
  const { user, items, decided, displays, filters, now } = p;
  const open = filters.status === "open";
  const title = open ? "Review queue" : filters.status === "decided" ? "Decided items" : "Cancelled items";
  const overdue = items.filter((i) => i.pastSla).length;
  const filtered = Boolean(filters.agent || filters.reason || filters.priority || filters.age || filters.since || filters.until || filters.minAmount || filters.maxAmount || filters.reviewer || filters.q);
  const params: Record<string, string> = { ...filters, status: open ? "" : filters.status };
  return (
    <Layout title={title} section="queue" user={user} nonce={p.nonce}>
      <h1 tabindex={-1} autofocus>
        {title}
      </h1>
      {p.released && (
        <div class="alert alert-ok" role="status">
          <strong>Released.</strong>
          <span class="mono">{p.released}</span> is free for someone else.
        </div>
      )}
      <div class="summary">
        <span>
          <span class="big">{items.length}</span> item{items.length === 1 ? "" : "s"} on this page
          {filtered && " matching the filters"}
          {p.next && ", more on the next page"}
        </span>
        {open && overdue > 0 && <Badge tone="bad">{overdue} overdue</Badge>}
        <span class="muted small">{open ? "Least time left first: overdue items lead." : "Newest first."}</span>
        <span class="keys">
          Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches
        </span>
      </div>

      <FilterForm filters={filters} agents={p.agents} reasons={p.reasons} reasonWords={p.reasonWords} errors={p.errors} />

      {items.length === 0 ? (
        <p class="empty">{filtered ? "No item matches these filters." : open ? "Nothing is waiting for review. Well done." : "Nothing here yet."}</p>
      ) : open ? (
        <>
          {user && <BulkForm csrf={user.csrfToken} />}
          <OpenTable items={items} displays={displays} bulkable={p.bulkable} reasonWords={p.reasonWords} me={user?.principal} now={now} />
        </>
      ) : (
        <DecidedTable items={items} displays={displays} paid={p.paid} id="queue" />
      )}
      <Pager id="queue-next" label="Pages of the list" path="/dashboard" params={params} next={p.next} paged={p.paged} />

      {open && (
        <>
          <h2>Decided recently</h2>
          {decided.length === 0 ? <p class="muted">No decisions yet.</p> : <DecidedTable items={decided} displays={displays} paid={p.paid} />}
          <p class="small">
            <a href={hrefWith("/dashboard", { status: "decided", agent: filters.agent })}>Every decision, with filters and pages →</a> ·{" "}
            <a href="/dashboard/audit">Reviewer audit and CSV export →</a>
          </p>
        </>
      )}
    </Layout>
  );
};
