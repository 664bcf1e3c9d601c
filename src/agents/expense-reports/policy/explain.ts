/**
 * Step 7: a short explanation for the employee. It never repeats text that
 * hides characters or was flagged as instructions: such items are named by
 * number and date only, and other merchant names go through `makeVisible`.
 */
import type { ExpenseReport, PolicyCode } from "../schema";
import {
  ENTERTAINMENT_CAP_PER_ATTENDEE_CENTS,
  GROUND_CAP_PER_DAY_CENTS,
  lodgingCapPerNightCents,
  MEAL_CAP_PER_ATTENDEE_PER_DAY_CENTS,
} from "./caps";
import { formatAmount, formatUsd, SUPPORTED_CURRENCIES, toUsdCents } from "./currency";
import type { DecidedOutcome } from "./decide";
import { REVIEW_THRESHOLD_CENTS } from "./report-rules";
import { hasHiddenChars, makeVisible } from "./text";

const MAX_MERCHANT_CHARS = 60;
/** Item lines shown before the rest is summarized (keeps a 50-item explanation short). */
const MAX_ITEM_LINES = 10;

function itemLabel(outcomeItem: DecidedOutcome["items"][number], report: ExpenseReport): string {
  const item = report.items[outcomeItem.index]!;
  const n = outcomeItem.index + 1;
  if (outcomeItem.codes.includes("SUSPICIOUS_TEXT") || hasHiddenChars(item.merchant)) return `Item ${n} (${item.date})`;
  let merchant = makeVisible(item.merchant.trim().replace(/\s+/g, " "));
  if ([...merchant].length > MAX_MERCHANT_CHARS) merchant = `${[...merchant].slice(0, MAX_MERCHANT_CHARS - 1).join("")}…`;
  return `Item ${n} (${merchant}, ${item.date})`;
}

function claimed(report: ExpenseReport, index: number): string {
  const item = report.items[index]!;
  const usd = toUsdCents(item.amount, item.currency);
  if (item.currency === "USD" && usd !== null) return formatUsd(usd);
  if (usd === null) return formatAmount(item.amount, item.currency);
  return `${formatAmount(item.amount, item.currency)} (${formatUsd(usd)})`;
}

function reason(code: PolicyCode, report: ExpenseReport, index: number): string {
  const item = report.items[index]!;
  switch (code) {
    case "FUTURE_DATE":
      return "it is dated after the report's submission date";
    case "LATE":
      return "it is dated more than 90 days before the report was submitted";
    case "UNSUPPORTED_CURRENCY":
      return `its currency is not one we convert (${SUPPORTED_CURRENCIES.join(", ")})`;
    case "DUPLICATE":
      return "the same date, merchant and amount were already claimed";
    case "PERSONAL":
      return "personal expenses are not reimbursed";
    case "ALCOHOL":
      return "alcohol is not reimbursed (drinks with clients count only as client entertainment with 2 or more attendees)";
    case "MISSING_RECEIPT":
      return "a receipt is required from $25.00";
    case "MEAL_CAP":
      return `meal cap of ${formatUsd(MEAL_CAP_PER_ATTENDEE_PER_DAY_CENTS)} per attendee per day`;
    case "LODGING_CAP":
      return `lodging cap of ${formatUsd(lodgingCapPerNightCents(item))} per night × ${item.nights} night${item.nights === 1 ? "" : "s"}`;
    case "GROUND_CAP":
      return `ground transport cap of ${formatUsd(GROUND_CAP_PER_DAY_CENTS)} per day`;
    case "ENTERTAINMENT_CAP":
      return `client entertainment cap of ${formatUsd(ENTERTAINMENT_CAP_PER_ATTENDEE_CENTS)} per attendee`;
    case "PREMIUM_CLASS":
      return "business or first class airfare needs a pre-approval";
    case "NEEDS_PREAPPROVAL":
      return "training, and software above $100.00, need a pre-approval";
    case "SUSPICIOUS_TEXT":
      return "its text hides characters or addresses the approver";
    default:
      return code;
  }
}

const CAP_CODES: readonly PolicyCode[] = ["MEAL_CAP", "LODGING_CAP", "GROUND_CAP", "ENTERTAINMENT_CAP"];

function itemLine(o: DecidedOutcome["items"][number], report: ExpenseReport): string | null {
  const head = `${itemLabel(o, report)}: ${claimed(report, o.index)} claimed`;
  const reasons = (codes: readonly PolicyCode[]) => codes.map((c) => reason(c, report, o.index)).join("; ");
  switch (o.verdict) {
    case "approved":
      return null;
    case "rejected": {
      const main = o.codes.filter((c) => c !== "SUSPICIOUS_TEXT");
      return `${head}, rejected: ${reasons(main)}.`;
    }
    case "capped":
      return `${head}, ${formatUsd(o.approvedCents)} approved: ${reasons(o.codes)}.`;
    case "needs_review": {
      const caps = o.codes.filter((c) => CAP_CODES.includes(c));
      const others = o.codes.filter((c) => !CAP_CODES.includes(c));
      const capNote = caps.length > 0 ? ` At most ${formatUsd(o.approvedCents)} can be approved (${reasons(caps)}).` : "";
      return `${head}, needs a reviewer: ${reasons(others)}.${capNote}`;
    }
  }
}

