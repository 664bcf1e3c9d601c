/**
 * A run's trace: its spans as a waterfall on one time axis (trace-data.ts).
 * No script and no inline style (the CSP forbids both): each bar is an SVG
 * rect whose x and width are percentages, inside a table whose cells say the
 * same in words (name, start, duration, cost, tokens) for screen readers and
 * narrow screens; only the waterfall scrolls sideways.
 */
import type { FC } from "hono/jsx";
import type { RunView, StepView } from "../../runtime/run-view";
import { Layout, Status, Untrusted, type LayoutProps } from "../components";
import { duration, microUsd } from "../format";
import { SPAN_KINDS, type SpanKind, type Trace, type TraceSpan } from "../trace-data";

const KIND_LABELS: Record<SpanKind, string> = { run: "Run", step: "Step", model: "Model call", tool: "Tool call", wait: "Wait for a person" };
const TICKS = [0, 25, 50, 75, 100];
const ROLE_LABELS: Record<string, string> = { system: "Instructions", user: "Task", assistant: "Model", tool: "Tool result" };

export const traceHref = (runId: string) => `/dashboard/runs/${encodeURIComponent(runId)}/trace`;

/** Duration in words; a tool call's is an upper bound (its step's remaining time). */
function durationLabel(span: TraceSpan): string {
  const text = duration(span.durationMs);
  if (span.timing === "within-step") return `≤ ${text}`;
  if (span.timing === "ongoing") return `${text} so far`;
  return text;
}

const tokensLabel = (span: TraceSpan) => (span.promptTokens === null ? null : `${span.promptTokens} in / ${span.completionTokens ?? 0} out`);

const Bar: FC<{ span: TraceSpan }> = ({ span }) => (
  <svg class="trace-track" width="100%" height="18" aria-hidden="true" focusable="false">
    {TICKS.slice(1, -1).map((t) => (
      <line class="trace-grid" x1={`${t}%`} x2={`${t}%`} y1="0" y2="18" />
    ))}
    {/* A start tick too: a span shorter than a pixel still shows where it is (a zero-width rect is not drawn). */}
    <line class={`trace-tick bar-${span.kind}`} x1={`${span.leftPct}%`} x2={`${span.leftPct}%`} y1="2" y2="16" />
    <rect class={`trace-bar bar-${span.kind}`} x={`${span.leftPct}%`} y="3" width={`${span.widthPct}%`} height="12" rx="2" />
  </svg>
);

type Detail = NonNullable<StepView["detail"]>;
type Message = Extract<Detail, { kind: "turn" }>["messagesIn"][number];

const MessageView: FC<{ m: Message }> = ({ m }) => (
  <li class={`msg msg-${m.role}`}>
    <strong>{ROLE_LABELS[m.role] ?? m.role}</strong>
    {m.toolCallId && <span class="muted small"> for call {m.toolCallId}</span>}
    <div>
      <Untrusted text={m.content} />
    </div>
    {(m.toolCalls ?? []).map((c) => (
      <div class="msg-call small">
        Calls <span class="mono">{c.name}</span> <span class="muted">(call {c.id})</span>
        <div class="mono">
          <Untrusted text={c.arguments} />
        </div>
      </div>
    ))}
  </li>
);

/** A step's prompts and answers as the journal keeps them (every text clipped), escaped. */
const ContentView: FC<{ detail: Detail; step: string }> = ({ detail, step }) =>
  detail.kind === "turn" ? (
    <details class="trace-content">
      <summary>
        Prompt and answer of {step} <span class="muted small">({detail.messagesIn.length} message(s) in, {detail.conversationLength} in the conversation)</span>
      </summary>
      <h4>In</h4>
      <ol class="transcript">
        {detail.messagesIn.map((m) => (
          <MessageView m={m} />
        ))}
      </ol>
      <h4>Out</h4>
      {detail.messageOut ? (
        <ol class="transcript">
          <MessageView m={detail.messageOut} />
        </ol>
      ) : (
        <p class="muted small">No answer is journaled yet.</p>
      )}
    </details>
  ) : (
    <details class="trace-content">
      <summary>
        Arguments and result of <span class="mono">{detail.tool}</span>
      </summary>
      <dl class="kv small">
        <dt>Arguments</dt>
        <dd class="mono">
          <Untrusted text={detail.arguments} />
        </dd>
        <dt>Status</dt>
        <dd>{detail.waitingFor ? `waits: ${detail.waitingFor}` : (detail.status ?? "—")}</dd>
        <dt>Result</dt>
        <dd class="mono">
          <Untrusted text={detail.result} />
        </dd>
        {detail.error && (
          <>
            <dt>Error</dt>
            <dd>
              {detail.error.code}: <Untrusted text={detail.error.message} />
            </dd>
          </>
        )}
      </dl>
    </details>
  );

