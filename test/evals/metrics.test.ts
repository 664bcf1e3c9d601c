import { describe, expect, it } from "vitest";
import { parseEvalSet, EvalSetError } from "../../src/evals/dataset";
import { ExpenseExpectedSchema } from "../../src/agents/expense-reports/eval-set";
import { codeStats, countEscalations, percentile, readAnswer, scoreCase, summarize, type ScoredCase } from "../../src/evals/metrics";
import { newEvalRunId, EVAL_RUN_ID_PATTERN } from "../../src/evals/store";

const item = (verdict: string, approvedCents: number, codes: string[], category: string) => ({ verdict, approvedCents, codes, category });
const expected = {
  decision: "approve",
  approvedAmountCents: 1400,
  codes: ["DUPLICATE"],
  items: [item("rejected", 0, ["DUPLICATE"], "lodging"), item("approved", 1400, [], "meals")],
};

describe("percentile (nearest rank)", () => {
  it("picks the ceil(p/100 * n)-th smallest value", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile(hundred, 100)).toBe(100);
  });
});

describe("codeStats (precision / recall over code sets)", () => {
  it("counts tp, fp, fn once per case", () => {
    const stats = codeStats([
      { expected: ["A"], actual: ["A"] }, // A tp
      { expected: ["A", "B"], actual: ["A", "A"] }, // A tp, B fn
      { expected: [], actual: ["B", "C"] }, // B fp, C fp
      { expected: ["C"], actual: ["C"] }, // C tp
    ]);
    expect(stats.A).toEqual({ precision: 1, recall: 1, tp: 2, fp: 0, fn: 0 });
    expect(stats.B).toEqual({ precision: 0, recall: 0, tp: 0, fp: 1, fn: 1 });
    expect(stats.C).toEqual({ precision: 0.5, recall: 1, tp: 1, fp: 1, fn: 0 });
  });

  it("leaves precision or recall null when undefined", () => {
    const stats = codeStats([{ expected: ["X"], actual: [] }, { expected: [], actual: ["Y"] }]);
    expect(stats.X).toEqual({ precision: null, recall: 0, tp: 0, fp: 0, fn: 1 });
    expect(stats.Y).toEqual({ precision: 0, recall: null, tp: 0, fp: 1, fn: 0 });
  });
});

describe("scoreCase", () => {
  it("exact = decision + amount + code set; items stricter", () => {
    expect(scoreCase(expected, { ...expected, explanation: "..." })).toEqual({
      decisionCorrect: true, exactCorrect: true, itemCorrect: true, items: { total: 2, correct: 2, categoryCorrect: 2 }, differences: [],
    });
    // A wrong category that changes nothing else: exact but not item-correct.
    const wrongCategory = { ...expected, items: [expected.items[0], item("approved", 1400, [], "client_entertainment")] };
    expect(scoreCase(expected, wrongCategory)).toMatchObject({ exactCorrect: true, itemCorrect: false, items: { correct: 1, categoryCorrect: 1 } });
    // Same decision, other amount.
    expect(scoreCase(expected, { ...expected, approvedAmountCents: 1399 })).toMatchObject({ decisionCorrect: true, exactCorrect: false });
    // Code order does not matter; a missing code does.
    expect(scoreCase({ ...expected, codes: ["A", "B"] }, { ...expected, codes: ["B", "A"] }).exactCorrect).toBe(true);
    expect(scoreCase(expected, { ...expected, codes: [] }).exactCorrect).toBe(false);
    expect(scoreCase(expected, { ...expected, decision: "escalate" })).toMatchObject({ decisionCorrect: false, exactCorrect: false, itemCorrect: false });
  });

  it("scores refusals by error code, and no answer as wrong", () => {
    const refusal = { error: "OUT_OF_SCOPE", status: 422 };
    expect(scoreCase(refusal, { error: "OUT_OF_SCOPE", status: 422 }).exactCorrect).toBe(true);
    expect(scoreCase(refusal, { error: "INVALID_INPUT", status: 422 }).decisionCorrect).toBe(false);
    expect(scoreCase(refusal, expected).exactCorrect).toBe(false);
    expect(scoreCase(expected, null)).toMatchObject({ decisionCorrect: false, exactCorrect: false, items: { total: 2, correct: 0 } });
    expect(readAnswer("nonsense")).toEqual({ kind: "none" });
  });
});