/** A short explanation of the outcome for the employee. */
export function explain(outcome: DecidedOutcome, report: ExpenseReport): string {
  if (outcome.codes.includes("UNKNOWN_EMPLOYEE")) {
    return (
      "Rejected: the employee ID on this report is not in the employee directory, so nothing on it can be paid. " +
      "Please check the ID and submit the report again."
    );
  }
  const lines: string[] = [];
  const claimedTotal = report.items.reduce((sum, item) => sum + (toUsdCents(item.amount, item.currency) ?? 0), 0);
  if (outcome.decision === "approve") {
    lines.push(`Approved: ${formatUsd(outcome.approvedAmountCents)} will be reimbursed (${formatUsd(claimedTotal)} claimed).`);
  } else if (outcome.decision === "reject") {
    lines.push("Rejected: no item on this report can be reimbursed.");
  } else {
    const why: string[] = [];
    if (outcome.codes.includes("INACTIVE_EMPLOYEE")) why.push("the employee is on leave or no longer active");
    if (outcome.codes.includes("REVIEW_THRESHOLD")) {
      const total = outcome.items.reduce((s, i) => s + (i.verdict === "rejected" ? 0 : i.approvedCents), 0);
      why.push(`the amount within policy, ${formatUsd(total)}, is above ${formatUsd(REVIEW_THRESHOLD_CENTS)}`);
    }
    if (outcome.codes.includes("PREMIUM_CLASS") || outcome.codes.includes("NEEDS_PREAPPROVAL")) {
      why.push("an item needs a pre-approval");
    }
    if (outcome.codes.includes("SUSPICIOUS_TEXT")) {
      why.push("text on the report hides characters or addresses the approver");
    }
    lines.push(`Sent to a reviewer: ${why.join("; ")}. Nothing is paid until a reviewer decides.`);
  }
  const itemLines = outcome.items.map((item) => itemLine(item, report)).filter((l): l is string => l !== null);
  lines.push(...itemLines.slice(0, MAX_ITEM_LINES));
  if (itemLines.length > MAX_ITEM_LINES) {
    const more = itemLines.length - MAX_ITEM_LINES;
    lines.push(`${more} more item${more === 1 ? " is" : "s are"} limited or need attention; see the item list.`);
  }
  const approvedCount = outcome.items.filter((i) => i.verdict === "approved").length;
  if (approvedCount > 0 && approvedCount < outcome.items.length) {
    lines.push(`${approvedCount} other item${approvedCount === 1 ? " is" : "s are"} within policy.`);
  } else if (approvedCount === outcome.items.length && outcome.decision === "approve") {
    lines.push("Every item is within policy.");
  }
  return lines.join("\n");
}

/** What a person decided, as far as the explanation needs it. */
export interface ReviewFacts {
  decision: "approve" | "reject" | "amend";
  comment: string;
}

/** One item after a person decided: a rule's verdict keeps its sentence, a reviewer's says so. */
function reviewedItemLine(proposed: DecidedOutcome["items"][number], final: DecidedOutcome["items"][number], report: ExpenseReport): string | null {
  if (proposed.verdict === "rejected") return itemLine(proposed, report);
  const head = `${itemLabel(final, report)}: ${claimed(report, final.index)} claimed`;
  if (final.verdict === "rejected") return `${head}, rejected by the reviewer.`;
  const unchanged = proposed.verdict !== "needs_review" && proposed.verdict === final.verdict && proposed.approvedCents === final.approvedCents;
  if (unchanged) return itemLine(final, report);
  return `${head}, ${formatUsd(final.approvedCents)} approved by the reviewer.`;
}

/**
 * The explanation once a person decided. It replaces the agent's own (which
 * said the report waits for a reviewer): what was decided, that a reviewer
 * decided it, and their comment, so the reason for a rejection reaches the employee.
 */
export function explainReviewed(proposal: DecidedOutcome, final: DecidedOutcome, report: ExpenseReport, review: ReviewFacts): string {
  const claimedTotal = report.items.reduce((sum, item) => sum + (toUsdCents(item.amount, item.currency) ?? 0), 0);
  const verb = review.decision === "amend" ? "amended" : review.decision === "approve" ? "approved" : "rejected";
  const lines: string[] = [];
  if (final.decision === "approve") {
    lines.push(`A reviewer ${verb} the report: ${formatUsd(final.approvedAmountCents)} will be reimbursed (${formatUsd(claimedTotal)} claimed).`);
  } else {
    lines.push(`A reviewer ${verb} the report: nothing on it will be reimbursed.`);
  }
  const comment = makeVisible(review.comment.trim().replace(/\s+/g, " "));
  if (comment) lines.push(`The reviewer's comment: ${comment}`);
  const byIndex = new Map(proposal.items.map((i) => [i.index, i]));
  const itemLines = final.items
    .map((item) => reviewedItemLine(byIndex.get(item.index) ?? item, item, report))
    .filter((l): l is string => l !== null);
  lines.push(...itemLines.slice(0, MAX_ITEM_LINES));
  if (itemLines.length > MAX_ITEM_LINES) {
    const more = itemLines.length - MAX_ITEM_LINES;
    lines.push(`${more} more item${more === 1 ? " is" : "s are"} limited or rejected; see the item list.`);
  }
  const untouched = final.items.length - itemLines.length;
  if (untouched > 0 && itemLines.length > 0) lines.push(`${untouched} other item${untouched === 1 ? " is" : "s are"} within policy.`);
  return lines.join("\n");
}
