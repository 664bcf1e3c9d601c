/**
 * Scoring: pure functions, no I/O, unit-tested on hand-made data.
 *
 * Per case:
 * - decisionCorrect: same decision (for a refused request: same error code);
 * - exactCorrect: same decision, approvedAmountCents and set of codes;
 * - itemCorrect (stricter): exact, and every item has the same verdict,
 *   approvedCents, codes and category, in input order.
 *
 * Summary: accuracies as fractions in [0, 1], per-code precision/recall over
 * the code sets, accuracy per tag, total cost, p50/p95 latency (nearest-rank,
 * over cases that made a run) and the cascade escalation rate.
 */
import type { OutcomeComparison } from "../runtime/agent-definition";
import { isRefusal, type Expected, type ExpectedItem } from "./dataset";

/** The agent's comparison of its answer with the expected outcome (`compareOutcomes`): decides decisionCorrect and exactCorrect. */
export type CompareOutcomes = (proposal: unknown, final: unknown) => OutcomeComparison;

// ---- what the agent answered ---------------------------------------------------

export interface ActualOutcome {
  decision: string;
  approvedAmountCents: number | null;
  codes: string[];
  items: ExpectedItem[] | null;
}

export type Answer = { kind: "outcome"; outcome: ActualOutcome } | { kind: "refusal"; error: string; status: number | null } | { kind: "none" };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const intOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Reads an actual answer (a run's outcome/proposal, or a refusal) defensively: the agent may return anything. */
export function readAnswer(actual: unknown): Answer {
  if (!isRecord(actual)) return { kind: "none" };
  if (typeof actual.decision === "string") {
    const items = Array.isArray(actual.items)
      ? actual.items.map((i) => {
          const r = isRecord(i) ? i : {};
          return {
            verdict: String(r.verdict ?? ""),
            approvedCents: intOrNull(r.approvedCents) ?? -1,
            codes: strings(r.codes),
            category: String(r.category ?? ""),
          };
        })
      : null;
    return {
      kind: "outcome",
      outcome: { decision: actual.decision, approvedAmountCents: intOrNull(actual.approvedAmountCents), codes: strings(actual.codes), items },
    };
  }
  if (typeof actual.error === "string") return { kind: "refusal", error: actual.error, status: intOrNull(actual.status) };
  return { kind: "none" };
}

// ---- one case ------------------------------------------------------------------

export interface CaseScore {
  decisionCorrect: boolean;
  exactCorrect: boolean;
  itemCorrect: boolean;
  /** Item-level counts (position-aligned; 0 for refusals). */
  items: { total: number; correct: number; categoryCorrect: number };
  /** From the agent's comparison, when it explains itself. */
  differences: string[];
}

const sortedSet = (codes: readonly string[]) => [...new Set(codes)].sort();
const sameCodes = (a: readonly string[], b: readonly string[]) => {
  const x = sortedSet(a);
  const y = sortedSet(b);
  return x.length === y.length && x.every((c, i) => c === y[i]);
};

export function itemMatches(expected: ExpectedItem, actual: ExpectedItem | undefined): boolean {
  return (
    actual !== undefined &&
    actual.verdict === expected.verdict &&
    actual.approvedCents === expected.approvedCents &&
    actual.category === expected.category &&
    sameCodes(actual.codes, expected.codes)
  );
}

export function scoreCase(expected: Expected, actual: unknown, compare?: CompareOutcomes): CaseScore {
  const answer = readAnswer(actual);
  if (isRefusal(expected)) {
    const ok = answer.kind === "refusal" && answer.error === expected.error && (answer.status === null || answer.status === expected.status);
    return { decisionCorrect: ok, exactCorrect: ok, itemCorrect: ok, items: { total: 0, correct: 0, categoryCorrect: 0 }, differences: [] };
  }
  const total = expected.items.length;
  // The agent's comparison judges any answer that is not a refusal: its outcome need not have a `decision` field.
  const judged = compare && answer.kind !== "refusal" && isRecord(actual) ? compare(actual, expected) : undefined;
  const o = answer.kind === "outcome" ? answer.outcome : null;
  if (!o && !judged) return { decisionCorrect: false, exactCorrect: false, itemCorrect: false, items: { total, correct: 0, categoryCorrect: 0 }, differences: [] };
  const decisionCorrect = judged ? judged.decisionAgrees : o!.decision === expected.decision;
  const exactCorrect = judged ? judged.agrees : decisionCorrect && o!.approvedAmountCents === (expected.approvedAmountCents ?? null) && sameCodes(o!.codes, expected.codes);
  const actualItems = o?.items ?? [];
  let correct = 0;
  let categoryCorrect = 0;
  expected.items.forEach((item, i) => {
    if (itemMatches(item, actualItems[i])) correct++;
    if (actualItems[i]?.category === item.category) categoryCorrect++;
  });
  const itemCorrect = exactCorrect && actualItems.length === total && correct === total;
  return { decisionCorrect, exactCorrect, itemCorrect, items: { total, correct, categoryCorrect }, differences: judged?.differences ?? [] };
}

// ---- aggregates ----------------------------------------------------------------

/** Nearest-rank percentile (p in [0, 100]) of the values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface CodeStats {
  /** tp / (tp + fp); null when the agent never emitted the code. */
  precision: number | null;
  /** tp / (tp + fn); null when the code was never expected. */
  recall: number | null;
  tp: number;
  fp: number;
  fn: number;
}

