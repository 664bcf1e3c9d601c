/** The expense agent's evaluation set (format in evals/expense-reports/README.md), bundled with the agent. */
import { z } from "zod";
import type { AgentEvalSet } from "../../runtime/agent-definition";
import cases from "../../../evals/expense-reports/cases.jsonl";
import { expenseEvalTenant } from "./demo-data";

/** What a case expects the agent to decide: decision, total, codes and every item. */
export const ExpenseExpectedSchema = z.object({
  decision: z.string(),
  approvedAmountCents: z.number().int(),
  codes: z.array(z.string()),
  items: z.array(z.object({ verdict: z.string(), approvedCents: z.number().int(), codes: z.array(z.string()), category: z.string() })),
});

export const expenseEvalSet: AgentEvalSet = {
  path: "evals/expense-reports/cases.jsonl",
  text: cases,
  expected: ExpenseExpectedSchema,
  tenant: expenseEvalTenant,
};