const SpanRow: FC<{ span: TraceSpan }> = ({ span }) => (
  <tr class={`span span-${span.kind}`} data-kind={span.kind}>
    <td class={`span-name d${span.depth}`}>
      <span class="sr-only">{KIND_LABELS[span.kind]}: </span>
      {span.kind === "wait" && span.reviewId ? (
        <a href={`/dashboard/reviews/${encodeURIComponent(span.reviewId)}`}>{span.name}</a>
      ) : (
        <span class={span.depth === 2 ? "mono" : undefined}>{span.name}</span>
      )}
      <div class="muted small">
        {span.status && <Status value={span.status} />} {span.notes.join(" · ")}
      </div>
    </td>
    <td class="num small">+{duration(span.startMs)}</td>
    <td class="num small">{durationLabel(span)}</td>
    <td class="trace-cell">
      <Bar span={span} />
    </td>
    <td class="num small">{span.costMicroUsd === null ? <span class="muted">—</span> : microUsd(span.costMicroUsd)}</td>
    <td class="num small">{tokensLabel(span) ?? <span class="muted">—</span>}</td>
  </tr>
);

export const TracePage: FC<{ user: LayoutProps["user"]; run: RunView; trace: Trace }> = ({ user, run, trace }) => {
  const hasDetail = trace.spans.some((s) => s.detail);
  return (
    <Layout title={`Trace of run ${run.runId}`} section="runs" user={user}>
      <p class="small">
        <a href={`/dashboard/runs/${encodeURIComponent(run.runId)}`}>← Run {run.runId}</a>
      </p>
      <h1 id="trace">
        Trace of run <span class="mono">{run.runId}</span>
      </h1>
      <div class="summary">
        <Status value={run.status} />
        <span>
          agent <strong>{run.agent}</strong> {run.agentVersion}
        </span>
        <span>
          {duration(trace.totalMs)} on the axis · working time {duration(Math.max(0, run.usage.wallMs - run.usage.reviewWaitMs))} · {microUsd(run.usage.costMicroUsd)}
        </span>
      </div>
      <ul class="legend trace-legend" aria-label="Legend">
        {SPAN_KINDS.map((k) => (
          <li>
            <i class={`bar-${k}`} aria-hidden="true" />
            {KIND_LABELS[k]}
          </li>
        ))}
      </ul>
      <p class="small muted">
        Times come from the run's journal. The journal records each model call's latency, not its start: a step's model calls are laid out one after another from the
        step's start. A tool call's time is not journaled: its bar is the rest of its step (≤, an upper bound). A wait for a person runs from the pause to the decision.
      </p>
      <div class="waterfall" role="region" aria-labelledby="trace" tabindex={0}>
        <table class="trace">
          <caption>
            {trace.spans.length} span(s) over {duration(trace.totalMs)}, from {new Date(trace.startedAt).toISOString().slice(11, 23)} UTC
          </caption>
          <thead>
            <tr>
              <th scope="col">Span</th>
              <th scope="col" class="num">Start</th>
              <th scope="col" class="num">Duration</th>
              <th scope="col" class="trace-cell">
                <span class="trace-axis">
                  {TICKS.filter((_, i) => i % 2 === 0).map((t) => (
                    <span>{duration((trace.totalMs * t) / 100)}</span>
                  ))}
                </span>
              </th>
              <th scope="col" class="num">Cost</th>
              <th scope="col" class="num">Tokens</th>
            </tr>
          </thead>
          <tbody>
            {trace.spans.map((span) => (
              <>
                <SpanRow span={span} />
                {span.detail && (
                  <tr class="span-detail">
                    <td colspan={6}>
                      <ContentView detail={span.detail} step={span.name} />
                    </td>
                  </tr>
                )}
              </>
            ))}
          </tbody>
        </table>
      </div>
      {trace.content === "none" ? (
        <p class="small muted">This agent does not show its prompts and answers in the trace.</p>
      ) : (
        !hasDetail && <p class="small muted">This run's journal keeps no prompts or answers to show (only its steps' summaries, on the run page).</p>
      )}
    </Layout>
  );
};
