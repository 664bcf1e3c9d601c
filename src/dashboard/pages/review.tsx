import type { FC } from "hono/jsx";
import { dueAtOf } from "../../escalation/sla";
import type { AgentReviewPage, AmendableItem } from "../../runtime/review-view";
import type { RunView, StepView } from "../../runtime/run-view";
import { Badge, JsonBlock, Layout, ReasonList, Status, Timeline, Untrusted, type LayoutProps } from "../components";
import type { ReviewRow } from "../data";
import { age, centsToInput, clockTime, dateTime, money, PRIORITY_LABELS, timeLeft } from "../format";
import type { FieldErrors, FormValues } from "../decision-form";
import { reasonOf, type Reasons } from "../reasons";
import { callChoices, editableCall, toolCallProposal, ToolCallSections, type ToolCallProposal } from "../tool-call-view";

export interface Notice {
  tone: "ok" | "danger" | "warn" | "info";
  title: string;
  message: string;
}

export type { FormValues };

/** Who holds the item's lease as this page is shown (src/escalation/claims.ts). */
export interface ClaimState {
  /** "mine": the signed-in person holds it; "theirs": someone else does; "none": free (or closed). */
  holder: "mine" | "theirs" | "none";
  claimedBy: string | null;
  /** Epoch ms the lease ends. */
  until: number | null;
}

export interface ReviewPageProps {
  user: NonNullable<LayoutProps["user"]>;
  item: ReviewRow;
  now: number;
  run: RunView | null;
  steps: StepView[] | null;
  input: unknown;
  /** The agent's own parts of the page (its reviewView); null = the generic view. */
  view: AgentReviewPage | null;
  /** The agent's words for its codes. */
  reasons: Reasons;
  /** Items the reviewer may decide one by one (Amend); null when there are none. */
  amendable: AmendableItem[] | null;
  tiers: readonly string[];
  notice?: Notice | undefined;
  form?: FormValues | undefined;
  /** Why fields were refused, by control name: shown next to each. */
  errors?: FieldErrors | undefined;
  claim: ClaimState;
  /** The response's CSP nonce (keyboard shortcuts). */
  nonce?: string | undefined;
}

/** A field's error, next to it; `id` is what the control's aria-describedby names. */
const FieldError: FC<{ name: string; errors: FieldErrors | undefined }> = ({ name, errors }) =>
  errors?.[name] ? (
    <p class="field-error" id={`error-${name}`} data-field={name}>
      {errors[name]}
    </p>
  ) : null;

/** aria attributes of a control that has an error. */
const invalid = (name: string, errors: FieldErrors | undefined) => (errors?.[name] ? { "aria-invalid": "true", "aria-describedby": `error-${name}` } : {});

/** Who has the item: yours (renew / release), someone else's (and, for operators, Take over), or free. */
const ClaimPanel: FC<{ item: ReviewRow; claim: ClaimState; csrf: string; operator: boolean; now: number }> = ({ item, claim, csrf, operator, now }) => {
  if (item.status !== "open") return null;
  const action = `/dashboard/reviews/${encodeURIComponent(item.id)}/claim`;
  const until = claim.until !== null ? clockTime(claim.until, now) : "";
  const button = (value: string, label: string, cls = "secondary") => (
    <form method="post" action={action}>
      <input type="hidden" name="csrf" value={csrf} />
      <button type="submit" class={cls} name="action" value={value} id={`claim-${value}`}>
        {label}
      </button>
    </form>
  );
  if (claim.holder === "mine") {
    return (
      <div class="claim-status mine" id="claim-status" role="status" data-holder="mine">
        <span>
          <strong>This item is claimed by you until {until}.</strong> Others see that you are working on it; the lease renews whenever you act on the item, and every few minutes while you work on this page.
        </span>
        {button("renew", "Keep it 15 more minutes")}
        {button("release", "Release it")}
      </div>
    );
  }
  if (claim.holder === "theirs") {
    return (
      <div class="claim-status theirs" id="claim-status" role="status" data-holder="theirs">
        <span>
          <strong>
            This item is claimed by <Untrusted text={claim.claimedBy} /> until {until}.
          </strong>{" "}
          You can read the item; deciding waits until they release it or the lease ends
          {operator ? ", or you take it over (recorded in the audit)." : ". An operator can take it over."}
        </span>
        {operator && button("takeover", "Take over", "danger")}
      </div>
    );
  }
  return (
    <div class="claim-status" id="claim-status" role="status" data-holder="none">
      <span>Nobody is working on this item.</span>
      {button("renew", "Claim it")}
    </div>
  );
};

/** The generic view's words: they fit any agent. */
const GENERIC_CHOICES: AgentReviewPage["choices"] = {
  approve: "Accept the agent's proposal: the run goes on as proposed.",
  reject: "Refuse the agent's proposal: the run goes on without it.",
  amend: "Decide item by item in the table below.",
};
const GENERIC_FINAL_NOTE = "A decision is final: the run resumes with what you decided.";

