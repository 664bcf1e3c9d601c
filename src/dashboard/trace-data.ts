/**
 * A run as a waterfall of spans on one time axis, built from the run's
 * journal alone (the same records its OpenTelemetry spans are made of): the
 * run, each step, each model call (`chat <model>`) and tool call
 * (`execute_tool <tool>`) inside its step, and each wait for a person.
 *
 * What the journal does not record is laid out, never invented:
 * - a model call has a latency but no start: a step's calls follow one
 *   another from the step's start;
 * - a tool call has no time in the journal's view: its span is the rest of
 *   its step after the model calls (an upper bound);
 * - a wait for a person runs from the pause (the end of the last step
 *   journaled before the review item was written) to the decision, or to now.
 * Every bar lies inside the axis: 0 <= left, 0 <= width, left + width <= 100.
 */
import { and, asc, eq } from "drizzle-orm";
import { database } from "../db/client";
import { reviewItems } from "../db/schema";
import type { AgentDefinition } from "../runtime/agent-definition";
import type { RunView, StepView } from "../runtime/run-view";
import type { ReviewRow } from "./data";
import { duration } from "./format";

export type TraceContent = NonNullable<AgentDefinition["traceContent"]>;
export const DEFAULT_TRACE_CONTENT: TraceContent = "full";

