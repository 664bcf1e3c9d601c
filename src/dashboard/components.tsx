/** Shared pieces of every dashboard page. Text is escaped by JSX; untrusted text also shows hidden characters. */
import type { Child, FC, PropsWithChildren } from "hono/jsx";
import { isHiddenCodePoint, makeVisible } from "../text/visible";
import type { StepView } from "../runtime/run-view";
import { duration, microUsd } from "./format";
import { KEYBOARD_SCRIPT } from "./keyboard";
import { reasonOf, type Reasons } from "./reasons";
import { STYLESHEET_VERSION } from "./styles";
import type { DashboardVariables } from "./types";

export type Section = "queue" | "runs" | "agents" | null;

export interface LayoutProps {
  title: string;
  section: Section;
  /** Absent on the sign-in page. */
  user?: Pick<DashboardVariables, "principal" | "role" | "tenantId" | "csrfToken"> | undefined;
  /** The response's CSP nonce: given, the page carries the keyboard shortcuts (src/dashboard/keyboard.ts). */
  nonce?: string | undefined;
}

export const Layout: FC<PropsWithChildren<LayoutProps>> = ({ title, section, user, nonce, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>{`${title} · Review dashboard`}</title>
      <link rel="stylesheet" href={`/dashboard/assets/style.css?v=${STYLESHEET_VERSION}`} />
    </head>
    <body>
      <a class="skip" href="#main">
        Skip to the content
      </a>
      <header class="top">
        <div class="inner">
          <a class="brand" href="/dashboard">Review dashboard</a>
          {user && (
            <nav aria-label="Sections">
              <a href="/dashboard" aria-current={section === "queue" ? "page" : undefined}>Queue</a>
              <a href="/dashboard/runs" aria-current={section === "runs" ? "page" : undefined}>Runs</a>
              <a href="/dashboard/agents" aria-current={section === "agents" ? "page" : undefined}>Agents</a>
            </nav>
          )}
          {user && (
            <div class="who">
              <span>
                <Untrusted text={user.principal} /> · {user.role} · tenant <Untrusted text={user.tenantId} />
              </span>
              <form method="post" action="/dashboard/logout">
                <input type="hidden" name="csrf" value={user.csrfToken} />
                <button type="submit">Sign out</button>
              </form>
            </div>
          )}
        </div>
      </header>
      <main id="main" tabindex={-1}>
        {children}
      </main>
      {nonce && <script nonce={nonce} dangerouslySetInnerHTML={{ __html: KEYBOARD_SCRIPT }} />}
    </body>
  </html>
);

/**
 * Text that came from outside (a report, a comment): escaped by JSX, and every
 * hidden character (zero-width, bidirectional override, ...) rendered as a
 * visible `[U+200B]` mark, exactly as makeVisible writes it.
 */
export const Untrusted: FC<{ text: string | null | undefined; flagged?: string | undefined }> = ({ text, flagged }) => {
  if (text === null || text === undefined || text === "") return <span class="muted">—</span>;
  const parts: Child[] = [];
  let plain = "";
  for (const ch of text) {
    if (isHiddenCodePoint(ch.codePointAt(0)!)) {
      if (plain) parts.push(plain);
      plain = "";
      parts.push(
        <mark class="hidden-char" title="hidden character">
          {makeVisible(ch)}
        </mark>,
      );
    } else plain += ch;
  }
  if (plain) parts.push(plain);
  return (
    <>
      <span class={flagged ? "untrusted flagged" : "untrusted"} dir="auto">
        {parts}
      </span>
      {flagged && <span class="flag">⚠ {flagged}</span>}
    </>
  );
};

export const Badge: FC<PropsWithChildren<{ tone: string; title?: string | undefined }>> = ({ tone, title, children }) => (
  <span class={`badge b-${tone}`} title={title}>
    {children}
  </span>
);

/** `reasons`: the agent's own words for its codes (see AgentReviewView.reasons). */
export const ReasonBadge: FC<{ code: string; reasons?: Reasons | undefined }> = ({ code, reasons }) => {
  const r = reasonOf(code, reasons);
  return (
    <Badge tone={r.kind} title={`${code}: ${r.sentence}`}>
      {r.label}
    </Badge>
  );
};

/** Each code with its plain sentence. */
export const ReasonList: FC<{ codes: readonly string[]; reasons?: Reasons | undefined }> = ({ codes, reasons }) => (
  <ul class="reasons">
    {codes.map((code) => (
      <li>
        <ReasonBadge code={code} reasons={reasons} />
        <span>
          {reasonOf(code, reasons).sentence} <span class="muted mono small">{code}</span>
        </span>
      </li>
    ))}
  </ul>
);

const STATUS_TONES: Record<string, string> = {
  completed: "ok",
  approved: "ok",
  approve: "ok",
  capped: "warn",
  running: "info",
  queued: "neutral",
  retrying: "warn",
  waiting_for_review: "info",
  needs_review: "info",
  escalate: "info",
  open: "info",
  decided: "ok",
  amend: "warn",
  failed: "bad",
  rejected: "bad",
  reject: "bad",
  cancelled: "neutral",
};

export const Status: FC<{ value: string | null | undefined }> = ({ value }) =>
  value ? <Badge tone={STATUS_TONES[value] ?? "neutral"}>{value.replace(/_/g, " ")}</Badge> : <span class="muted">—</span>;

/** Its tier within the agent's cascade ("tier 1 of 2"), or null for a model outside it. */
function tierOf(model: string, tiers: readonly string[]): string | null {
  const tier = tiers.indexOf(model);
  return tier >= 0 ? `tier ${tier + 1} of ${tiers.length}` : null;
}

/** The runtime's pause request (`requestReview`), as a step without a summarizer journals it (JSON, maybe clipped). */
const REVIEW_REQUEST_SUMMARY = /^\{"\$review":/;

/** The reasons named in a journaled review request, read without parsing (the summary may be clipped). */
export function reviewRequestReasons(text: string): string[] {
  const list = /"reasons":\[([^\]]*)\]/.exec(text)?.[1] ?? "";
  return [...list.matchAll(/"([A-Z][A-Z0-9_]*)"/g)].map((m) => m[1]!);
}

/**
 * Journal summaries that are raw JSON (steps without a summarizer) are shown
 * small and monospaced; a pause request is said in words, not as `{"$review":...}`.
 */
const Summary: FC<{ text: string }> = ({ text }) => {
  if (REVIEW_REQUEST_SUMMARY.test(text)) {
    const reasons = reviewRequestReasons(text);
    return <span>{reasons.length ? `waits for a person's decision (${reasons.join(", ")})` : "waits for a person's decision"}</span>;
  }
  return /^[[{]/.test(text) ? (
    <span class="json">
      <Untrusted text={text} />
    </span>
  ) : (
    <Untrusted text={text} />
  );
};

/** The step journal: status, duration, models (tier, calls, cost) and tools of every step. */
export const Timeline: FC<{ steps: StepView[]; tiers?: readonly string[] }> = ({ steps, tiers = [] }) => {
  if (steps.length === 0) return <p class="empty">No steps were journaled.</p>;
  const totalCost = steps.reduce((s, step) => s + step.modelCalls.reduce((m, c) => m + c.costMicroUsd, 0), 0);
  const totalMs = steps.reduce((s, step) => s + (step.durationMs ?? 0), 0);
  return (
    <>
      <table class="timeline">
        <thead>
          <tr>
            <th>#</th>
            <th>Step</th>
            <th>Status</th>
            <th class="num">Duration</th>
            <th>Model tier(s)</th>
            <th class="num">Model cost</th>
            <th>Tool calls</th>
            <th>What happened</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => {
            const byModel = new Map<string, { calls: number; cost: number }>();
            for (const call of step.modelCalls) {
              const entry = byModel.get(call.model) ?? { calls: 0, cost: 0 };
              entry.calls += 1;
              entry.cost += call.costMicroUsd;
              byModel.set(call.model, entry);
            }
            const byTool = new Map<string, { calls: number; failed: number }>();
            for (const call of step.toolCalls) {
              const entry = byTool.get(call.tool) ?? { calls: 0, failed: 0 };
              entry.calls += 1;
              if (call.status === "failed") entry.failed += 1;
              byTool.set(call.tool, entry);
            }
            const cost = step.modelCalls.reduce((s, c) => s + c.costMicroUsd, 0);
            return (
              <tr>
                <td class="num muted">{step.index + 1}</td>
                <td class="step">
                  {step.name}
                  <div class="muted small">{step.kind}</div>
                </td>
                <td>
                  <Status value={step.status} />
                  {step.attempt > 1 && <div class="muted small">attempt {step.attempt}</div>}
                </td>
                <td class="num">{duration(step.durationMs)}</td>
                <td class="small models">
                  {byModel.size === 0 ? (
                    <span class="muted">none</span>
                  ) : (
                    [...byModel].map(([model, m]) => (
                      <div>
                        <strong>{tierOf(model, tiers) ?? "model"}</strong> × {m.calls}
                        <div class="muted mono">{model.split("/").pop()}</div>
                      </div>
                    ))
                  )}
                </td>
                <td class="num">{step.modelCalls.length ? microUsd(cost) : <span class="muted">—</span>}</td>
                <td class="small">
                  {byTool.size === 0 ? (
                    <span class="muted">{step.kind === "tool" ? "no side effects" : "none"}</span>
                  ) : (
                    [...byTool].map(([tool, t]) => (
                      <div>
                        <span class="mono">{tool}</span> × {t.calls}
                        {t.failed > 0 && <span class="err"> ({t.failed} failed)</span>}
                      </div>
                    ))
                  )}
                </td>
                <td class="small">
                  {step.inputSummary && (
                    <div class="muted">
                      <Summary text={step.inputSummary} />
                    </div>
                  )}
                  {step.outputSummary && (
                    <div>
                      → <Summary text={step.outputSummary} />
                    </div>
                  )}
                  {step.error && (
                    <div class="err">
                      {step.error.code}: <Untrusted text={step.error.message} />
                    </div>
                  )}
                  {step.retryAt && <div class="muted">retry at {step.retryAt}</div>}
                  {step.detail && (
                    <details>
                      <summary>{step.detail.kind === "turn" ? "messages in and out" : "arguments and result"}</summary>
                      <JsonBlock value={step.detail} />
                    </details>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th colspan={3}>Total</th>
            <th class="num">{duration(totalMs)}</th>
            <th>{steps.reduce((s, step) => s + step.modelCalls.length, 0)} model call(s)</th>
            <th class="num">{microUsd(totalCost)}</th>
            <th>{steps.reduce((s, step) => s + step.toolCalls.length, 0)} journaled tool call(s)</th>
            <th />
          </tr>
        </tfoot>
      </table>
    </>
  );
};

/** JSON for people: pretty-printed, escaped, hidden characters visible. */
export const JsonBlock: FC<{ value: unknown }> = ({ value }) => (
  <pre>
    <Untrusted text={JSON.stringify(value, null, 2) ?? "null"} />
  </pre>
);

export const ErrorPage: FC<{ status: number; title: string; message: string; user?: LayoutProps["user"] }> = ({ status, title, message, user }) => (
  <Layout title={title} section={null} user={user}>
    <h1>{title}</h1>
    <p>{message}</p>
    <p class="muted small">HTTP {status}</p>
    <p>
      <a href="/dashboard">Back to the queue</a>
    </p>
  </Layout>
);
