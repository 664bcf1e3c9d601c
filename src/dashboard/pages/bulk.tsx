/** After a bulk decision: each selected item's result (decided, or why not), or why nothing was decided. */
import type { FC } from "hono/jsx";
import type { BulkItemResult } from "../../escalation/bulk";
import { Badge, Layout, Status, type LayoutProps } from "../components";

export const BulkResultsPage: FC<{
  user: LayoutProps["user"];
  decision: string;
  results: BulkItemResult[];
  /** Set when nothing was decided (mixed selection, reasons decided one at a time, a missing comment). */
  refused?: { title: string; message: string; field?: string | undefined } | undefined;
}> = ({ user, decision, results, refused }) => {
  const done = results.filter((r) => r.ok).length;
  return (
    <Layout title="Bulk decision" section="queue" user={user}>
      <p class="small">
        <a href="/dashboard">← Queue</a>
      </p>
      <h1 tabindex={-1} autofocus>
        Bulk decision
      </h1>
      {refused ? (
        <div class="alert alert-danger" role="alert" id="bulk-refused" data-field={refused.field}>
          <strong>{refused.title}</strong>
          {refused.message}
        </div>
      ) : (
        <div class={`alert alert-${done === results.length ? "ok" : "warn"}`} role="status" id="bulk-summary">
          <strong>
            {done} of {results.length} item(s) {decision === "reject" ? "rejected" : "approved"}.
          </strong>
          Each was decided on its own run; the ones not decided say why below.
        </div>
      )}
      {results.length > 0 && (
        <table id="bulk-results" class="cards">
          <thead>
            <tr>
              <th>Item</th>
              <th>Result</th>
              <th>Status now</th>
              <th>Why not</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr data-review-id={r.reviewId} data-ok={r.ok ? "true" : "false"}>
                <td data-label="Item">
                  <a class="mono" href={`/dashboard/reviews/${encodeURIComponent(r.reviewId)}`}>
                    {r.reviewId}
                  </a>
                </td>
                <td data-label="Result">{r.ok ? <Badge tone="ok">decided</Badge> : <Badge tone="bad">not decided</Badge>}</td>
                <td data-label="Status now">
                  <Status value={r.status} />
                </td>
                <td class="small" data-label="Why not">
                  {r.error ? (
                    <>
                      {r.error.message} <span class="mono muted">{r.error.code}</span>
                    </>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};
