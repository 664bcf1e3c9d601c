/**
 * The data the expense agent reads per tenant: the employee directory
 * (`lookupEmployee` reads one row by tenant and id). An operator replaces it
 * whole with PUT /v1/agents/expense-reports/data/employees.
 */
import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { database } from "../../db/client";
import { employees } from "../../db/schema";
import { defineDataCollection, insertChunks, replaceStatements, type AgentDataCollection } from "../../runtime/agent-data";
import { EmployeeSchema } from "./schema";

/** The agent's own employee shape, with the bounds its tool input already has (an id of at most 32 characters). */
export const EmployeeRecord = EmployeeSchema.extend({
  id: z.string().min(1).max(32),
  name: z.string().min(1).max(200),
});

const employeeCollection = defineDataCollection({
  description: "The employee directory: who may claim expenses, their status (only active employees are paid without a person) and level.",
  record: EmployeeRecord,
  key: (e) => e.id,
  async replace(d1, tenantId, records) {
    const db = database(d1);
    const rows = records.map((e) => ({ tenantId, ...e }));
    await db.batch(
      replaceStatements(
        db.delete(employees).where(eq(employees.tenantId, tenantId)),
        insertChunks(rows, 5).map((chunk) => db.insert(employees).values(chunk)),
      ),
    );
  },
  async list(d1, tenantId, { after, limit }) {
    const rows = await database(d1)
      .select({ id: employees.id, name: employees.name, status: employees.status, level: employees.level })
      .from(employees)
      .where(and(eq(employees.tenantId, tenantId), after === null ? undefined : gt(employees.id, after)))
      .orderBy(asc(employees.id))
      .limit(limit)
      .all();
    // Rows written before loads were validated may hold any level; the page shows them as stored.
    return rows as z.output<typeof EmployeeRecord>[];
  },
});

export const expenseDataCollections: Readonly<Record<string, AgentDataCollection>> = { employees: employeeCollection };