/** Per-code precision/recall over the cases' code sets (a code counts once per case). */
export function codeStats(pairs: readonly { expected: readonly string[]; actual: readonly string[] }[]): Record<string, CodeStats> {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const at = (code: string) => {
    let c = counts.get(code);
    if (!c) counts.set(code, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  for (const { expected, actual } of pairs) {
    const e = new Set(expected);
    const a = new Set(actual);
    for (const code of e) (a.has(code) ? at(code).tp++ : at(code).fn++);
    for (const code of a) if (!e.has(code)) at(code).fp++;
  }
  const out: Record<string, CodeStats> = {};
  for (const code of [...counts.keys()].sort()) {
    const { tp, fp, fn } = counts.get(code)!;
    out[code] = { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), tp, fp, fn };
  }
  return out;
}

export const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);
/** A fraction as basis points (0..10000), for integer columns. */
export const basisPoints = (fraction: number | null): number | null => (fraction === null ? null : Math.round(fraction * 10_000));

/** What the summary needs from one stored case result. */
export interface ScoredCase {
  caseId: string;
  tags: string[];
  runId: string | null;
  expected: Expected;
  actual: unknown;
  costMicroUsd: number;
  latencyMs: number;
  modelCalls: number;
  /** Cascade decisions that went past the first tier. */
  escalatedCalls: number;
  error: string | null;
}

export interface ShortAnswer {
  decision?: string;
  approvedAmountCents?: number | null;
  codes?: string[];
  error?: string;
  status?: number | null;
}

export interface ItemMismatch {
  index: number;
  expected: ExpectedItem;
  actual: ExpectedItem | null;
}

export interface Failure {
  id: string;
  tags: string[];
  runId: string | null;
  /** False: the outcome itself is wrong; true: the outcome is right but an item is not. */
  exact: boolean;
  expected: ShortAnswer;
  actual: ShortAnswer | null;
  /** The first mismatching items (at most 3) and how many there are. */
  items: ItemMismatch[];
  itemMismatches: number;
  /** The agent's own account of what differs (its `compareOutcomes`), when it gives one. */
  differences: string[];
  error: string | null;
}

export interface EvalSummary {
  cases: number;
  /** Cases without an answer to score: run failed or did not rest, no outcome/proposal, prior report not approved, runner error. */
  errors: number;
  exactAccuracy: number | null;
  decisionAccuracy: number | null;
  /** Stricter: exact and every item right (verdict, approvedCents, codes, category). */
  itemAccuracy: number | null;
  items: { total: number; correct: number; accuracy: number | null; categoryCorrect: number; categoryAccuracy: number | null };
  byTag: Record<string, { cases: number; exactAccuracy: number | null }>;
  byCode: Record<string, CodeStats>;
  costMicroUsd: number;
  costPerCaseMicroUsd: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  modelCalls: number;
  /** Cascade decisions (one per classification) and how many escalated; null rate when there is no cascade. */
  cascadeDecisions: number;
  escalatedDecisions: number;
  escalationRate: number | null;
  /** Cases with a wrong outcome or a wrong item (exact: true means only items are wrong). */
  failing: number;
  failingItemsOnly: number;
  failures: Failure[];
}

function shortOf(answer: unknown): ShortAnswer | null {
  const a = readAnswer(answer);
  if (a.kind === "outcome") return { decision: a.outcome.decision, approvedAmountCents: a.outcome.approvedAmountCents, codes: sortedSet(a.outcome.codes) };
  if (a.kind === "refusal") return { error: a.error, status: a.status };
  return null;
}

function expectedCodes(expected: Expected): string[] {
  return isRefusal(expected) ? [] : expected.codes;
}

