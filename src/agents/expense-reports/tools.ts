/**
 * The expense agent's tools: zod in and out, one report and one employee per
 * call, idempotent by the engine's key, and ledgered when they write.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { database } from "../../db/client";
import { approvedItems, employees, expenseDecisions } from "../../db/schema";
import { defineTool, ToolError } from "../../tools/define-tool";
import { recordEffect } from "../../tools/effect-ledger";
import { toUsdCents } from "./policy/currency";
import { normalizeMerchant } from "./policy/text";
import { EmployeeSchema, OutcomeSchema, PriorApprovedItemSchema } from "./schema";

const reportId = z.string().min(1).max(64);
const employeeId = z.string().min(1).max(32);

export const lookupEmployee = defineTool({
  name: "lookupEmployee",
  description: "Reads one employee from the tenant's directory.",
  input: z.object({ employeeId }),
  output: z.object({ employee: EmployeeSchema.nullable() }),
  sideEffect: false,
  async run({ employeeId }, ctx) {
    const row = await database(ctx.env.DB)
      .select()
      .from(employees)
      .where(and(eq(employees.tenantId, ctx.tenantId), eq(employees.id, employeeId)))
      .get();
    return { employee: row ? { id: row.id, name: row.name, status: row.status, level: row.level as "staff" } : null };
  },
});

export const convertCurrency = defineTool({
  name: "convertCurrency",
  description: "Converts an amount to USD cents with the policy's fixed table (C1); null when unsupported.",
  input: z.object({ amount: z.number().positive(), currency: z.string().length(3) }),
  output: z.object({ usdCents: z.number().int().nonnegative().nullable() }),
  sideEffect: false,
  async run({ amount, currency }) {
    return { usdCents: toUsdCents(amount, currency) };
  },
});

export const findApprovedItems = defineTool({
  name: "findApprovedItems",
  description: "Items approved in earlier reports of one employee on the given dates (for DUPLICATE).",
  input: z.object({ employeeId, dates: z.array(z.string()).min(1).max(50), excludeReportId: reportId }),
  output: z.object({ items: z.array(PriorApprovedItemSchema) }),
  sideEffect: false,
  async run({ employeeId, dates, excludeReportId }, ctx) {
    const rows = await database(ctx.env.DB)
      .select()
      .from(approvedItems)
      .where(and(eq(approvedItems.tenantId, ctx.tenantId), eq(approvedItems.employeeId, employeeId), inArray(approvedItems.date, [...new Set(dates)])))
      .all();
    return {
      items: rows
        .filter((r) => r.reportId !== excludeReportId)
        .map((r) => ({ employeeId: r.employeeId, date: r.date, merchant: r.merchant, amount: r.amountCents / 100, currency: r.currency, usdCents: r.usdCents, reportId: r.reportId })),
    };
  },
});

const DecisionItem = z.object({
  index: z.number().int().nonnegative(),
  date: z.string(),
  merchant: z.string(),
  amount: z.number().positive(),
  currency: z.string(),
  usdCents: z.number().int().nonnegative(),
});

export const recordDecision = defineTool({
  name: "recordDecision",
  description: "Records the final decision of one report and, when approved, its approved items (history for DUPLICATE).",
  input: z.object({
    reportId,
    employeeId,
    outcome: OutcomeSchema,
    /** The submitted items, to store what later reports compare against. */
    items: z.array(DecisionItem).max(50),
    decidedBy: z.string().min(1).max(120),
  }),
  output: z.object({ recorded: z.boolean(), replayed: z.boolean() }),
  sideEffect: true,
  async run({ reportId, employeeId, outcome, items, decidedBy }, ctx) {
    if (outcome.decision === "escalate") {
      throw new ToolError("DECISION_NOT_FINAL", "An escalated outcome is not a decision; a reviewer decides first.");
    }
    const approvedSum = outcome.items.filter((i) => i.verdict === "approved" || i.verdict === "capped").reduce((s, i) => s + i.approvedCents, 0);
    if (outcome.decision === "approve" && approvedSum !== outcome.approvedAmountCents) {
      throw new ToolError("AMOUNT_MISMATCH", "The approved total differs from the sum of the approved items.");
    }
    const now = ctx.clock.now();
    const db = ctx.env.DB;
    const statements = [
      db
        .prepare(
          `INSERT INTO expense_decisions (tenant_id, report_id, employee_id, run_id, decision, approved_amount_cents, outcome, decided_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(ctx.tenantId, reportId, employeeId, ctx.runId, outcome.decision, outcome.approvedAmountCents, JSON.stringify(outcome), decidedBy, now),
    ];
    if (outcome.decision === "approve") {
      for (const verdict of outcome.items) {
        if (verdict.verdict !== "approved" && verdict.verdict !== "capped") continue;
        const item = items.find((i) => i.index === verdict.index);
        if (!item) throw new ToolError("ITEM_MISSING", `Item ${verdict.index} of the outcome was not given.`);
        statements.push(
          db
            .prepare(
              `INSERT INTO approved_items (tenant_id, report_id, item_index, employee_id, run_id, date, merchant, amount_cents, currency, usd_cents, approved_cents, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .bind(ctx.tenantId, reportId, item.index, employeeId, ctx.runId, item.date, normalizeMerchant(item.merchant), Math.round(item.amount * 100), item.currency, item.usdCents, verdict.approvedCents, now),
        );
      }
    }
    try {
      const { created } = await recordEffect(ctx, "recordDecision", { reportId, employeeId, decision: outcome.decision }, { recorded: true }, statements);
      return { recorded: true, replayed: !created };
    } catch (error) {
      if (String(error).includes("UNIQUE")) {
        throw new ToolError("REPORT_ALREADY_DECIDED", `Report ${reportId} already has a recorded decision.`);
      }
      throw new ToolError("D1_UNAVAILABLE", "Could not record the decision.", { retryable: true });
    }
  },
});

