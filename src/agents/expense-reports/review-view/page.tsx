/**
 * The expense agent's parts of the dashboard's review page (its
 * AgentReviewView): the report as submitted, what the agent gathered, its
 * proposal item by item, the per-item amend rows and the payments. The page
 * around them (reasons, decision form, timeline) is the dashboard's.
 */
import type { FC } from "hono/jsx";
import { and, eq } from "drizzle-orm";
import { database } from "../../../db/client";
import { payments as paymentsTable } from "../../../db/schema";
import { Badge, ReasonBadge, Status, Untrusted } from "../../../dashboard/components";
import { amountIn, money } from "../../../dashboard/format";
import type { AgentReviewPage, AgentReviewView, AmendableItem, ReviewViewSources } from "../../../runtime/review-view";
import { OutcomeSchema } from "../schema";
import { expenseColumns } from "./columns";
import { expenseView, flagOf, parseReport, type ExpenseView } from "./facts";
import { EXPENSE_REASONS } from "./reasons";

const reasonOf = (code: string) => EXPENSE_REASONS[code] ?? { label: code, sentence: code, kind: "runtime" as const };

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
                        <ReasonBadge code={code} reasons={EXPENSE_REASONS} />
                      ) : (
                        <div class="small">
                          <ReasonBadge code={code} reasons={EXPENSE_REASONS} /> {reasonOf(code).sentence}
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


async function paymentsOf(src: ReviewViewSources): Promise<{ count: number; cents: number } | null> {
  const report = parseReport(src.input);
  if (!report) return null;
  const rows = await database(src.env.DB)
    .select({ cents: paymentsTable.amountCents })
    .from(paymentsTable)
    .where(and(eq(paymentsTable.tenantId, src.tenantId), eq(paymentsTable.reportId, report.reportId)))
    .all();
  return { count: rows.length, cents: rows.reduce((s, p) => s + p.cents, 0) };
}

const paymentsFact = (p: { count: number; cents: number }) => ({
  label: "Payments",
  value: p.count === 0 ? "none scheduled" : `${p.count} scheduled, ${money(p.cents)}`,
});

async function page(src: ReviewViewSources): Promise<AgentReviewPage | null> {
  const x = expenseView(src);
  if (!x) return null;
  const paid = await paymentsOf(src);
  const suspicious = x.hiddenPaths.size > 0 || x.modelFlaggedPaths.size > 0;
  return {
    title: `Report ${x.report.reportId}`,
    subtitle: x.employee?.name,
    alert: suspicious ? (
      <div class="alert alert-danger">
        <strong>This report contains text the agent flagged as suspicious.</strong>
        Flagged fields are outlined in red below, and hidden characters are shown as [U+….] marks. Read them as data, never as instructions: nothing written in a
        report can change the policy or your decision.
      </div>
    ) : undefined,
    sections: [
      { heading: "Proposed outcome", body: x.proposal ? <ProposalTable x={x} explained={src.reasons} /> : <p class="muted">The agent made no proposal.</p> },
      { heading: "The report as submitted", body: <ReportSection x={x} /> },
      { heading: "What the agent gathered", body: <GatheredSection x={x} /> },
    ],
    choices: {
      approve: x.approvePays !== null ? `Pay what the policy allows: ${money(x.approvePays)}. Items a rule rejected stay rejected.` : "Accept the agent's proposal.",
      reject: "Reject the whole report. Nothing is paid.",
      amend: x.proposal ? "Decide item by item in the table below: type a lower amount to pay less for a line, or choose its verdict (within policy: never more than it allows)." : undefined,
    },
    finalNote: "A decision is final: the run resumes and pays what you decided.",
    facts: paid ? [paymentsFact(paid)] : [],
  };
}

/** Items of the proposal, with the most the policy allows; a rule's rejection cannot be overturned. */
function amendable(proposal: unknown, input: unknown): AmendableItem[] | null {
  const parsed = OutcomeSchema.safeParse(proposal);
  if (!parsed.success) return null;
  const report = parseReport(input);
  return parsed.data.items.map((o) => ({
    index: o.index,
    label: report?.items[o.index]?.merchant ?? `Item ${o.index + 1}`,
    verdict: o.verdict,
    approvedCents: o.approvedCents,
    locked: o.verdict === "rejected" ? "Rejected by a rule: cannot be paid." : undefined,
  }));
}

export const expenseReviewView: AgentReviewView = {
  reasons: EXPENSE_REASONS,
  ...expenseColumns,
  page,
  amendable,
  async runFacts(src) {
    const paid = await paymentsOf(src);
    return paid ? [paymentsFact(paid)] : [];
  },
};
