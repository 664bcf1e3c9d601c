/**
 * Steps 1 and 2: conversion to USD (C1) and the item rules, in the contract's
 * order; the first rejection decides the item.
 */
import type { Category, ExpenseReport, ItemRuleCode, PriorApprovedItem } from "../schema";
import { amountToCents, toUsdCents } from "./currency";
import { isFutureDate, isLate } from "./dates";
import { normalizeMerchant } from "./text";

/** MISSING_RECEIPT: items of at least this many USD cents need `receipt: true`. */
export const RECEIPT_REQUIRED_FROM_CENTS = 2_500;

export interface ConvertedItems {
  /** USD cents per item, null when the currency is not in the C1 table. */
  usdCents: (number | null)[];
}

/** Step 1 (C1): every item in USD cents, rounded half away from zero per item. */
export function convertItems(report: Pick<ExpenseReport, "items">): ConvertedItems {
  return { usdCents: report.items.map((item) => toUsdCents(item.amount, item.currency)) };
}

export interface ItemRuleResult {
  index: number;
  /** The first item rule that rejected the item, or null when it survives. */
  rejection: ItemRuleCode | null;
}

export interface ApplyItemRulesInput {
  report: ExpenseReport;
  usdCents: readonly (number | null)[];
  categories: readonly Category[];
  /** Items of this employee's earlier, approved reports. Other employees' entries are ignored. */
  priorApprovedItems: readonly PriorApprovedItem[];
}

/**
 * DUPLICATE key: employee, date, merchant (normalized) and the ORIGINAL amount
 * and currency (`12.50 EUR`), not USD cents: two charges are the same charge
 * only if they were made for the same amount in the same currency.
 */
export function duplicateKey(employeeId: string, date: string, merchant: string, amount: number, currency: string): string {
  return JSON.stringify([employeeId, date, normalizeMerchant(merchant), amountToCents(amount), currency.toUpperCase()]);
}

/**
 * Step 2. Rules in order: FUTURE_DATE, LATE, UNSUPPORTED_CURRENCY, DUPLICATE,
 * PERSONAL, ALCOHOL, MISSING_RECEIPT.
 *
 * DUPLICATE within the report only counts earlier items that themselves
 * survived the item rules (they are the ones that could be paid); across
 * reports, the ledger holds only approved items.
 */
export function applyItemRules(input: ApplyItemRulesInput): ItemRuleResult[] {
  const { report, usdCents, categories, priorApprovedItems } = input;
  if (usdCents.length !== report.items.length || categories.length !== report.items.length) {
    throw new RangeError("usdCents and categories must have one entry per item");
  }
  const seen = new Set<string>();
  for (const prior of priorApprovedItems) {
    if (prior.employeeId !== report.employeeId) continue;
    seen.add(duplicateKey(prior.employeeId, prior.date, prior.merchant, prior.amount, prior.currency));
  }

  return report.items.map((item, index) => {
    const usd = usdCents[index] ?? null;
    const category = categories[index]!;
    const key = duplicateKey(report.employeeId, item.date, item.merchant, item.amount, item.currency);
    let rejection: ItemRuleCode | null = null;
    if (isFutureDate(item.date, report.submittedAt)) rejection = "FUTURE_DATE";
    else if (isLate(item.date, report.submittedAt)) rejection = "LATE";
    else if (usd === null) rejection = "UNSUPPORTED_CURRENCY";
    else if (seen.has(key)) rejection = "DUPLICATE";
    else if (category === "personal") rejection = "PERSONAL";
    else if (category === "alcohol") rejection = "ALCOHOL";
    else if (usd >= RECEIPT_REQUIRED_FROM_CENTS && item.receipt !== true) rejection = "MISSING_RECEIPT";
    if (rejection === null) seen.add(key);
    return { index, rejection };
  });
}

/**
 * Ledger entries an approved report adds for later DUPLICATE checks: its
 * items that were approved or capped. Nothing is added unless the report was
 * approved (an escalated report adds its items once a reviewer approves it).
 */
export function ledgerItemsFromOutcome(
  report: ExpenseReport,
  outcome: { decision: string; items: readonly { index: number; verdict: string }[] },
): PriorApprovedItem[] {
  if (outcome.decision !== "approve") return [];
  return outcome.items
    .filter((o) => o.verdict === "approved" || o.verdict === "capped")
    .map((o) => {
      const item = report.items[o.index]!;
      return {
        employeeId: report.employeeId,
        date: item.date,
        merchant: item.merchant,
        amount: item.amount,
        currency: item.currency,
        usdCents: toUsdCents(item.amount, item.currency) ?? 0,
        reportId: report.reportId,
      };
    });
}