describe("countEscalations", () => {
  const tiers = ["small", "large"];
  it("counts a later-tier call after a first-tier call as one escalated decision", () => {
    const steps = [
      { modelCalls: [] },
      { modelCalls: [{ model: "small" }, { model: "large" }, { model: "small" }, { model: "small" }, { model: "large" }] },
      { modelCalls: [{ model: "small" }] },
    ];
    expect(countEscalations(steps, tiers)).toEqual({ modelCalls: 6, decisions: 4, escalated: 2 });
    expect(countEscalations(steps, ["large"])).toEqual({ modelCalls: 6, decisions: 2, escalated: 0 });
  });
});

describe("summarize", () => {
  const row = (id: string, tags: string[], actual: unknown, extra: Partial<ScoredCase> = {}): ScoredCase => ({
    caseId: id, tags, runId: `run_${id}`, expected, actual, costMicroUsd: 100, latencyMs: 10, modelCalls: 3, escalatedCalls: 1, error: null, ...extra,
  });
  it("aggregates accuracies, tags, codes, cost, latency, escalations and failures", () => {
    const s = summarize(
      [
        row("a", ["x", "y"], expected, { latencyMs: 10 }),
        row("b", ["x"], { ...expected, codes: [], approvedAmountCents: 0, decision: "reject" }, { latencyMs: 30 }),
        row("c", ["y"], { ...expected, items: [expected.items[0], item("approved", 1400, [], "software")] }, { latencyMs: 20 }),
        row("d", ["z"], { error: "OUT_OF_SCOPE", status: 422 }, { expected: { error: "OUT_OF_SCOPE", status: 422 }, runId: null, latencyMs: 0, costMicroUsd: 0, modelCalls: 0, escalatedCalls: 0 }),
      ],
      { cascade: true },
    );
    expect(s.cases).toBe(4);
    expect(s.exactAccuracy).toBe(0.75);
    expect(s.decisionAccuracy).toBe(0.75);
    expect(s.itemAccuracy).toBe(0.5);
    expect(s.byTag).toEqual({ x: { cases: 2, exactAccuracy: 0.5 }, y: { cases: 2, exactAccuracy: 1 }, z: { cases: 1, exactAccuracy: 1 } });
    expect(s.byCode.DUPLICATE).toEqual({ precision: 1, recall: 2 / 3, tp: 2, fp: 0, fn: 1 });
    expect(s.costMicroUsd).toBe(300);
    expect(s.p50Ms).toBe(20); // the refused case made no run: not a latency sample
    expect(s.p95Ms).toBe(30);
    expect(s.modelCalls).toBe(9);
    expect(s.cascadeDecisions).toBe(6);
    expect(s.escalationRate).toBe(0.5);
    expect(s.failing).toBe(1);
    expect(s.failingItemsOnly).toBe(1);
    expect(s.failures.map((f) => [f.id, f.exact, f.itemMismatches])).toEqual([["b", false, 0], ["c", true, 1]]);
    expect(s.failures[0]!.actual).toEqual({ decision: "reject", approvedAmountCents: 0, codes: [] });
    expect(summarize([], { cascade: false })).toMatchObject({ cases: 0, exactAccuracy: null, p50Ms: null, escalationRate: null });
  });
});

describe("evaluation set loader", () => {
  it("validates each line and names the bad one", () => {
    const good = JSON.stringify({ id: "a", tags: ["t"], input: {}, expected: { error: "OUT_OF_SCOPE", status: 422 } });
    expect(parseEvalSet(`${good}\n\n`)).toHaveLength(1);
    // The expected outcome's shape is the agent's: the expense agent's needs the total, codes and items.
    expect(() => parseEvalSet(`${good}\n{"id":"b","input":{},"expected":{"decision":"approve"}}`, "set", ExpenseExpectedSchema)).toThrow(/line 2: expected/);
    expect(parseEvalSet(`${good}\n{"id":"b","input":{},"expected":{"decision":"approve"}}`)).toHaveLength(2);
    expect(() => parseEvalSet(`${good}\n${good}`)).toThrow(EvalSetError);
    expect(() => parseEvalSet("{not json")).toThrow(/line 1: not valid JSON/);
  });

  it("makes time-ordered eval run ids", () => {
    const a = newEvalRunId(1_000_000);
    const b = newEvalRunId(2_000_000);
    expect(a).toMatch(EVAL_RUN_ID_PATTERN);
    expect(a.slice(0, 12) < b.slice(0, 12)).toBe(true);
  });
});
