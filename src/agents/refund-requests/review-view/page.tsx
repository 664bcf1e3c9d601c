/**
 * The refund agent's parts of the dashboard's review page (its
 * AgentReviewView): the customer's message as data, what checkEligibility
 * answered line by line, and the proposed refund and reply. The page around
 * them (reasons, the paused call's arguments, the decision form, the
 * timeline) is the dashboard's.
 */
import type { FC } from "hono/jsx";
import { Badge, ReasonBadge, Untrusted } from "../../../dashboard/components";
import { money } from "../../../dashboard/format";
import type { AgentReviewPage, AgentReviewView, ReviewViewSources } from "../../../runtime/review-view";
import { findHiddenChars } from "../../../text/visible";
import { refundColumns } from "./columns";
import { refundView, type RefundView } from "./facts";
import { REFUND_REASONS } from "./reasons";

const pretty = (s: string) => s.replace(/_/g, " ");

const RequestSection: FC<{ x: RefundView }> = ({ x }) => {
  const r = x.request;
  const hidden = findHiddenChars(r.message);
  return (
    <>
      <p class="small muted">
        The message is the customer's own words: read it as data, never as instructions. Nothing written in it can change the policy or your decision.
      </p>
      {hidden.length > 0 && (
        <p class="small">
          <Badge tone="bad">Hidden characters</Badge> {hidden.length} hidden character(s), shown as [U+….] marks: {[...new Set(hidden.map((h) => h.label))].join(", ")}
        </p>
      )}
      <blockquote class="untrusted">
        <Untrusted text={r.message} flagged={hidden.length > 0 ? "Suspicious text: hidden characters" : undefined} />
      </blockquote>
      <dl class="kv">
        <dt>Request</dt>
        <dd>
          <Untrusted text={r.requestId} />
        </dd>
        <dt>Customer</dt>
        <dd>
          {x.customer ? (
            <>
              {x.customer.name} · {x.customer.tier} · {x.customer.status === "active" ? "active" : <Badge tone="bad">{x.customer.status}</Badge>} ·{" "}
              {x.customer.refundsLast90Days} refund(s) in the last 90 days
            </>
          ) : (
            <span class="muted">not looked up</span>
          )}{" "}
          <span class="mono small">
            <Untrusted text={r.customerId} />
          </span>
        </dd>
        <dt>Received</dt>
        <dd>{r.receivedAt}</dd>
        <dt>Order named</dt>
        <dd>{r.orderId !== undefined ? <Untrusted text={r.orderId} /> : <span class="muted">none (the agent identified it)</span>}</dd>
        {r.channel && (
          <>
            <dt>Channel</dt>
            <dd>{r.channel}</dd>
          </>
        )}
      </dl>
    </>
  );
};

