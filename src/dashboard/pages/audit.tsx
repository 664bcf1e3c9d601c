/** Per-reviewer history (src/escalation/audit.ts): what each person decided, when, how long it took, agreement with the agent; CSV export of a range. */
import type { FC } from "hono/jsx";
import type { ReviewerAudit } from "../../escalation/audit";
import { Badge, Layout, Status, Untrusted, type LayoutProps } from "../components";
import { age, dateTime, money, percent } from "../format";
import { hrefWith } from "../paging";

export interface AuditFilters {
  reviewer: string;
  since: string;
  until: string;
}

export const AuditPage: FC<{ user: LayoutProps["user"]; audit: ReviewerAudit; filters: AuditFilters; errors: Readonly<Record<string, string>> }> = ({ user, audit, filters, errors }) => {
  const csv = hrefWith("/dashboard/audit/export.csv", { ...filters });
  return (
    <Layout title="Reviewer audit" section="queue" user={user}>
      <h1 tabindex={-1} autofocus>
        Reviewer audit
      </h1>
      <form class="filters" method="get" action="/dashboard/audit" aria-label="Choose reviewer and dates">
        <div>
          <label for="a-reviewer">Reviewer (part of the name)</label>
          <input id="a-reviewer" name="reviewer" type="text" value={filters.reviewer} />
        </div>
        <div>
          <label for="a-since">Decided from</label>
          <input id="a-since" name="since" type="date" value={filters.since} />
          {errors.since && <p class="field-error">{errors.since}</p>}
        </div>
        <div>
          <label for="a-until">to (inclusive)</label>
          <input id="a-until" name="until" type="date" value={filters.until} />
          {errors.until && <p class="field-error">{errors.until}</p>}
        </div>
        <div>
          <button type="submit">Show</button>{" "}
          <a class="button secondary" id="audit-csv" href={csv} download>
            Download CSV
          </a>
        </div>
      </form>

      <h2>By reviewer</h2>
      {audit.reviewers.length === 0 ? (
        <p class="empty">No decisions in this range.</p>
      ) : (
        <table id="audit-reviewers" class="cards">
          <thead>
            <tr>
              <th>Reviewer</th>
              <th class="num">Decisions</th>
              <th class="num">Average time to decide</th>
              <th class="num">Agreed with the agent</th>
            </tr>
          </thead>
          <tbody>
            {audit.reviewers.map((r) => (
              <tr>
                <td data-label="Reviewer">
                  <a href={hrefWith("/dashboard/audit", { ...filters, reviewer: r.reviewer })}>
                    <Untrusted text={r.reviewer} />
                  </a>
                </td>
                <td class="num" data-label="Decisions">
                  {r.decided}
                </td>
                <td class="num" data-label="Average time to decide">
                  {r.averageSecondsToDecide === null ? "—" : age(r.averageSecondsToDecide * 1000)}
                </td>
                <td class="num" data-label="Agreed with the agent">
                  {r.agreementRate === null ? "—" : `${percent(r.agreementRate, 0)} of ${r.compared}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Decisions</h2>
      {audit.items.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table id="audit-decisions" class="cards">
          <thead>
            <tr>
              <th>Item</th>
              <th>Decision</th>
              <th>By</th>
              <th>When</th>
              <th class="num">Took</th>
              <th>Agent</th>
              <th class="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {audit.items.map((i) => (
              <tr data-review-id={i.reviewId}>
                <td data-label="Item">
                  <a class="mono" href={`/dashboard/reviews/${encodeURIComponent(i.reviewId)}`}>
                    {i.reviewId}
                  </a>
                  <div class="muted small">{i.agent}</div>
                </td>
                <td data-label="Decision">
                  <Status value={i.decision} />
                </td>
                <td class="small" data-label="By">
                  <Untrusted text={i.decidedBy} />
                </td>
                <td class="small nowrap" data-label="When">
                  {dateTime(i.decidedAt)}
                </td>
                <td class="num" data-label="Took">
                  {i.secondsToDecide === null ? "—" : age(i.secondsToDecide * 1000)}
                </td>
                <td data-label="Agent">{i.agreement === null ? <span class="muted">not comparable</span> : <Badge tone={i.agreement === "agree" ? "ok" : "warn"}>{i.agreement}s</Badge>}</td>
                <td class="num" data-label="Amount">
                  {money(i.amountCents)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Claims and takeovers</h2>
      {audit.events.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table id="audit-events" class="cards">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Item</th>
            </tr>
          </thead>
          <tbody>
            {audit.events.map((e) => (
              <tr>
                <td class="small nowrap" data-label="When">
                  {dateTime(e.at)}
                </td>
                <td class="small" data-label="Who">
                  <Untrusted text={e.principal} />
                </td>
                <td data-label="What">
                  {e.action}
                  {e.action === "takeover" && e.detail && typeof e.detail === "object" && "from" in e.detail && (
                    <span class="small">
                      {" "}
                      from <Untrusted text={String((e.detail as { from: unknown }).from)} />
                    </span>
                  )}
                </td>
                <td data-label="Item">
                  <a class="mono small" href={`/dashboard/reviews/${encodeURIComponent(e.reviewId)}`}>
                    {e.reviewId}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};
