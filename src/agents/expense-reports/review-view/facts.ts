/**
 * What the review page shows for an `expense-reports` run: the report, what the
 * agent gathered (the run's own step outputs, from its object: the employee
 * record, amounts in USD, earlier approved items, the model's categories with
 * their confidences), and which fields it flagged. Nothing is recomputed.
 */
import { outcomeAfterReview } from "../review";
import { DEFAULT_CORRECTION_THRESHOLD } from "../policy/category";
import { duplicateKey } from "../policy/item-rules";
import { hasLookalikeLetters } from "../policy/text";
import {
  ExpenseReportSchema,
  OutcomeSchema,
  type Category,
  type Employee,
  type ExpenseReport,
  type Outcome,
  type PriorApprovedItem,
} from "../schema";

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
  /** The directory record the agent found; null = not in the directory. */
  employee: Employee | null;
  usdCents: (number | null)[];
  prior: PriorApprovedItem[];
  /** Per item index with DUPLICATE: what it duplicates. */
  duplicates: Map<number, { prior: PriorApprovedItem } | { earlierIndex: number }>;
  categories: CategoryView[];
  hiddenPaths: Set<string>;
  modelFlaggedPaths: Set<string>;
  /** What "approve" would pay (the policy's after-cap amounts of every surviving item). */
  approvePays: number | null;
}

/** The run's evidence (its object's `evidence(tenantId)`) and the review item's proposal. */
export interface ExpenseSources {
  input: unknown;
  proposal: unknown;
  /** Completed steps' outputs by step name. */
  outputs: Record<string, unknown>;
}

/** The outputs of the steps that gather facts, as the agent wrote them. */
interface Gathered {
  validate: { hiddenCharPaths: string[] };
  lookupEmployee: { employee: Employee | null };
  convert: { usdCents: (number | null)[] };
  classify: {
    predictions: { category: Category; confidence: number; model: string }[];
    resolved: { category: Category; source: CategoryView["source"] }[];
    modelFlaggedPaths: string[];
  };
  findApprovedItems: { items: PriorApprovedItem[] };
}

const GATHERING_STEPS = ["validate", "lookupEmployee", "convert", "classify", "findApprovedItems"] as const;

const pretty = (c: string) => c.replace(/_/g, " ");

export function parseReport(input: unknown): ExpenseReport | null {
  const parsed = ExpenseReportSchema.safeParse(input);
  return parsed.success ? parsed.data : null;
}

/**
 * The page's view of an expense run, or null when the input is not a report or
 * the run has not completed its gathering steps (a review item always has:
 * the agent escalates only after them). Nothing is recomputed here.
 */
export function expenseView(src: ExpenseSources): ExpenseView | null {
  const report = parseReport(src.input);
  if (!report) return null;
  if (!GATHERING_STEPS.every((step) => src.outputs[step] !== undefined && src.outputs[step] !== null)) return null;
  const out = src.outputs as unknown as Gathered;
  const parsedProposal = OutcomeSchema.safeParse(src.proposal);
  const proposal = parsedProposal.success ? parsedProposal.data : null;

  const employee = out.lookupEmployee.employee;
  const usdCents = out.convert.usdCents;
  const prior = out.findApprovedItems.items;

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

  const classify = out.classify;
  const categories: CategoryView[] = report.items.map((item, i) => {
    const stated = item.category;
    const prediction = classify.predictions[i];
    const resolved = classify.resolved[i];
    const resolvedCategory = resolved?.category ?? proposal?.items[i]?.category ?? stated ?? "personal";
    const source: CategoryView["source"] = resolved?.source ?? (stated === undefined ? "inferred" : "stated");
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

  const hiddenPaths = new Set(out.validate.hiddenCharPaths);
  const modelFlaggedPaths = new Set(classify.modelFlaggedPaths);

  let approvePays: number | null = null;
  if (proposal) {
    approvePays = outcomeAfterReview(proposal, { decision: "approve", comment: "-", reviewer: "-", decidedAt: 0 }, report).approvedAmountCents;
  }

  return {
    report,
    proposal,
    employee,
    usdCents,
    prior,
    duplicates,
    categories,
    hiddenPaths,
    modelFlaggedPaths,
    approvePays,
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
