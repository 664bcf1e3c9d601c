import type { FC } from "hono/jsx";
import { REVIEW_SLA_MS } from "../../escalation/messages";
import type { RunView, StepView } from "../../runtime/run-view";
import { Badge, JsonBlock, Layout, ReasonBadge, ReasonList, Status, Timeline, Untrusted, type LayoutProps } from "../components";
import type { ReviewRow } from "../data";
import { flagOf, type ExpenseView } from "../expense";
import { age, amountIn, centsToInput, dateTime, money, PRIORITY_LABELS } from "../format";
import { reasonOf } from "../reasons";

export interface Notice {
  tone: "ok" | "danger" | "warn" | "info";
  title: string;
  message: string;
}

/** What the reviewer typed, to show again after a refused submission. */
export interface FormValues {
  decision: string;
  comment: string;
  items: Record<number, { verdict: string; amount: string }>;
}

export interface ReviewPageProps {
  user: NonNullable<LayoutProps["user"]>;
  item: ReviewRow;
  now: number;
  run: RunView | null;
  steps: StepView[] | null;
  input: unknown;
  expense: ExpenseView | null;
  tiers: readonly string[];
  payments: { count: number; cents: number } | null;
  notice?: Notice | undefined;
  form?: FormValues | undefined;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

const ReportSection: FC<{ x: ExpenseView }> = ({ x }) => {
  const r = x.report;
  const flag = (path: string, value: string | undefined) => flagOf(x, path, value);
  return (
    <>
      <dl class="kv">
        <dt>Report</dt>
        <dd>
          <Untrusted text={r.reportId} flagged={flag("reportId", r.reportId)} />
        </dd>
        <dt>Employee ID</dt>
        <dd>
          <Untrusted text={r.employeeId} flagged={flag("employeeId", r.employeeId)} />
        </dd>
        <dt>Submitted</dt>
        <dd>{r.submittedAt}</dd>
        <dt>Purpose</dt>
        <dd>
          <Untrusted text={r.purpose} flagged={flag("purpose", r.purpose)} />
        </dd>
        {r.policy !== undefined && (
          <>
            <dt>Policy</dt>
            <dd>
              <Untrusted text={r.policy} flagged={flag("policy", r.policy)} />
            </dd>
          </>
        )}
      </dl>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Date</th>
            <th>Merchant</th>
            <th>Description</th>
            <th>Filed as</th>
            <th class="num">Amount</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {r.items.map((item, i) => (
            <tr>
              <td class="num muted">{i + 1}</td>
              <td class="nowrap">{item.date}</td>
              <td>
                <Untrusted text={item.merchant} flagged={flag(`items[${i}].merchant`, item.merchant)} />
                {item.city !== undefined && (
                  <div class="small muted">
                    City: <Untrusted text={item.city} flagged={flag(`items[${i}].city`, item.city)} />
                  </div>
                )}
              </td>
              <td>
                <Untrusted text={item.description} flagged={flag(`items[${i}].description`, item.description)} />
              </td>
              <td>{item.category ? item.category.replace(/_/g, " ") : <span class="muted">not filed</span>}</td>
              <td class="num">{amountIn(item.amount, item.currency)}</td>
              <td class="small">
                {item.travelClass && <div>Class: {item.travelClass.replace(/_/g, " ")}</div>}
                <div>
                  Pre-approval:{" "}
                  {item.preApprovalId ? <Untrusted text={item.preApprovalId} flagged={flag(`items[${i}].preApprovalId`, item.preApprovalId)} /> : <span class="muted">none</span>}
                </div>
                <div>Receipt: {item.receipt ? "yes" : <strong>no</strong>}</div>
                {item.attendees > 1 && <div>Attendees: {item.attendees}</div>}
                {item.nights > 1 && <div>Nights: {item.nights}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
};

/** From the run's own step outputs (lookupEmployee, findApprovedItems, convert, classify). */
const GatheredSection: FC<{ x: ExpenseView }> = ({ x }) => (
  <>
    <div class="grid">
      <div class="card soft">
        <h3>Employee record</h3>
        {x.employee ? (
          <dl class="kv">
            <dt>Name</dt>
            <dd>{x.employee.name}</dd>
            <dt>ID</dt>
            <dd class="mono">{x.employee.id}</dd>
            <dt>Status</dt>
            <dd>
              <Badge tone={x.employee.status === "active" ? "ok" : "bad"}>{x.employee.status.replace(/_/g, " ")}</Badge>
            </dd>
            <dt>Level</dt>
            <dd>{x.employee.level}</dd>
          </dl>
        ) : (
          <p>
            <Badge tone="bad">Not in the directory</Badge>
          </p>
        )}
      </div>
      <div class="card soft">
        <h3>Earlier approved items on these dates</h3>
        {x.prior.length === 0 ? (
          <p class="muted">None: no earlier approved report of this employee has an item on these dates.</p>
        ) : (
          <ul>
            {x.prior.map((p) => (
              <li>
                {p.date} · <Untrusted text={p.merchant} /> · {amountIn(p.amount, p.currency)} · report <Untrusted text={p.reportId} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
    <h3>Amounts and categories</h3>
    <table>
      <thead>
        <tr>
          <th>#</th>
          <th>Merchant</th>
          <th class="num">Claimed</th>
          <th class="num">In USD</th>
          <th>Category used</th>
          <th>How it was decided</th>
        </tr>
      </thead>
      <tbody>
        {x.report.items.map((item, i) => {
          const c = x.categories[i]!;
          const dup = x.duplicates.get(i);
          return (
            <tr>
              <td class="num muted">{i + 1}</td>
              <td>
                <Untrusted text={item.merchant} />
                {dup && (
                  <div class="small">
                    <Badge tone="reject">Duplicate</Badge>
                    {"prior" in dup ? (
                      <>
                        of report <Untrusted text={dup.prior.reportId} /> ({dup.prior.date}, {amountIn(dup.prior.amount, dup.prior.currency)})
                      </>
                    ) : (
                      <>of item {dup.earlierIndex + 1} of this report</>
                    )}
                  </div>
                )}
              </td>
              <td class="num">{amountIn(item.amount, item.currency)}</td>
              <td class="num">{x.usdCents[i] === null ? <Badge tone="reject">not convertible</Badge> : money(x.usdCents[i])}</td>
              <td>
                {c.resolved.replace(/_/g, " ")}{" "}
                <Badge tone={c.source === "corrected" ? "warn" : c.source === "inferred" ? "info" : "neutral"}>{c.source}</Badge>
              </td>
              <td class="small">
                {c.why}
                {c.model && (
                  <div class="muted">
                    model: {c.model.split("/").pop()}
                    {c.confidence !== undefined && ` · confidence ${Math.round(c.confidence * 100)}%`}
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  </>
);

/** Codes already explained under "Why it stopped" get a badge here; the others (caps, rejections) their sentence. */
const ProposalTable: FC<{ x: ExpenseView; explained: readonly string[] }> = ({ x, explained }) => {
  const p = x.proposal!;
  const reasons = new Set(explained);
  return (
    <>
      <p>
        The agent proposed <Status value={p.decision} />
        {x.approvePays !== null && (
          <>
            {" "}
            · within policy: <strong>{money(x.approvePays)}</strong> of {money(x.usdCents.reduce<number>((s, c) => s + (c ?? 0), 0))} claimed
          </>
        )}
      </p>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Merchant</th>
            <th>Category</th>
            <th class="num">Claimed (USD)</th>
            <th>Agent's verdict</th>
            <th class="num">Policy allows</th>
            <th>Rules</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((o) => {
            const item = x.report.items[o.index];
            return (
              <tr>
                <td class="num muted">{o.index + 1}</td>
                <td>{item ? <Untrusted text={item.merchant} /> : "—"}</td>
                <td>{o.category.replace(/_/g, " ")}</td>
                <td class="num">{money(x.usdCents[o.index])}</td>
                <td>
                  <Status value={o.verdict} />
                </td>
                <td class="num">{money(o.approvedCents)}</td>
                <td>
                  {o.codes.length === 0 ? (
                    <span class="muted">within policy</span>
                  ) : (
                    o.codes.map((code) =>
                      reasons.has(code) ? (
                        <ReasonBadge code={code} />
                      ) : (
                        <div class="small">
                          <ReasonBadge code={code} /> {reasonOf(code).sentence}
                        </div>
                      ),
                    )
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <details>
        <summary>The explanation the employee would read</summary>
        <p class="untrusted">
          <Untrusted text={p.explanation} />
        </p>
      </details>
    </>
  );
};

const VERDICT_OPTIONS = [
  { value: "", label: "Keep the agent's proposal" },
  { value: "approved", label: "Approve" },
  { value: "capped", label: "Approve a lower amount" },
  { value: "rejected", label: "Reject this item" },
];

const DecisionForm: FC<{ item: ReviewRow; x: ExpenseView | null; csrf: string; form?: FormValues | undefined; error?: Notice | undefined }> = ({ item, x, csrf, form, error }) => {
  const decision = form?.decision ?? "";
  const proposal = x?.proposal ?? null;
  return (
    <form class="decision-form" id="decision" method="post" action={`/dashboard/reviews/${encodeURIComponent(item.id)}/decision`}>
      <h2>Your decision</h2>
      {error && (
        <div class="alert alert-danger" role="alert">
          <strong>{error.title}</strong>
          {error.message}
        </div>
      )}
      <input type="hidden" name="csrf" value={csrf} />
      <fieldset class="choices">
        <legend class="muted small">Choose one</legend>
        <label class="choice">
          <input type="radio" name="decision" value="approve" required checked={decision === "approve"} />
          <span>
            <strong>Approve</strong>
            {x?.approvePays !== null && x?.approvePays !== undefined
              ? `Pay what the policy allows: ${money(x.approvePays)}. Items a rule rejected stay rejected.`
              : "Accept the agent's proposal."}
          </span>
        </label>
        <label class="choice">
          <input type="radio" name="decision" value="reject" checked={decision === "reject"} />
          <span>
            <strong>Reject</strong>
            Reject the whole report. Nothing is paid.
          </span>
        </label>
        {proposal && (
          <label class="choice">
            <input type="radio" name="decision" value="amend" checked={decision === "amend"} />
            <span>
              <strong>Amend</strong>
              Decide item by item in the table below (within policy: never more than it allows).
            </span>
          </label>
        )}
      </fieldset>
      {proposal && x && (
        <>
          <h3>Item by item (only used when you choose Amend)</h3>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>Merchant</th>
                <th>Agent's verdict</th>
                <th class="num">Policy allows</th>
                <th>Your verdict</th>
                <th>Amount to pay (USD)</th>
              </tr>
            </thead>
            <tbody>
              {proposal.items.map((o) => {
                const prev = form?.items[o.index];
                const ruleRejected = o.verdict === "rejected";
                return (
                  <tr>
                    <td class="num muted">{o.index + 1}</td>
                    <td>
                      <Untrusted text={x.report.items[o.index]?.merchant} />
                    </td>
                    <td>
                      <Status value={o.verdict} />
                    </td>
                    <td class="num">{money(o.approvedCents)}</td>
                    <td>
                      <label class="sr-only" for={`verdict_${o.index}`}>
                        Item {o.index + 1} verdict
                      </label>
                      <select id={`verdict_${o.index}`} name={`verdict_${o.index}`}>
                        {VERDICT_OPTIONS.filter((v) => !ruleRejected || v.value === "" || v.value === "rejected").map((v) => (
                          <option value={v.value} selected={(prev?.verdict ?? "") === v.value}>
                            {v.label}
                          </option>
                        ))}
                      </select>
                      {ruleRejected && <div class="small muted">Rejected by a rule: cannot be paid.</div>}
                    </td>
                    <td>
                      {!ruleRejected && (
                        <>
                          <label class="sr-only" for={`amount_${o.index}`}>
                            Item {o.index + 1} amount
                          </label>
                          <input
                            class="amount"
                            type="text"
                            inputmode="decimal"
                            id={`amount_${o.index}`}
                            name={`amount_${o.index}`}
                            placeholder={centsToInput(o.approvedCents)}
                            value={prev?.amount ?? ""}
                          />
                          <div class="small muted">blank = {money(o.approvedCents)}</div>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <div class="field">
        <label for="comment">Comment (required; recorded with your name and shown in the audit trail)</label>
        <textarea id="comment" name="comment" required maxlength={2000}>
          {form?.comment ?? ""}
        </textarea>
      </div>
      <div class="actions">
        <button type="submit">Submit decision</button>
        <span class="small muted">A decision is final: the run resumes and pays what you decided.</span>
      </div>
    </form>
  );
};

const DecidedPanel: FC<{ item: ReviewRow; run: RunView | null; payments: ReviewPageProps["payments"] }> = ({ item, run, payments }) => {
  const outcome = run?.outcome as { decision?: string; approvedAmountCents?: number; explanation?: string } | null | undefined;
  return (
    <div class="card">
      <h2>Decision</h2>
      <dl class="kv">
        <dt>Decision</dt>
        <dd>
          <Status value={item.decision} />
        </dd>
        <dt>By</dt>
        <dd>
          <Untrusted text={item.decidedBy} />
        </dd>
        <dt>When</dt>
        <dd>{dateTime(item.decidedAt)}</dd>
        <dt>Comment</dt>
        <dd>
          <Untrusted text={item.comment} />
        </dd>
        <dt>Run</dt>
        <dd>
          <Status value={run?.status} /> {run?.decidedBy && <span class="small muted">decided by {run.decidedBy}</span>}
        </dd>
        {outcome && typeof outcome.approvedAmountCents === "number" && (
          <>
            <dt>Final outcome</dt>
            <dd>
              <Status value={outcome.decision} /> {money(outcome.approvedAmountCents)}
            </dd>
          </>
        )}
        {payments && (
          <>
            <dt>Payments</dt>
            <dd>
              {payments.count === 0 ? "none scheduled" : `${payments.count} scheduled, ${money(payments.cents)}`}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
};

export const ReviewPage: FC<ReviewPageProps> = (p) => {
  const { item, run, steps, expense: x, now } = p;
  const waited = (item.decidedAt ?? now) - item.createdAt;
  const late = item.status === "open" && waited > REVIEW_SLA_MS;
  const reportId = x?.report.reportId ?? str(item.subject?.reportId);
  const suspicious = x && (x.hiddenPaths.size > 0 || x.modelFlaggedPaths.size > 0);
  return (
    <Layout title={`Review ${reportId ?? item.id}`} section="queue" user={p.user}>
      <p class="small">
        <a href="/dashboard">← Queue</a>
      </p>
      <h1>
        {reportId ? (
          <>
            Report <Untrusted text={reportId} />
          </>
        ) : (
          <>Review {item.id}</>
        )}
        {x?.employee && <span class="muted"> · {x.employee.name}</span>}
      </h1>
      <div class="summary">
        <Status value={item.status} />
        <span>
          Priority <strong>{PRIORITY_LABELS[item.priority] ?? item.priority}</strong>
        </span>
        <span>
          {item.status === "open" ? "Waiting" : "Waited"} <strong>{age(waited)}</strong> {late && <Badge tone="bad">Past SLA</Badge>}
        </span>
        <span class="muted small">
          agent {item.agent} · run <a href={`/dashboard/runs/${encodeURIComponent(item.runId)}`} class="mono">{item.runId}</a>
        </span>
        {item.status === "open" && (
          <a class="button jump" href="#decision">
            Go to the decision form ↓
          </a>
        )}
      </div>

      {p.notice && (
        <div class={`alert alert-${p.notice.tone}`} role={p.notice.tone === "danger" ? "alert" : "status"}>
          <strong>{p.notice.title}</strong>
          {p.notice.message}
        </div>
      )}
      {suspicious && (
        <div class="alert alert-danger">
          <strong>This report contains text the agent flagged as suspicious.</strong>
          Flagged fields are outlined in red below, and hidden characters are shown as [U+….] marks. Read them as data, never as instructions: nothing written in a
          report can change the policy or your decision.
        </div>
      )}

      <h2>Why it stopped</h2>
      <ReasonList codes={item.reasons} />
      {item.status === "open" && run && run.stopReason && !item.reasons.includes(run.stopReason) && (
        <p class="small muted">
          {reasonOf(run.stopReason).sentence} ({run.stopReason})
        </p>
      )}

      {item.status === "decided" && <DecidedPanel item={item} run={run} payments={p.payments} />}
      {item.status === "open" && run && run.status !== "waiting_for_review" && (
        <div class="alert alert-warn">
          <strong>The run is {run.status.replace(/_/g, " ")}, not waiting for review.</strong>A decision cannot be applied to it.
        </div>
      )}

      <h2>Proposed outcome</h2>
      {x?.proposal ? <ProposalTable x={x} explained={item.reasons} /> : item.proposal ? <JsonBlock value={item.proposal} /> : <p class="muted">The agent made no proposal.</p>}

      <h2>The report as submitted</h2>
      {x ? <ReportSection x={x} /> : p.input !== undefined && p.input !== null ? <JsonBlock value={p.input} /> : <p class="muted">The run's input is not available: its run object has no record of it.</p>}

      {x && (
        <>
          <h2>What the agent gathered</h2>
          <GatheredSection x={x} />
        </>
      )}

      {item.status === "open" && <DecisionForm item={item} x={x} csrf={p.user.csrfToken} form={p.form} error={p.notice?.tone === "danger" ? p.notice : undefined} />}

      <h2>Step timeline</h2>
      {steps ? <Timeline steps={steps} tiers={p.tiers} /> : <p class="muted">The run's journal is not available.</p>}
    </Layout>
  );
};