/**
 * The summary of a pass. `cascade` says whether the pass had more than one tier
 * (the escalation rate is meaningless otherwise). Cascade decisions per case =
 * calls to the first tier = modelCalls - escalatedCalls (every escalation adds
 * one later-tier call in a two-tier cascade).
 */
export function summarize(rows: readonly ScoredCase[], options: { cascade: boolean; compare?: CompareOutcomes }): EvalSummary {
  const n = rows.length;
  let exact = 0;
  let decision = 0;
  let itemExact = 0;
  let errors = 0;
  let cost = 0;
  let modelCalls = 0;
  let escalated = 0;
  const items = { total: 0, correct: 0, categoryCorrect: 0 };
  const byTag = new Map<string, { cases: number; exact: number }>();
  const codePairs: { expected: string[]; actual: string[] }[] = [];
  const latencies: number[] = [];
  const failures: Failure[] = [];

  for (const row of rows) {
    const score = scoreCase(row.expected, row.actual, options.compare);
    if (score.exactCorrect) exact++;
    if (score.decisionCorrect) decision++;
    if (score.itemCorrect) itemExact++;
    if (row.error) errors++;
    items.total += score.items.total;
    items.correct += score.items.correct;
    items.categoryCorrect += score.items.categoryCorrect;
    cost += row.costMicroUsd;
    modelCalls += row.modelCalls;
    escalated += row.escalatedCalls;
    if (row.runId !== null) latencies.push(row.latencyMs);
    for (const tag of row.tags) {
      const t = byTag.get(tag) ?? { cases: 0, exact: 0 };
      t.cases++;
      if (score.exactCorrect) t.exact++;
      byTag.set(tag, t);
    }
    const answer = readAnswer(row.actual);
    codePairs.push({ expected: expectedCodes(row.expected), actual: answer.kind === "outcome" ? answer.outcome.codes : [] });

    if (!score.itemCorrect) {
      const mismatches: ItemMismatch[] = [];
      if (!isRefusal(row.expected)) {
        const actualItems = answer.kind === "outcome" ? (answer.outcome.items ?? []) : [];
        row.expected.items.forEach((item, index) => {
          if (!itemMatches(item, actualItems[index])) mismatches.push({ index, expected: item, actual: actualItems[index] ?? null });
        });
      }
      failures.push({
        id: row.caseId,
        tags: row.tags,
        runId: row.runId,
        exact: score.exactCorrect,
        expected: isRefusal(row.expected)
          ? { error: row.expected.error, status: row.expected.status }
          : { decision: row.expected.decision, approvedAmountCents: row.expected.approvedAmountCents, codes: sortedSet(row.expected.codes) },
        actual: shortOf(row.actual),
        items: mismatches.slice(0, 3),
        itemMismatches: mismatches.length,
        differences: score.differences,
        error: row.error,
      });
    }
  }

  const cascadeDecisions = Math.max(0, modelCalls - escalated);
  return {
    cases: n,
    errors,
    exactAccuracy: ratio(exact, n),
    decisionAccuracy: ratio(decision, n),
    itemAccuracy: ratio(itemExact, n),
    items: { ...items, accuracy: ratio(items.correct, items.total), categoryAccuracy: ratio(items.categoryCorrect, items.total) },
    byTag: Object.fromEntries([...byTag.keys()].sort().map((tag) => {
      const t = byTag.get(tag)!;
      return [tag, { cases: t.cases, exactAccuracy: ratio(t.exact, t.cases) }];
    })),
    byCode: codeStats(codePairs),
    costMicroUsd: cost,
    costPerCaseMicroUsd: ratio(cost, n),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    modelCalls,
    cascadeDecisions,
    escalatedDecisions: escalated,
    escalationRate: options.cascade ? ratio(escalated, cascadeDecisions) : null,
    failing: failures.filter((f) => !f.exact).length,
    failingItemsOnly: failures.filter((f) => f.exact).length,
    failures,
  };
}

/** Counts the cascade decisions in a run's journal: per step, a first-tier call starts one; a later-tier call right after it escalates it. */
export function countEscalations(
  steps: readonly { modelCalls: readonly { model: string }[] }[],
  tiers: readonly string[],
): { modelCalls: number; decisions: number; escalated: number } {
  let modelCalls = 0;
  let decisions = 0;
  let escalated = 0;
  const first = tiers[0];
  const later = new Set(tiers.slice(1));
  for (const step of steps) {
    let open = false;
    for (const call of step.modelCalls) {
      modelCalls++;
      if (call.model === first) {
        decisions++;
        open = true;
      } else if (open && later.has(call.model)) {
        escalated++;
        open = false;
      }
    }
  }
  return { modelCalls, decisions, escalated };
}
