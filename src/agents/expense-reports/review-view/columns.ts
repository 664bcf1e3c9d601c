/**
 * The expense agent's columns in the dashboard's shared lists: the queue reads
 * the review subject (`expenseReviewSubject`: reportId, employeeId,
 * claimedCents, items), the runs list reads the report as submitted.
 */
import { and, eq, inArray } from "drizzle-orm";
import { database } from "../../../db/client";
import { employees } from "../../../db/schema";
import type { AgentReviewView, DisplayColumn, DisplayValues } from "../../../runtime/review-view";

export const EXPENSE_QUEUE_COLUMNS: readonly DisplayColumn[] = [
  { label: "Report", field: "reportId", format: "text" },
  // The name is looked up when the queue renders (lookupSubjects): the directory is the source, not the item.
  { label: "Employee", field: "employeeName", format: "text", missing: "not in directory", detail: { field: "employeeId", format: "text" } },
  { label: "Claimed", field: "claimedCents", format: "cents", detail: { field: "items", format: "count", unit: "item(s)" } },
];

export const EXPENSE_RUN_COLUMNS: readonly DisplayColumn[] = [
  { label: "Report", field: "reportId", format: "text", searchable: true },
  { label: "Employee", field: "employeeId", format: "text", searchable: true },
];

/** Adds `employeeName` from the tenant's directory to each subject that names an employee. */
async function lookupSubjects({ env, tenantId, subjects }: { env: Env; tenantId: string; subjects: readonly DisplayValues[] }): Promise<DisplayValues[]> {
  const ids = [...new Set(subjects.map((s) => s.employeeId).filter((v): v is string => typeof v === "string" && v !== ""))].slice(0, 100);
  if (ids.length === 0) return [...subjects];
  const rows = await database(env.DB)
    .select({ id: employees.id, name: employees.name })
    .from(employees)
    .where(and(eq(employees.tenantId, tenantId), inArray(employees.id, ids)))
    .all();
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return subjects.map((s) => {
    const name = typeof s.employeeId === "string" ? names.get(s.employeeId) : undefined;
    return name === undefined ? s : { ...s, employeeName: name };
  });
}

export const expenseColumns: Pick<AgentReviewView, "queueColumns" | "runColumns" | "lookupSubjects"> = {
  queueColumns: EXPENSE_QUEUE_COLUMNS,
  runColumns: EXPENSE_RUN_COLUMNS,
  lookupSubjects,
};
