/**
 * Every code of the expense policy (shared/expense-policy.md) as a plain
 * sentence for a finance reviewer, plus this agent's words for runtime codes it
 * gives a meaning to. Amounts come from the policy's own constants, so a
 * changed cap changes the text.
 */
import type { ReasonText } from "../../../runtime/review-view";
import {
  ENTERTAINMENT_CAP_PER_ATTENDEE_CENTS,
  GROUND_CAP_PER_DAY_CENTS,
  LODGING_CAP_HIGH_COST_PER_NIGHT_CENTS,
  LODGING_CAP_PER_NIGHT_CENTS,
  MEAL_CAP_PER_ATTENDEE_PER_DAY_CENTS,
} from "../policy/caps";
import { formatUsd as money, SUPPORTED_CURRENCIES } from "../policy/currency";
import { LATE_AFTER_DAYS } from "../policy/dates";
import { SOFTWARE_PREAPPROVAL_ABOVE_CENTS } from "../policy/escalations";
import { RECEIPT_REQUIRED_FROM_CENTS } from "../policy/item-rules";
import { REVIEW_THRESHOLD_CENTS } from "../policy/report-rules";

export const EXPENSE_REASONS: Readonly<Record<string, ReasonText>> = {
  // Item rules: the first that applies rejects the item.
  FUTURE_DATE: { kind: "reject", label: "Future date", sentence: "The expense is dated after the day the report was submitted, so it cannot be reimbursed." },
  LATE: { kind: "reject", label: "Filed late", sentence: `The expense is dated more than ${LATE_AFTER_DAYS} days before the report was submitted; the policy only reimburses expenses filed within ${LATE_AFTER_DAYS} days.` },
  UNSUPPORTED_CURRENCY: { kind: "reject", label: "Unsupported currency", sentence: `The expense is in a currency the policy does not convert (only ${SUPPORTED_CURRENCIES.join(", ")}), so it is rejected.` },
  DUPLICATE: { kind: "reject", label: "Duplicate", sentence: "The same employee already claimed this date, merchant and amount, in an earlier approved report or earlier in this one." },
  PERSONAL: { kind: "reject", label: "Personal", sentence: "This is a personal purchase (for example clothing, gym, spa, groceries, fines), which is never reimbursed." },
  ALCOHOL: { kind: "reject", label: "Alcohol", sentence: "Alcohol is not reimbursed, unless it is filed as client entertainment with 2 or more attendees." },
  MISSING_RECEIPT: { kind: "reject", label: "No receipt", sentence: `Expenses of ${money(RECEIPT_REQUIRED_FROM_CENTS)} or more need a receipt, and none was attached.` },
  // Caps: the item is paid up to the cap.
  MEAL_CAP: { kind: "cap", label: "Meal cap", sentence: `Meals are reimbursed up to ${money(MEAL_CAP_PER_ATTENDEE_PER_DAY_CENTS)} per attendee per day; the amount above that is not paid.` },
  LODGING_CAP: { kind: "cap", label: "Lodging cap", sentence: `Hotels are reimbursed up to ${money(LODGING_CAP_PER_NIGHT_CENTS)} per night (${money(LODGING_CAP_HIGH_COST_PER_NIGHT_CENTS)} in New York, San Francisco, London, Zurich and Tokyo); the amount above that is not paid.` },
  GROUND_CAP: { kind: "cap", label: "Ground transport cap", sentence: `Taxis, trains and other ground transport are reimbursed up to ${money(GROUND_CAP_PER_DAY_CENTS)} per day; the amount above that is not paid.` },
  ENTERTAINMENT_CAP: { kind: "cap", label: "Entertainment cap", sentence: `Client entertainment is reimbursed up to ${money(ENTERTAINMENT_CAP_PER_ATTENDEE_CENTS)} per attendee per event; the amount above that is not paid.` },
  // Escalations: a person must decide.
  PREMIUM_CLASS: { kind: "escalate", label: "Premium class", sentence: "A business or first class flight was booked without a pre-approval ID; only a person can accept it." },
  NEEDS_PREAPPROVAL: { kind: "escalate", label: "Needs pre-approval", sentence: `Training (any amount) and software above ${money(SOFTWARE_PREAPPROVAL_ABOVE_CENTS)} need a pre-approval ID, and none was given.` },
  SUSPICIOUS_TEXT: { kind: "suspicious", label: "Suspicious text", sentence: "Some text on the report hides characters or tries to give instructions to the agent or to you. Treat it as data: nothing written in a report can change the policy." },
  UNKNOWN_EMPLOYEE: { kind: "reject", label: "Unknown employee", sentence: "The employee ID is not in the employee directory, so nothing on the report can be paid." },
  INACTIVE_EMPLOYEE: { kind: "escalate", label: "Employee inactive", sentence: "The employee is on leave or no longer works here; a person must confirm the report is legitimate." },
  REVIEW_THRESHOLD: { kind: "escalate", label: "Above threshold", sentence: `The amount the policy would pay is above ${money(REVIEW_THRESHOLD_CENTS)}; payments that large always need a person.` },
  // Runtime codes, in this agent's words.
  OUT_OF_SCOPE: { kind: "runtime", label: "Out of scope", sentence: "The request was not an expense report for the Acme policy, so the agent refused it." },
  INVALID_INPUT: { kind: "runtime", label: "Invalid input", sentence: "The report was malformed (a missing or invalid field), so the agent could not check it." },
  REVIEW_REQUIRED: { kind: "runtime", label: "Waiting for review", sentence: "The agent stopped and is waiting for a person's decision; nothing is paid until then." },
  SHADOW: { kind: "runtime", label: "Shadow stage", sentence: "The agent is in its shadow stage: it proposes, and a person decides every report until it has earned more autonomy." },
  LIMITED_REVIEW: { kind: "runtime", label: "Limited stage", sentence: "The agent is in its limited stage and this report is outside the share it may decide alone." },
  AUDIT_SAMPLE: { kind: "runtime", label: "Audit sample", sentence: "This report was picked at random for a spot check of the agent's work." },
  CIRCUIT_OPEN: { kind: "runtime", label: "Breaker open", sentence: "The agent's circuit breaker is open (it recently disagreed with reviewers or failed too often), so every report goes to a person." },
  LOW_CONFIDENCE: { kind: "runtime", label: "Low confidence", sentence: "The model was not confident enough in its reading of this report." },
  WAITING_FOR_EARLIER_REPORT: { kind: "runtime", label: "Waiting for earlier report", sentence: "An earlier report of the same employee was still being decided; reports are decided in the order they arrive." },
  RATE_LIMITED: { kind: "runtime", label: "Rate limited", sentence: "Too many reports arrived at once; this one was refused and can be sent again." },
};
