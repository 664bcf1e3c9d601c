/**
 * Step 4: the codes that send items (and so the report) to a person.
 */
import type { Category, ExpenseReport, ItemEscalationCode } from "../schema";
import type { ItemRuleResult } from "./item-rules";
import { itemIndexOfPath, textFieldsOf } from "./text";

/** NEEDS_PREAPPROVAL: software above this many USD cents needs a pre-approval (exactly $100.00 does not). */
export const SOFTWARE_PREAPPROVAL_ABOVE_CENTS = 10_000;

/** A pre-approval id counts only when it has visible, non-space content. */
export function hasPreApproval(preApprovalId: string | undefined): boolean {
  return preApprovalId !== undefined && preApprovalId.trim() !== "";
}

export interface ApplyEscalationsInput {
  report: ExpenseReport;
  usdCents: readonly (number | null)[];
  categories: readonly Category[];
  itemRules: readonly ItemRuleResult[];
  /** Paths with hidden or lookalike characters, from `misleadingCharPathsOf` (code). */
  hiddenCharPaths: readonly string[];
  /** Paths the model judged to instruct the agent or the reviewer. */
  modelFlaggedPaths: readonly string[];
}

export interface EscalationResult {
  /** Per item, sorted. PREMIUM_CLASS / NEEDS_PREAPPROVAL only on surviving items; SUSPICIOUS_TEXT on any item. */
  items: { index: number; codes: ItemEscalationCode[] }[];
  /** True when a report-level field (or a path naming no existing item) is suspicious. */
  reportTextSuspicious: boolean;
  /** Every suspicious path, de-duplicated and sorted. */
  suspiciousPaths: string[];
}

/**
 * PREMIUM_CLASS: airfare, business or first, no pre-approval.
 * NEEDS_PREAPPROVAL: training (any amount) or software above $100.00, no pre-approval.
 * SUSPICIOUS_TEXT: hidden characters (code) or a model flag. A flagged path
 * `items[i]...` marks item i; any other flagged path (report fields, or an
 * item index that does not exist) marks the report, so a flag is never lost.
 */
export function applyEscalations(input: ApplyEscalationsInput): EscalationResult {
  const { report, usdCents, categories, itemRules, hiddenCharPaths, modelFlaggedPaths } = input;
  const n = report.items.length;
  const suspiciousPaths = [...new Set([...hiddenCharPaths, ...modelFlaggedPaths].filter((p) => p.trim() !== ""))].sort();
  const suspiciousItems = new Set<number>();
  let reportTextSuspicious = false;
  const knownPaths = new Set(textFieldsOf(report).map((f) => f.path));
  for (const path of suspiciousPaths) {
    const index = itemIndexOfPath(path);
    if (index !== null && index < n) suspiciousItems.add(index);
    else reportTextSuspicious = true;
    if (index === null && !knownPaths.has(path)) reportTextSuspicious = true;
  }

  const items = report.items.map((item, index) => {
    const codes: ItemEscalationCode[] = [];
    const survives = itemRules[index]?.rejection === null;
    const category = categories[index];
    if (survives && !hasPreApproval(item.preApprovalId)) {
      if (category === "airfare" && (item.travelClass === "business" || item.travelClass === "first")) {
        codes.push("PREMIUM_CLASS");
      }
      const usd = usdCents[index] ?? 0;
      if (category === "training" || (category === "software" && usd > SOFTWARE_PREAPPROVAL_ABOVE_CENTS)) {
        codes.push("NEEDS_PREAPPROVAL");
      }
    }
    if (suspiciousItems.has(index)) codes.push("SUSPICIOUS_TEXT");
    return { index, codes: codes.sort() };
  });
  return { items, reportTextSuspicious, suspiciousPaths };
}