const VERDICT_OPTIONS = [
  { value: "", label: "Keep the agent's proposal" },
  { value: "approved", label: "Approve" },
  { value: "capped", label: "Approve a lower amount" },
  { value: "rejected", label: "Reject this item" },
];

const DecisionForm: FC<{
  item: ReviewRow;
  choices: AgentReviewPage["choices"];
  /** A paused tool call: its own choices (approve / reject / edit, or took effect / did not). */
  call: ToolCallProposal | null;
  amendable: AmendableItem[] | null;
  csrf: string;
  form?: FormValues | undefined;
  error?: Notice | undefined;
  errors?: FieldErrors | undefined;
  /** Someone else holds the item: the form is shown but cannot be sent. */
  disabled: boolean;
  finalNote: string;
}> = ({ item, choices, call, amendable, csrf, form, error, errors, disabled, finalNote }) => {
  const decision = form?.decision ?? "";
  const amend = !call && amendable && amendable.length > 0 && choices.amend ? choices.amend : null;
  const toolCall = editableCall(call);
  const words = call ? callChoices(call) : null;
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
      <fieldset disabled={disabled}>
      <fieldset class="choices" {...invalid("decision", errors)}>
        <legend class="muted small">
          Choose one <span class="keys">(keys <kbd>a</kbd> <kbd>r</kbd> <kbd>e</kbd>)</span>
        </legend>
        <FieldError name="decision" errors={errors} />
        <label class="choice">
          <input type="radio" id="choice-approve" name="decision" value="approve" required checked={decision === "approve"} />
          <span>
            <strong>{words?.approve.label ?? "Approve"}</strong>
            {words?.approve.text ?? choices.approve}
          </span>
        </label>
        <label class="choice">
          <input type="radio" id="choice-reject" name="decision" value="reject" checked={decision === "reject"} />
          <span>
            <strong>{words?.reject.label ?? "Reject"}</strong>
            {words?.reject.text ?? choices.reject}
          </span>
        </label>
        {words?.edit && (
          <label class="choice">
            <input type="radio" id="choice-amend" name="decision" value="amend" checked={decision === "amend"} />
            <span>
              <strong>{words.edit.label}</strong>
              {words.edit.text}
            </span>
          </label>
        )}
        {amend && (
          <label class="choice">
            <input type="radio" id="choice-amend" name="decision" value="amend" checked={decision === "amend"} />
            <span>
              <strong>Amend</strong>
              {amend}
            </span>
          </label>
        )}
      </fieldset>
      {toolCall && (
        <label>
          <span class="muted small">Arguments (JSON; only used when you choose Edit the call)</span>
          <textarea name="arguments" rows={6} class="mono" spellcheck={false} {...invalid("arguments", errors)}>
            {form?.arguments ?? JSON.stringify(toolCall.arguments, null, 2)}
          </textarea>
          <FieldError name="arguments" errors={errors} />
        </label>
      )}
      {amend && amendable && (
        <>
          <h3>Item by item (a typed amount amends its line)</h3>
          <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>Item</th>
                <th>Agent's verdict</th>
                <th class="num">At most</th>
                <th>Your verdict</th>
                <th>Amount to pay (USD)</th>
              </tr>
            </thead>
            <tbody>
              {amendable.map((o) => {
                const prev = form?.items[o.index];
                return (
                  <tr>
                    <td class="num muted">{o.index + 1}</td>
                    <td>
                      <Untrusted text={o.label} />
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
                        {VERDICT_OPTIONS.filter((v) => !o.locked || v.value === "" || v.value === "rejected").map((v) => (
                          <option value={v.value} selected={(prev?.verdict ?? "") === v.value}>
                            {v.label}
                          </option>
                        ))}
                      </select>
                      {o.locked && <div class="small muted">{o.locked}</div>}
                    </td>
                    <td>
                      {!o.locked && (
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
                            {...invalid(`amount_${o.index}`, errors)}
                          />
                          <FieldError name={`amount_${o.index}`} errors={errors} />
                          <div class="small muted">blank = {money(o.approvedCents)}</div>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          </div>
        </>
      )}
      <div class="field">
        <label for="comment">Comment (required; recorded with your name and shown in the audit trail)</label>
        <textarea id="comment" name="comment" required maxlength={2000} {...invalid("comment", errors)}>
          {form?.comment ?? ""}
        </textarea>
        <FieldError name="comment" errors={errors} />
      </div>
      <div class="actions">
        <button type="submit" id="submit-decision">Submit decision</button>
        <span class="small muted">{finalNote}</span>
      </div>
      </fieldset>
    </form>
  );
};

const DecidedPanel: FC<{ item: ReviewRow; run: RunView | null; facts: NonNullable<AgentReviewPage["facts"]> }> = ({ item, run, facts }) => {
  const outcome = run?.outcome as { decision?: unknown; approvedAmountCents?: unknown } | null | undefined;
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
        {outcome && typeof outcome.decision === "string" && (
          <>
            <dt>Final outcome</dt>
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
      </dl>
    </div>
  );
};

const InputSection: FC<{ input: unknown }> = ({ input }) => (
  <>
    <h2>The run's input</h2>
    {input !== undefined && input !== null ? <JsonBlock value={input} /> : <p class="muted">The run's input is not available: its run object has no record of it.</p>}
  </>
);

/** Any agent's item in neutral words: its proposal and its input as data. */
const GenericSections: FC<{ item: ReviewRow; input: unknown }> = ({ item, input }) => (
  <>
    <h2>Proposed outcome</h2>
    {item.proposal !== null && item.proposal !== undefined ? <JsonBlock value={item.proposal} /> : <p class="muted">The agent made no proposal.</p>}
    <InputSection input={input} />
  </>
);

export const ReviewPage: FC<ReviewPageProps> = (p) => {
  const { item, run, steps, view, now } = p;
  // A paused tool call gets the call's view, by the proposal's shape (any tool agent); the agent's own sections follow it.
  const call = toolCallProposal(item.proposal);
  const waited = (item.decidedAt ?? now) - item.createdAt;
  const due = dueAtOf(item);
  const late = item.status === "open" && due < now;
  return (
    <Layout title={view?.title ?? `Review ${item.id}`} section="queue" user={p.user} nonce={p.nonce}>
      <p class="small">
        <a href="/dashboard">← Queue</a>
      </p>
      <h1 tabindex={-1} autofocus>
        {view?.title ? <Untrusted text={view.title} /> : <>Review {item.id}</>}
        {view?.subtitle && <span class="muted"> · {view.subtitle}</span>}
      </h1>
      <div class="summary">
        <Status value={item.status} />
        <span>
          Priority <strong>{PRIORITY_LABELS[item.priority] ?? item.priority}</strong>
        </span>
        <span>
          {item.status === "open" ? "Waiting" : "Waited"} <strong>{age(waited)}</strong> {late && <Badge tone="bad">Past SLA</Badge>}
        </span>
        {item.status === "open" && (
          <span class={late ? "due overdue" : "due"} id="due">
            Due {clockTime(due, now)} · {timeLeft(due - now)}
          </span>
        )}
        <span class="muted small">
          agent {item.agent} · run <a href={`/dashboard/runs/${encodeURIComponent(item.runId)}`} class="mono">{item.runId}</a> · <a href={`/dashboard/runs/${encodeURIComponent(item.runId)}/trace`}>trace</a>
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
      <ClaimPanel item={item} claim={p.claim} csrf={p.user.csrfToken} operator={p.user.role === "operator"} now={now} />
      {view?.alert}

      <h2>Why it stopped</h2>
      <ReasonList codes={item.reasons} reasons={p.reasons} />
      {item.status === "open" && run && run.stopReason && !item.reasons.includes(run.stopReason) && (
        <p class="small muted">
          {reasonOf(run.stopReason, p.reasons).sentence} ({run.stopReason})
        </p>
      )}

      {item.status === "decided" && <DecidedPanel item={item} run={run} facts={view?.facts ?? []} />}
      {item.status === "cancelled" && (
        <div class="alert alert-warn">
          <strong>The run was cancelled before anyone decided.</strong>There is nothing left to decide.
        </div>
      )}
      {item.status === "open" && run && run.status !== "waiting_for_review" && (
        <div class="alert alert-warn">
          <strong>The run is {run.status.replace(/_/g, " ")}, not waiting for review.</strong>A decision cannot be applied to it.
        </div>
      )}

      {call && (
        <>
          <ToolCallSections call={call} steps={steps} reasons={item.reasons} />
          {!view && <InputSection input={p.input} />}
        </>
      )}
      {view ? (
        view.sections.map((section) => (
          <>
            <h2>{section.heading}</h2>
            {section.body}
          </>
        ))
      ) : call ? null : (
        <GenericSections item={item} input={p.input} />
      )}

      {item.status === "open" && (
        <DecisionForm
          item={item}
          choices={view?.choices ?? GENERIC_CHOICES}
          call={call}
          amendable={p.amendable}
          csrf={p.user.csrfToken}
          form={p.form}
          error={p.notice?.tone === "danger" ? p.notice : undefined}
          errors={p.errors}
          disabled={p.claim.holder === "theirs"}
          finalNote={view?.finalNote ?? GENERIC_FINAL_NOTE}
        />
      )}

      <h2>Step timeline</h2>
      {steps ? <Timeline steps={steps} tiers={p.tiers} /> : <p class="muted">The run's journal is not available.</p>}
    </Layout>
  );
};
