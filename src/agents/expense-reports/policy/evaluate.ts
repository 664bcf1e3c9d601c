/**
 * All policy steps composed, for tests and evaluations. The runtime calls the
 * same functions one by one from journaled steps.
 */
import {
  ExpenseReportSchema,
  OutcomeSchema,
  type Category,
  type CategoryPrediction,
  type Employee,
  type ExpenseReport,
  type ExpenseReportInput,
  type Outcome,
  type PriorApprovedItem,
} from "../schema";
import { applyCaps, type CapResult } from "./caps";
import { DEFAULT_CORRECTION_THRESHOLD, resolveCategories, type ResolvedCategory } from "./category";
import { decide } from "./decide";
import { applyEscalations, type EscalationResult } from "./escalations";
import { explain } from "./explain";
import { applyItemRules, convertItems, type ItemRuleResult } from "./item-rules";
import { applyReportRules, approvedTotalCents, type ReportRulesResult } from "./report-rules";
import { misleadingCharPathsOf } from "./text";

export interface EvaluateInput {
  /** Parsed with ExpenseReportSchema (again) here; defaults are applied. */
  report: ExpenseReport | ExpenseReportInput;
  /** The directory entry, or null when the employee is unknown. */
  employee: Employee | null;
  priorApprovedItems?: readonly PriorApprovedItem[];
  /** The model's category guess for each item. */
  predictions: readonly CategoryPrediction[];
  /** Text paths the model flagged as instructions. */
  suspiciousPaths?: readonly string[];
  /** Confidence needed to correct a stated category. */
  threshold?: number;
}

export interface EvaluationTrace {
  report: ExpenseReport;
  usdCents: (number | null)[];
  resolved: ResolvedCategory[];
  itemRules: ItemRuleResult[];
  caps: CapResult[];
  escalations: EscalationResult;
  reportRules: ReportRulesResult;
  outcome: Outcome;
}

export function traceExpenseReport(input: EvaluateInput): EvaluationTrace {
  const report = ExpenseReportSchema.parse(input.report);
  const { usdCents } = convertItems(report);
  const resolved = resolveCategories(report, input.predictions, input.threshold ?? DEFAULT_CORRECTION_THRESHOLD);
  const categories: Category[] = resolved.map((r) => r.category);
  const itemRules = applyItemRules({ report, usdCents, categories, priorApprovedItems: input.priorApprovedItems ?? [] });
  const caps = applyCaps({ report, usdCents, categories, itemRules });
  const escalations = applyEscalations({
    report,
    usdCents,
    categories,
    itemRules,
    hiddenCharPaths: misleadingCharPathsOf(report),
    modelFlaggedPaths: input.suspiciousPaths ?? [],
  });
  const reportRules = applyReportRules({ employee: input.employee, approvedTotalCents: approvedTotalCents(caps) });
  const decided = decide({ categories, itemRules, caps, escalations, reportRules });
  const outcome = OutcomeSchema.parse({ ...decided, explanation: explain(decided, report) });
  return { report, usdCents, resolved, itemRules, caps, escalations, reportRules, outcome };
}

/** Every step from conversion to explanation; returns the outcome. */
export function evaluateExpenseReport(input: EvaluateInput): Outcome {
  return traceExpenseReport(input).outcome;
}
