/**
 * Step 5: rules on the whole report (employee and approved total).
 */
import type { Employee, ReportRuleCode } from "../schema";

/** REVIEW_THRESHOLD: an approved total above this (not equal) needs a person. */
export const REVIEW_THRESHOLD_CENTS = 100_000;

/** The demo tenant's employee directory (contract seed data). */
export const DEMO_EMPLOYEES: readonly Employee[] = [
  { id: "E1001", name: "Ada Park", status: "active", level: "staff" },
  { id: "E1002", name: "Bruno Silva", status: "active", level: "manager" },
  { id: "E1003", name: "Chen Wei", status: "active", level: "director" },
  { id: "E1004", name: "Dana Okafor", status: "on_leave", level: "staff" },
  { id: "E1005", name: "Emil Novak", status: "terminated", level: "staff" },
  { id: "E1006", name: "Farah Haddad", status: "active", level: "staff" },
];

/** Exact, case-sensitive id lookup (ids are identifiers, not text to be guessed at). */
export function findEmployee(employeeId: string, directory: readonly Employee[] = DEMO_EMPLOYEES): Employee | null {
  return directory.find((e) => e.id === employeeId) ?? null;
}

/**
 * The "approved total" REVIEW_THRESHOLD compares: what the policy would pay,
 * i.e. the approved cents (after caps) of every item not rejected, including
 * items that need review. Takes the cap step's per-item approved cents.
 */
export function approvedTotalCents(items: readonly { approvedCents: number }[]): number {
  return items.reduce((sum, item) => sum + item.approvedCents, 0);
}

export interface ApplyReportRulesInput {
  /** null when `employeeId` is not in the directory. */
  employee: Employee | null;
  approvedTotalCents: number;
}

export interface ReportRulesResult {
  codes: ReportRuleCode[];
}

/**
 * UNKNOWN_EMPLOYEE (alone: nothing else is judged for a report nobody can be
 * paid for), else INACTIVE_EMPLOYEE (on leave or terminated) and
 * REVIEW_THRESHOLD (total above $1,000.00; exactly $1,000.00 is fine).
 */
export function applyReportRules(input: ApplyReportRulesInput): ReportRulesResult {
  const { employee, approvedTotalCents: total } = input;
  if (employee === null) return { codes: ["UNKNOWN_EMPLOYEE"] };
  const codes: ReportRuleCode[] = [];
  if (employee.status === "on_leave" || employee.status === "terminated") codes.push("INACTIVE_EMPLOYEE");
  if (total > REVIEW_THRESHOLD_CENTS) codes.push("REVIEW_THRESHOLD");
  return { codes };
}