export const SPAN_KINDS = ["run", "step", "model", "tool", "wait"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

/** How a span's start and length are known (see the module comment). */
export type SpanTiming = "journaled" | "sequential" | "within-step" | "ongoing";

export type ReviewRound = Pick<ReviewRow, "id" | "round" | "status" | "decision" | "createdAt" | "decidedAt">;

export interface TraceSpan {
  kind: SpanKind;
  /** The span's name, as the OTel export names it (`chat <model>`, `execute_tool <tool>`). */
  name: string;
  /** 0 the run, 1 a step or a wait, 2 a call inside a step. */
  depth: 0 | 1 | 2;
  /** Milliseconds from the trace's start. */
  startMs: number;
  durationMs: number;
  timing: SpanTiming;
  status: string | null;
  /** Where the bar sits on the axis, in percent of the trace's length. */
  leftPct: number;
  widthPct: number;
  costMicroUsd: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** Facts for the label: a step's kind and attempt, a model call's cache status, a wait's decision. */
  notes: string[];
  /** A step's messages in and out, or a call's arguments and result, when the agent shows them. */
  detail?: NonNullable<StepView["detail"]>;
  /** The review item a wait belongs to. */
  reviewId?: string;
}

export interface Trace {
  /** Epoch milliseconds of the axis's 0 (the run's creation). */
  startedAt: number;
  totalMs: number;
  spans: TraceSpan[];
  content: TraceContent;
}

/** The run's review items, every round, oldest first. */
export async function reviewRoundsOfRun(d1: D1Database, tenantId: string, runId: string): Promise<ReviewRound[]> {
  return database(d1)
    .select({ id: reviewItems.id, round: reviewItems.round, status: reviewItems.status, decision: reviewItems.decision, createdAt: reviewItems.createdAt, decidedAt: reviewItems.decidedAt })
    .from(reviewItems)
    .where(and(eq(reviewItems.runId, runId), eq(reviewItems.tenantId, tenantId)))
    .orderBy(asc(reviewItems.round))
    .all();
}

const RESTING: ReadonlySet<RunView["status"]> = new Set(["completed", "failed", "cancelled"]);
const ms = (iso: string) => Date.parse(iso);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

interface Interval {
  start: number;
  end: number;
}

type Draft = Omit<TraceSpan, "leftPct" | "widthPct" | "startMs" | "durationMs"> & Interval;

function stepInterval(step: StepView, fallbackEnd: number): Interval {
  const start = ms(step.startedAt);
  const end = step.finishedAt ? ms(step.finishedAt) : step.durationMs !== null ? start + step.durationMs : fallbackEnd;
  return { start, end: Math.max(start, end) };
}

/** The tools a step called: its journaled (side-effecting) calls, and a loop call step's own tool when it is read-only (not journaled). */
function toolsOf(step: StepView): { tool: string; status: string | null }[] {
  const tools: { tool: string; status: string | null }[] = step.toolCalls.map((t) => ({ tool: t.tool, status: t.status }));
  const detail = step.detail;
  if (detail?.kind === "call" && !step.toolCalls.some((t) => t.tool === detail.tool)) tools.push({ tool: detail.tool, status: detail.status });
  return tools;
}

function stepSpans(step: StepView, fallbackEnd: number, content: TraceContent): Draft[] {
  const { start, end } = stepInterval(step, fallbackEnd);
  const sum = (f: (m: StepView["modelCalls"][number]) => number) => step.modelCalls.reduce((s, m) => s + f(m), 0);
  const notes = [step.kind, ...(step.attempt > 1 ? [`attempt ${step.attempt}`] : [])];
  const spans: Draft[] = [
    {
      kind: "step",
      name: step.name,
      depth: 1,
      start,
      end,
      timing: step.finishedAt || step.durationMs !== null ? "journaled" : "ongoing",
      status: step.status,
      costMicroUsd: step.modelCalls.length ? sum((m) => m.costMicroUsd) : null,
      promptTokens: step.modelCalls.length ? sum((m) => m.promptTokens) : null,
      completionTokens: step.modelCalls.length ? sum((m) => m.completionTokens) : null,
      notes,
      ...(step.detail && content === "full" ? { detail: step.detail } : {}),
    },
  ];
  // Latencies only: the calls follow one another from the step's start, cut at its end.
  let cursor = start;
  for (const call of step.modelCalls) {
    const callStart = Math.min(cursor, end);
    const callEnd = Math.min(callStart + Math.max(0, call.latencyMs), end);
    cursor = callEnd;
    spans.push({
      kind: "model",
      name: `chat ${call.model}`,
      depth: 2,
      start: callStart,
      end: callEnd,
      timing: "sequential",
      status: null,
      costMicroUsd: call.costMicroUsd,
      promptTokens: call.promptTokens,
      completionTokens: call.completionTokens,
      notes: [`latency ${duration(call.latencyMs)}`, ...(call.cacheStatus ? [`cache ${call.cacheStatus}`] : [])],
    });
  }
  for (const t of toolsOf(step)) {
    spans.push({ kind: "tool", name: `execute_tool ${t.tool}`, depth: 2, start: cursor, end, timing: "within-step", status: t.status, costMicroUsd: null, promptTokens: null, completionTokens: null, notes: [] });
  }
  return spans;
}

function waitSpan(review: ReviewRound, steps: StepView[], now: number, runEnd: number): Draft {
  // The pause began when the step that asked for a person ended; the item is written a moment later by the queue consumer.
  const before = steps.map((s) => (s.finishedAt ? ms(s.finishedAt) : null)).filter((t): t is number => t !== null && t <= review.createdAt);
  const start = before.length ? Math.max(...before) : review.createdAt;
  const end = review.decidedAt ?? (review.status === "open" ? now : runEnd);
  const notes = [`round ${review.round}`, review.status === "decided" ? `decided: ${review.decision ?? "?"}` : review.status];
  return {
    kind: "wait",
    name: "wait for a person",
    depth: 1,
    start,
    end: Math.max(start, end),
    timing: review.status === "open" ? "ongoing" : "journaled",
    status: review.status,
    costMicroUsd: null,
    promptTokens: null,
    completionTokens: null,
    notes,
    reviewId: review.id,
  };
}

/** The waterfall of one run; `now` ends what is still going on (a running run, an open wait). */
export function buildTrace(input: { run: RunView; steps: readonly StepView[]; reviews: readonly ReviewRound[]; now: number; content?: TraceContent | undefined }): Trace {
  const { run, now } = input;
  const content = input.content ?? DEFAULT_TRACE_CONTENT;
  const steps = [...input.steps].sort((a, b) => a.index - b.index);
  const startedAt = ms(run.createdAt);
  const runEnd = RESTING.has(run.status) ? startedAt + run.usage.wallMs : Math.max(now, startedAt + run.usage.wallMs);

  const children: Draft[] = steps.flatMap((s) => stepSpans(s, runEnd, content));
  const waits = input.reviews.map((r) => waitSpan(r, steps, now, runEnd));
  // A wait sits among the steps where it happened: before the first step that started after it began.
  for (const w of waits) {
    const at = children.findIndex((d) => d.depth === 1 && d.start > w.start);
    children.splice(at < 0 ? children.length : at, 0, w);
  }
  const end = Math.max(runEnd, ...children.map((d) => d.end));
  const totalMs = Math.max(1, end - startedAt);
  const tokens = (f: (m: StepView["modelCalls"][number]) => number) => steps.reduce((s, step) => s + step.modelCalls.reduce((t, m) => t + f(m), 0), 0);
  const root: Draft = {
    kind: "run",
    name: `run ${run.agent}`,
    depth: 0,
    start: startedAt,
    end,
    timing: RESTING.has(run.status) ? "journaled" : "ongoing",
    status: run.status,
    costMicroUsd: run.usage.costMicroUsd,
    promptTokens: run.usage.modelCalls > 0 ? tokens((m) => m.promptTokens) : null,
    completionTokens: run.usage.modelCalls > 0 ? tokens((m) => m.completionTokens) : null,
    notes: [`agent ${run.agentVersion}`, `working time ${duration(Math.max(0, run.usage.wallMs - run.usage.reviewWaitMs))}`, ...(run.usage.reviewWaitMs > 0 ? [`waited for a person ${duration(run.usage.reviewWaitMs)}`] : [])],
  };

  const place = ({ start, end: stop, ...rest }: Draft): TraceSpan => {
    const from = Math.min(Math.max(start, startedAt), startedAt + totalMs);
    const to = Math.min(Math.max(stop, from), startedAt + totalMs);
    const leftPct = round3(((from - startedAt) / totalMs) * 100);
    const widthPct = Math.min(round3(((to - from) / totalMs) * 100), round3(100 - leftPct));
    return { ...rest, startMs: from - startedAt, durationMs: to - from, leftPct, widthPct };
  };
  return { startedAt, totalMs, content, spans: [root, ...children].map(place) };
}
