/**
 * What the item page shows for an `expense-reports` run: the report, what the
 * agent gathered (from its step outputs when the run object offers them, else
 * rebuilt from D1 history and the policy's own pure functions), and which
 * fields it flagged.
 */
import { outcomeAfterReview } from "../agents/expense-reports/review";
import { DEFAULT_CORRECTION_THRESHOLD } from "../agents/expense-reports/policy/category";
import { toUsdCents } from "../agents/expense-reports/policy/currency";
import { duplicateKey } from "../agents/expense-reports/policy/item-rules";
import { hasLookalikeLetters, hiddenCharPathsOf } from "../agents/expense-reports/policy/text";
import {
  ExpenseReportSchema,
  OutcomeSchema,
  type Category,
  type Employee,
  type ExpenseReport,
  type Outcome,
  type PriorApprovedItem,
} from "../agents/expense-reports/schema";
import type { StepView } from "../runtime/run-view";

export interface CategoryView {
  stated: Category | undefined;
  resolved: Category;
  source: "stated" | "inferred" | "corrected";
  predicted: Category | undefined;
  confidence: number | undefined;
  model: string | undefined;
  why: string;
}

export interface ExpenseView {
  report: ExpenseReport;
  proposal: Outcome | null;
  employee: Employee | null;
  employeeKnown: boolean;
  usdCents: (number | null)[];
  prior: PriorApprovedItem[];
  /** Per item index with DUPLICATE: what it duplicates. */
  duplicates: Map<number, { prior: PriorApprovedItem } | { earlierIndex: number }>;
  categories: CategoryView[];
  hiddenPaths: Set<string>;
  modelFlaggedPaths: Set<string>;
  /** What "approve" would pay (the policy's after-cap amounts of every surviving item). */
  approvePays: number | null;
  /** True when the details come from the run's own step outputs (not rebuilt). */
  fromRun: boolean;
}

export interface ExpenseSources {
  input: unknown;
  proposal: unknown;
  outputs: Record<string, unknown> | null;
  steps: StepView[] | null;
  /** Fallbacks from D1, used only when the outputs are not available. */
  directoryEmployee: Employee | null | undefined;
  historyPrior: PriorApprovedItem[];
}

const pretty = (c: string) => c.replace(/_/g, " ");

/** `items[0].description, purpose` from the classify step's summary, when its output is not available. */
function flaggedFromSummary(steps: StepView[] | null): string[] {
  const summary = steps?.find((s) => s.name === "classify")?.outputSummary ?? "";
  const marker = "; instruction-like text in ";
  const at = summary.indexOf(marker);
  return at < 0 ? [] : summary.slice(at + marker.length).split(", ").map((p) => p.trim()).filter(Boolean);
}

export function parseReport(input: unknown): ExpenseReport | null {
  const parsed = ExpenseReportSchema.safeParse(input);
  return parsed.success ? parsed.data : null;
}

export function expenseView(src: ExpenseSources): ExpenseView | null {
  const report = parseReport(src.input);
  if (!report) return null;
  const parsedProposal = OutcomeSchema.safeParse(src.proposal);
  const proposal = parsedProposal.success ? parsedProposal.data : null;
  const out = src.outputs ?? {};
  const fromRun = src.outputs !== null;

  const lookup = out.lookupEmployee as { employee: Employee | null } | undefined;
  const employee = lookup ? lookup.employee : (src.directoryEmployee ?? null);

  const convert = out.convert as { usdCents: (number | null)[] } | undefined;
  const usdCents = convert?.usdCents ?? report.items.map((i) => toUsdCents(i.amount, i.currency));

  const found = out.findApprovedItems as { items: PriorApprovedItem[] } | undefined;
  const prior = found?.items ?? src.historyPrior;

  const duplicates: ExpenseView["duplicates"] = new Map();
  const priorByKey = new Map(prior.map((p) => [duplicateKey(p.employeeId, p.date, p.merchant, p.amount, p.currency), p]));
  const keys = report.items.map((i) => duplicateKey(report.employeeId, i.date, i.merchant, i.amount, i.currency));
  proposal?.items.forEach((o) => {
    if (!o.codes.includes("DUPLICATE")) return;
    const key = keys[o.index]!;
    const p = priorByKey.get(key);
    if (p) duplicates.set(o.index, { prior: p });
    else {
      const earlier = keys.findIndex((k, j) => j < o.index && k === key);
      if (earlier >= 0) duplicates.set(o.index, { earlierIndex: earlier });
    }
  });

  const classify = out.classify as
    | { predictions: { category: Category; confidence: number; model: string }[]; resolved: { category: Category; source: CategoryView["source"] }[]; modelFlaggedPaths: string[] }
    | undefined;
  const categories: CategoryView[] = report.items.map((item, i) => {
    const stated = item.category;
    const prediction = classify?.predictions[i];
    const resolvedCategory = classify?.resolved[i]?.category ?? proposal?.items[i]?.category ?? stated ?? "personal";
    const source: CategoryView["source"] = classify?.resolved[i]?.source ?? (stated === undefined ? "inferred" : stated === resolvedCategory ? "stated" : "corrected");
    const conf = prediction ? ` (model confidence ${Math.round(prediction.confidence * 100)}%)` : "";
    let why: string;
    if (source === "inferred") why = `No category was filed; the model read the merchant and description as ${pretty(resolvedCategory)}${conf}.`;
    else if (source === "corrected")
      why = `Filed as ${pretty(stated ?? "?")}, but the merchant and description read as ${pretty(resolvedCategory)}${conf}; a contradiction is corrected at ${Math.round(DEFAULT_CORRECTION_THRESHOLD * 100)}% confidence or more.`;
    else if (prediction && prediction.category !== resolvedCategory)
      why = `Filed as ${pretty(resolvedCategory)}; the model suggested ${pretty(prediction.category)}${conf}, which does not overrule what was filed.`;
    else why = `Filed as ${pretty(resolvedCategory)}${prediction ? `; the model agrees${conf}` : ""}.`;
    return { stated, resolved: resolvedCategory, source, predicted: prediction?.category, confidence: prediction?.confidence, model: prediction?.model, why };
  });

  const validate = out.validate as { hiddenCharPaths: string[] } | undefined;
  const hiddenPaths = new Set(validate?.hiddenCharPaths ?? hiddenCharPathsOf(report));
  const modelFlaggedPaths = new Set(classify?.modelFlaggedPaths ?? flaggedFromSummary(src.steps));

  let approvePays: number | null = null;
  if (proposal) {
    approvePays = outcomeAfterReview(proposal, { decision: "approve", comment: "-", reviewer: "-", decidedAt: 0 }).approvedAmountCents;
  }

  return {
    report,
    proposal,
    employee,
    employeeKnown: lookup !== undefined || src.directoryEmployee !== undefined,
    usdCents,
    prior,
    duplicates,
    categories,
    hiddenPaths,
    modelFlaggedPaths,
    approvePays,
    fromRun,
  };
}

/** Why a field is marked, or undefined when it is not. */
export function flagOf(view: Pick<ExpenseView, "hiddenPaths" | "modelFlaggedPaths">, path: string, value: string | undefined): string | undefined {
  const why: string[] = [];
  if (view.hiddenPaths.has(path)) why.push("hidden characters");
  if (view.modelFlaggedPaths.has(path)) why.push("reads like instructions");
  const lookalike = value !== undefined && hasLookalikeLetters(value);
  if (why.length) return `Suspicious text: ${why.join(", ")}${lookalike ? "; mixes Latin and look-alike letters" : ""}`;
  return lookalike ? "Note: mixes Latin and look-alike letters" : undefined;
}