const EligibilitySection: FC<{ x: RefundView }> = ({ x }) => {
  const e = x.eligibility;
  if (!e) return <p class="muted">The agent did not check eligibility for this request.</p>;
  return (
    <>
      <p>
        Order <strong class="mono">{e.orderId}</strong>, reason <strong>{pretty(e.reason)}</strong>: the policy says <strong>{pretty(e.decision)}</strong>
        {e.refundCents > 0 && (
          <>
            {" "}
            for <strong>{money(e.refundCents)}</strong>
          </>
        )}
        .
      </p>
      <table>
        <thead>
          <tr>
            <th>Item</th>
            <th class="num">Quantity</th>
            <th>Verdict</th>
            <th class="num">Refund</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {e.lines.map((l) => (
            <tr>
              <td class="mono">{l.sku}</td>
              <td class="num">{l.quantity}</td>
              <td>
                <Badge tone={l.verdict === "refunded" ? "ok" : l.verdict === "denied" ? "reject" : "warn"}>{pretty(l.verdict)}</Badge>
              </td>
              <td class="num">{money(l.refundCents)}</td>
              <td class="small">{l.codes.length === 0 ? <span class="muted">—</span> : l.codes.map((c) => <ReasonBadge code={c} reasons={REFUND_REASONS} />)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl class="kv">
        <dt>Amount</dt>
        <dd>
          {money(e.refundCents)}
          {e.shippingCents > 0 && <span class="muted"> (includes {money(e.shippingCents)} shipping)</span>}
        </dd>
        <dt>Return label</dt>
        <dd>{e.returnLabel ? "needed: emailed after the refund is issued" : "not needed"}</dd>
        <dt>Codes</dt>
        <dd>{e.codes.length === 0 ? <span class="muted">none</span> : e.codes.map((c) => <ReasonBadge code={c} reasons={REFUND_REASONS} />)}</dd>
      </dl>
    </>
  );
};

/** The codes that sent this refund to a person (the page's reasons are the runtime's: a call needs approval). */
const ProposalSection: FC<{ x: RefundView }> = ({ x }) => {
  const why = [...new Set([...(x.eligibility?.codes ?? []), ...(x.answer?.codes ?? [])])].filter((c) => REFUND_REASONS[c]?.kind === "escalate" || REFUND_REASONS[c]?.kind === "suspicious");
  return (
  <>
    {x.refund ? (
      <p>
        Refund <strong>{money(x.refund.amountCents)}</strong> on order <strong class="mono">{x.refund.orderId}</strong>
        {x.refund.lines.length > 0 && <> for {x.refund.lines.map((l) => `${l.quantity} x ${l.sku}`).join(", ")}</>}
        {x.refund.reason && <> ({pretty(x.refund.reason)})</>}. Nothing has been refunded yet.
      </p>
    ) : x.answer ? (
      <p>
        The agent's answer is <strong>{pretty(x.answer.decision)}</strong>
        {x.answer.orderId && (
          <>
            {" "}
            for order <strong class="mono">{x.answer.orderId}</strong>
          </>
        )}
        . No refund is proposed; nothing has been refunded.
      </p>
    ) : (
      <p class="muted">No refund is proposed.</p>
    )}
    {why.length > 0 && (
      <>
        <h3>Why a person decides</h3>
        <ul>
          {why.map((c) => (
            <li>
              <ReasonBadge code={c} reasons={REFUND_REASONS} /> {REFUND_REASONS[c]!.sentence}
            </li>
          ))}
        </ul>
      </>
    )}
    <h3>Reply to the customer</h3>
    {x.replies.length > 0 ? (
      x.replies.map((text, i) => (
        <>
          <p class="small muted">{i === 0 ? "Sent while the request waits:" : "Sent after the decision:"}</p>
          <p class="untrusted">
            <Untrusted text={text} />
          </p>
        </>
      ))
    ) : x.answer?.reply ? (
      <p class="untrusted">
        <Untrusted text={x.answer.reply} />
      </p>
    ) : (
      <p class="muted">No reply has been sent yet.</p>
    )}
    <p class="small muted">After your decision the customer gets a second reply saying what was decided.</p>
  </>
  );
};

async function page(src: ReviewViewSources): Promise<AgentReviewPage | null> {
  const x = refundView(src);
  if (!x) return null;
  const suspicious = src.reasons.includes("SUSPICIOUS_TEXT") || findHiddenChars(x.request.message).length > 0;
  return {
    title: `Refund request ${x.request.requestId}`,
    subtitle: x.customer?.name,
    alert: suspicious ? (
      <div class="alert alert-danger">
        <strong>This request contains text the agent flagged as suspicious.</strong>
        Hidden characters are shown as [U+….] marks. Read the message as data, never as instructions: nothing written in it can change the policy or your decision.
      </div>
    ) : undefined,
    sections: [
      { heading: "The request", body: <RequestSection x={x} /> },
      { heading: "What the eligibility check answered", body: <EligibilitySection x={x} /> },
      { heading: "Proposed refund and reply", body: <ProposalSection x={x} /> },
    ],
    choices: {
      approve: x.refund ? `Issue the refund of ${money(x.refund.amountCents)} (and the return label when one is needed).` : "Accept the agent's answer.",
      reject: x.refund ? "Refuse the refund: nothing is refunded, and the customer is told." : "Reject the agent's answer.",
    },
    finalNote: "A decision is final: the run resumes, refunds only what you approved, and replies to the customer.",
  };
}

export const refundReviewView: AgentReviewView = {
  reasons: REFUND_REASONS,
  ...refundColumns,
  page,
};
