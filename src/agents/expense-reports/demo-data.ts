/**
 * What a tenant gets to try the expense agent: the employee directory of the
 * expense policy (shared/expense-policy.md). The local seed (scripts/seed.sql)
 * holds the same rows for tenant `demo` (a test checks they match); `load`
 * gives them to any tenant. Existing rows are kept, never overwritten.
 */
import type { AgentDemoData } from "../../runtime/agent-definition";
import type { Employee } from "./schema";

export const DEMO_EMPLOYEES: readonly Pick<Employee, "id" | "name" | "status" | "level">[] = [
  { id: "E1001", name: "Ada Park", status: "active", level: "staff" },
  { id: "E1002", name: "Bruno Silva", status: "active", level: "manager" },
  { id: "E1003", name: "Chen Wei", status: "active", level: "director" },
  { id: "E1004", name: "Dana Okafor", status: "on_leave", level: "staff" },
  { id: "E1005", name: "Emil Novak", status: "terminated", level: "staff" },
  { id: "E1006", name: "Farah Haddad", status: "active", level: "staff" },
];

const INSERT = "INSERT INTO employees (tenant_id, id, name, status, level) VALUES (?, ?, ?, ?, ?) ON CONFLICT(tenant_id, id) DO NOTHING";

export const expenseDemoData: AgentDemoData = {
  async load(d1, tenantId) {
    await d1.batch(DEMO_EMPLOYEES.map((e) => d1.prepare(INSERT).bind(tenantId, e.id, e.name, e.status, e.level)));
  },
};

/**
 * An evaluation case runs under its own tenant with a copy of the calling
 * tenant's employee directory (cases never see each other's approvals), and
 * the copy goes once the case's runs rest.
 */
export const expenseEvalTenant = {
  async prepare(d1: D1Database, from: string, to: string): Promise<void> {
    await d1
      .prepare("INSERT INTO employees (tenant_id, id, name, status, level) SELECT ?, id, name, status, level FROM employees WHERE tenant_id = ? ON CONFLICT(tenant_id, id) DO NOTHING")
      .bind(to, from)
      .run();
  },
  async cleanup(d1: D1Database, tenantId: string): Promise<void> {
    await d1.prepare("DELETE FROM employees WHERE tenant_id = ?").bind(tenantId).run();
  },
};