export const schedulePayment = defineTool({
  name: "schedulePayment",
  description: "Schedules the reimbursement of one approved report to its employee; at most one payment per report.",
  input: z.object({ reportId, employeeId, cents: z.number().int().positive() }),
  output: z.object({ scheduled: z.boolean(), replayed: z.boolean() }),
  sideEffect: true,
  async run({ reportId, employeeId, cents }, ctx) {
    const decision = await database(ctx.env.DB)
      .select()
      .from(expenseDecisions)
      .where(and(eq(expenseDecisions.tenantId, ctx.tenantId), eq(expenseDecisions.reportId, reportId)))
      .get();
    if (!decision || decision.decision !== "approve") {
      throw new ToolError("NOT_APPROVED", `Report ${reportId} has no approved decision to pay.`);
    }
    if (decision.employeeId !== employeeId) throw new ToolError("EMPLOYEE_MISMATCH", "The payee is not the report's employee.");
    if (decision.approvedAmountCents !== cents) {
      throw new ToolError("AMOUNT_MISMATCH", `The amount differs from the decided approved total of report ${reportId}.`);
    }
    const insert = ctx.env.DB.prepare(
      "INSERT INTO payments (tenant_id, report_id, employee_id, run_id, amount_cents, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).bind(ctx.tenantId, reportId, employeeId, ctx.runId, cents, ctx.idempotencyKey, ctx.clock.now());
    try {
      const { created } = await recordEffect(ctx, "schedulePayment", { reportId, employeeId, cents }, { scheduled: true }, [insert]);
      return { scheduled: true, replayed: !created };
    } catch (error) {
      if (String(error).includes("UNIQUE")) throw new ToolError("ALREADY_PAID", `Report ${reportId} already has a payment.`);
      throw new ToolError("D1_UNAVAILABLE", "Could not schedule the payment.", { retryable: true });
    }
  },
});

