/**
 * `expense-reports`: checks one expense report against the Acme travel &
 * expense policy (shared/expense-policy.md). The model only classifies (item
 * categories, instruction-like text); every rule, amount and date is
 * deterministic code in ./policy. Each stage is its own journaled step, so a
 * reviewer sees what was tried and gathered.
 */
import type { z } from "zod";
import { runCascade } from "../../models/cascade";
import type { ChatMessage } from "../../models/types";
import type { ReviewDecision } from "../../escalation/messages";
import { ALLOW, block, type ActionFacts, type ActionVerdict, type ProposedAction } from "../../guardrails/action-policy";
import { defineAgent, isReviewRequest, requestReview, type StepContext, type StepDefinition } from "../../runtime/agent-definition";
import { RuntimeError } from "../../runtime/errors";
import { classifyItemMessages, detectInstructionsMessages, InstructionAnswerSchema, ItemCategoryAnswerSchema } from "./model-tasks";
import { applyCaps, type CapResult } from "./policy/caps";
import { DEFAULT_CORRECTION_THRESHOLD, resolveCategories, type ResolvedCategory } from "./policy/category";
import { decide } from "./policy/decide";
import { applyEscalations, type EscalationResult } from "./policy/escalations";
import { explain } from "./policy/explain";
import { applyItemRules, type ItemRuleResult } from "./policy/item-rules";
import { applyReportRules, approvedTotalCents, REVIEW_THRESHOLD_CENTS, type ReportRulesResult } from "./policy/report-rules";
import { toUsdCents } from "./policy/currency";
import { misleadingCharPathsOf, textFieldsOf } from "./policy/text";
import {
  ExpenseReportSchema,
  looksLikeExpenseReport,
  OUT_OF_SCOPE_MESSAGE,
  OutcomeSchema,
  type CategoryPrediction,
  type Employee,
  type ExpenseReport,
  type Outcome,
  type PriorApprovedItem,
} from "./schema";
import { outcomeAfterReview, validateExpenseReview } from "./review";
import { expenseReviewView } from "./review-view/page";
import { convertCurrency, findApprovedItems, lookupEmployee, recordDecision, schedulePayment } from "./tools";
import { compareExpenseOutcomes } from "./outcomes";
import { expenseReviewDecision } from "./review-decision";
import { EXPENSE_EMBEDDED_MODELS } from "./model/embedded";
import { expenseDemoData } from "./demo-data";
import { expenseEvalSet } from "./eval-set";
import { expenseDataCollections } from "./data-collections";
import { expenseReviewPolicy } from "./review-amount";

export const CLASSIFIER_TIERS = ["local/expense-classifier-small", "local/expense-classifier-large"];
/** Confidence the cheap tier needs before its answer is accepted without the strong tier. */
export const CASCADE_THRESHOLD = 0.8;
/** Time a report waits for earlier reports of the same employee before retrying. */
const TURN_TIMEOUT_MS = 10_000;
/** Fields the schema pins to an enum or a strict format: they cannot carry instructions. */
const CONSTRAINED_FIELD = /(^|\.)(category|travelClass|currency|date|submittedAt)$/;
/**
 * An identifier-like value: one token (no spaces, at most 64 characters) made
 * of short letter prefixes and digits joined by `. _ / # -`, with at least one
 * digit ("R-2026-0042", "E1001", "PA-7781", "TR-55120", "#4471"). No word of
 * five or more letters fits, and leetspeak ("4ppr0v3") does not either (a part
 * must be letters then digits), so such a value cannot carry an instruction and
 * is not sent to the model. Hidden characters fall outside the character set
 * and are found by code anyway (validate step, `misleadingCharPathsOf`).
 */
const IDENTIFIER_LIKE = /^(?=[^\d]*\d)[A-Za-z]{0,4}\d*(?:[._/#-]+[A-Za-z]{0,4}\d*)*$/;

/** True when a text field needs the instruction screen (model call); false for constrained and identifier-like values. */
export function needsScreening(path: string, value: string): boolean {
  if (CONSTRAINED_FIELD.test(path)) return false;
  return !(value.length <= 64 && IDENTIFIER_LIKE.test(value));
}

type Ctx = StepContext<ExpenseReport>;

interface Classification {
  predictions: (CategoryPrediction & { model: string })[];
  resolved: ResolvedCategory[];
  modelFlaggedPaths: string[];
}

/** Outputs of earlier steps, typed. Each key is a step name below. */
interface Results {
  validate: { hiddenCharPaths: string[] };
  lookupEmployee: { employee: Employee | null };
  convert: { usdCents: (number | null)[] };
  classify: Classification;
  findApprovedItems: { items: PriorApprovedItem[] };
  itemRules: ItemRuleResult[];
  caps: CapResult[];
  escalations: EscalationResult;
  reportRules: ReportRulesResult;
  decide: Outcome;
}
const result = <K extends keyof Results>(ctx: Ctx, key: K) => ctx.results[key] as Results[K];
const categories = (ctx: Ctx) => result(ctx, "classify").resolved.map((r) => r.category);

function turnstile(ctx: Ctx) {
  const key = `${ctx.tenantId}:expense-reports:${ctx.input.employeeId}`;
  return ctx.env.TURNSTILES.get(ctx.env.TURNSTILES.idFromName(key));
}

/**
 * One question to the model layer through the cascade: the run's tiers, JSON
 * out, nothing cached (reports carry personal data), journaled by the engine.
 */
function ask<T extends { confidence: number }>(ctx: Ctx, messages: ChatMessage[], schema: z.ZodType<T>, maxTokens: number) {
  return runCascade({
    tiers: ctx.modelTiers("classify"),
    buildRequest: (model) => ({ model, messages, max_tokens: maxTokens, temperature: 0, response_format: { type: "json_object" } }),
    schema,
    threshold: CASCADE_THRESHOLD,
    call: (_model, request) => ctx.callModel(request, { metadata: { agent: ctx.agent, run: ctx.runId, step: ctx.stepIndex }, skipCache: true }),
  });
}

async function classifyItem(ctx: Ctx, item: ExpenseReport["items"][number]) {
  const outcome = await ask(ctx, classifyItemMessages(item), ItemCategoryAnswerSchema, 120);
  if (!outcome.accepted) ctx.flagForReview("LOW_CONFIDENCE");
  return { category: outcome.value.category, confidence: outcome.confidence, model: outcome.model };
}

async function isInstruction(ctx: Ctx, text: string): Promise<boolean> {
  return (await ask(ctx, detectInstructionsMessages(text), InstructionAnswerSchema, 60)).value.suspicious;
}

const steps: StepDefinition<ExpenseReport>[] = [
  {
    name: "validate",
    kind: "guard",
    describeInput: (r) => `report ${r.reportId}, employee ${r.employeeId}, ${r.items.length} item(s)`,
    run: (ctx) => ({ hiddenCharPaths: misleadingCharPathsOf(ctx.input) }),
    summarize: (o) => {
      const paths = (o as Results["validate"]).hiddenCharPaths;
      return paths.length ? `hidden or lookalike characters in ${paths.join(", ")}` : "schema valid; no hidden characters";
    },
  },
  {
    name: "lookupEmployee",
    kind: "tool",
    describeInput: (r) => `employee ${r.employeeId}`,
    run: (ctx) => ctx.callTool(lookupEmployee, { employeeId: ctx.input.employeeId }),
    summarize: (o) => {
      const e = (o as Results["lookupEmployee"]).employee;
      return e ? `${e.name} (${e.id}), ${e.status}, ${e.level}` : "not in the directory";
    },
  },
  {
    name: "convert",
    kind: "tool",
    describeInput: (r) => r.items.map((i) => `${i.amount} ${i.currency}`).join(", "),
    async run(ctx) {
      const usdCents: (number | null)[] = [];
      for (const item of ctx.input.items) usdCents.push((await ctx.callTool(convertCurrency, { amount: item.amount, currency: item.currency })).usdCents);
      return { usdCents };
    },
    summarize: (o) => (o as Results["convert"]).usdCents.map((c) => (c === null ? "unsupported" : `$${(c / 100).toFixed(2)}`)).join(", "),
  },
  {
    name: "classify",
    kind: "model",
    describeInput: (r) => `${r.items.length} item(s) to categorize; ${textFieldsOf(r).length} text field(s) to screen`,
    async run(ctx): Promise<Classification> {
      const predictions = [];
      for (const item of ctx.input.items) predictions.push(await classifyItem(ctx, item));
      const verdicts = new Map<string, boolean>();
      const modelFlaggedPaths: string[] = [];
      for (const field of textFieldsOf(ctx.input)) {
        if (!needsScreening(field.path, field.value)) continue;
        if (!verdicts.has(field.value)) verdicts.set(field.value, await isInstruction(ctx, field.value));
        if (verdicts.get(field.value)) modelFlaggedPaths.push(field.path);
      }
      return { predictions, resolved: resolveCategories(ctx.input, predictions, DEFAULT_CORRECTION_THRESHOLD), modelFlaggedPaths };
    },
    summarize: (o) => {
      const c = o as Classification;
      const cats = c.resolved.map((r, i) => `#${i + 1} ${r.category}${r.source === "stated" ? "" : ` (${r.source})`}`).join(", ");
      return c.modelFlaggedPaths.length ? `${cats}; instruction-like text in ${c.modelFlaggedPaths.join(", ")}` : cats;
    },
  },
  {
    name: "awaitTurn",
    kind: "guard",
    retry: { maxAttempts: 30, initialDelayMs: 500, factor: 1.5, maxDelayMs: 10_000 },
    describeInput: (r) => `reports of ${r.employeeId} are decided in arrival order`,
    async run(ctx) {
      const turn = await turnstile(ctx).awaitTurn(ctx.runId, ctx.tenantId, TURN_TIMEOUT_MS);
      if (!turn.granted) throw new RuntimeError("WAITING_FOR_EARLIER_REPORT", `An earlier report of this employee (${turn.waitingFor}) is still being decided.`, { retryable: true });
      return { position: turn.position };
    },
  },
  {
    name: "findApprovedItems",
    kind: "tool",
    describeInput: (r) => `approved items of ${r.employeeId} on ${[...new Set(r.items.map((i) => i.date))].join(", ")}`,
    run: (ctx) => ctx.callTool(findApprovedItems, { employeeId: ctx.input.employeeId, dates: ctx.input.items.map((i) => i.date), excludeReportId: ctx.input.reportId }),
    summarize: (o) => `${(o as Results["findApprovedItems"]).items.length} earlier approved item(s) on those dates`,
  },
  {
    name: "itemRules",
    kind: "guard",
    run: (ctx) =>
      applyItemRules({ report: ctx.input, usdCents: result(ctx, "convert").usdCents, categories: categories(ctx), priorApprovedItems: result(ctx, "findApprovedItems").items }),
    summarize: (o) => (o as ItemRuleResult[]).map((r) => `#${r.index + 1} ${r.rejection ?? "ok"}`).join(", "),
  },
  {
    name: "caps",
    kind: "guard",
    run: (ctx) => applyCaps({ report: ctx.input, usdCents: result(ctx, "convert").usdCents, categories: categories(ctx), itemRules: result(ctx, "itemRules") }),
  },
  {
    name: "escalations",
    kind: "guard",
    run: (ctx) =>
      applyEscalations({
        report: ctx.input,
        usdCents: result(ctx, "convert").usdCents,
        categories: categories(ctx),
        itemRules: result(ctx, "itemRules"),
        hiddenCharPaths: result(ctx, "validate").hiddenCharPaths,
        modelFlaggedPaths: result(ctx, "classify").modelFlaggedPaths,
      }),
  },
  {
    name: "reportRules",
    kind: "guard",
    run: (ctx) => applyReportRules({ employee: result(ctx, "lookupEmployee").employee, approvedTotalCents: approvedTotalCents(result(ctx, "caps")) }),
  },
  {
    name: "decide",
    kind: "decision",
    run(ctx): Outcome {
      const decided = decide({
        categories: categories(ctx),
        itemRules: result(ctx, "itemRules"),
        caps: result(ctx, "caps"),
        escalations: result(ctx, "escalations"),
        reportRules: result(ctx, "reportRules"),
      });
      return { ...decided, explanation: explain(decided, ctx.input) };
    },
    summarize: (o) => {
      const out = o as Outcome;
      return `${out.decision} $${(out.approvedAmountCents / 100).toFixed(2)}${out.codes.length ? ` [${out.codes.join(", ")}]` : ""}`;
    },
  },
  {
    name: "act",
    kind: "tool",
    async run(ctx) {
      const outcome = result(ctx, "decide");
      if (outcome.decision === "escalate") {
        await turnstile(ctx).release(ctx.runId);
        return requestReview(outcome.codes.filter((c) => ESCALATION_REASONS.has(c)), {
          priority: outcome.codes.includes("SUSPICIOUS_TEXT") ? 1 : outcome.codes.includes("REVIEW_THRESHOLD") ? 2 : 3,
          subject: expenseReviewSubject(ctx.input, ctx.results),
        });
      }
      await settle(ctx, outcome, "agent");
      return outcome;
    },
    summarize: (o) => (o && typeof o === "object" && "$review" in o ? `sent to a reviewer` : `acted: ${(o as Outcome).decision}`),
  },
  {
    name: "settle",
    kind: "tool",
    describeInput: () => "the reviewer's decision, if the report was escalated",
    async run(ctx) {
      const acted = ctx.results.act;
      if (!isReviewRequest(acted)) return acted; // decided by the agent and already acted on
      const final = outcomeAfterReview(result(ctx, "decide"), ctx.review as ReviewDecision, ctx.input);
      await settle(ctx, final, final.decidedBy);
      return final;
    },
    summarize: (o) => `${(o as Outcome).decision} $${((o as Outcome).approvedAmountCents / 100).toFixed(2)}`,
  },
];

/**
 * The queue's display fields, the same whatever paused the run (an escalation,
 * a stage or audit gate, low confidence, a spent budget): the amounts come from
 * the run's own conversion step, or from the same table when it has not run yet.
 */
export function expenseReviewSubject(report: ExpenseReport, results: Readonly<Record<string, unknown>>): Record<string, string | number> {
  const converted = (results.convert as Results["convert"] | undefined)?.usdCents ?? report.items.map((i) => toUsdCents(i.amount, i.currency));
  const claimedCents = converted.reduce<number>((s, c) => s + (c ?? 0), 0);
  return { reportId: report.reportId, employeeId: report.employeeId, claimedCents, items: report.items.length };
}

const ESCALATION_REASONS = new Set(["PREMIUM_CLASS", "NEEDS_PREAPPROVAL", "SUSPICIOUS_TEXT", "INACTIVE_EMPLOYEE", "REVIEW_THRESHOLD"]);

/** Records the decision and, when approved, schedules the payment; then lets the next report through. */
async function settle(ctx: Ctx, outcome: Outcome, decidedBy: string) {
  const usdCents = result(ctx, "convert").usdCents;
  await ctx.callTool(recordDecision, {
    reportId: ctx.input.reportId,
    employeeId: ctx.input.employeeId,
    outcome,
    decidedBy,
    items: ctx.input.items.map((item, index) => ({ index, date: item.date, merchant: item.merchant, amount: item.amount, currency: item.currency, usdCents: usdCents[index] ?? 0 })),
  });
  if (outcome.decision === "approve" && outcome.approvedAmountCents > 0) {
    await ctx.callTool(schedulePayment, { reportId: ctx.input.reportId, employeeId: ctx.input.employeeId, cents: outcome.approvedAmountCents });
  }
  await turnstile(ctx).release(ctx.runId);
}

/**
 * Output guardrail: a payment must equal the decided total, and without a
 * person's decision it may not exceed the review threshold or go to an
 * employee who is not active. Decisions for inactive employees need a person too.
 */
function expenseActionPolicy(action: ProposedAction, facts: ActionFacts<ExpenseReport>): ActionVerdict {
  const decided = facts.results.decide as Outcome | undefined;
  const employee = (facts.results.lookupEmployee as Results["lookupEmployee"] | undefined)?.employee;
  const reviewed = facts.review !== null && facts.review !== undefined;
  if (action.tool === schedulePayment.name) {
    const { cents, employeeId } = action.args as { cents: number; employeeId: string };
    const expected = reviewed && decided ? outcomeAfterReview(decided, facts.review as ReviewDecision, facts.input).approvedAmountCents : decided?.approvedAmountCents;
    if (cents !== expected) return block("PAYMENT_AMOUNT_MISMATCH", `The payment of ${cents} cents differs from the decided total (${expected ?? "none"}).`);
    if (employeeId !== facts.input.employeeId) return block("PAYEE_MISMATCH", "The payee is not the report's employee.");
    if (!reviewed && cents > REVIEW_THRESHOLD_CENTS) return block("PAYMENT_ABOVE_THRESHOLD", "A payment above $1,000.00 needs a person's decision.");
  }
  if (!reviewed && employee && employee.status !== "active" && (action.tool === schedulePayment.name || action.tool === recordDecision.name)) {
    return block("INACTIVE_EMPLOYEE_ACTION", `The employee is ${employee.status}; a person decides.`);
  }
  return ALLOW;
}

export const expenseReportsAgent = defineAgent<ExpenseReport>({
  name: "expense-reports",
  version: "1.0.0",
  description: "Checks one expense report against the Acme travel & expense policy: approve, reject, or send to a reviewer.",
  input: ExpenseReportSchema,
  scope: (raw) => (looksLikeExpenseReport(raw) ? { inScope: true } : { inScope: false, message: OUT_OF_SCOPE_MESSAGE }),
  // The same report submitted twice is the same run: never decided or paid twice.
  idempotencyKey: (report) => `report:${report.reportId}`,
  describeIdempotencyKey: (report) => `report ${report.reportId}`,
  plan: () => steps,
  validateReview: validateExpenseReview,
  reviewDecision: expenseReviewDecision,
  actionPolicy: expenseActionPolicy,
  reviewSubject: expenseReviewSubject,
  reviewView: expenseReviewView,
  models: { classify: CLASSIFIER_TIERS },
  limits: { timeLimitMs: 10 * 60_000, maxSteps: 50, maxToolCalls: 120, maxModelCalls: 400, maxCostMicroUsdPerRun: 500_000, latencyBudgetMs: 1_000 },
  outcome: OutcomeSchema,
  compareOutcomes: compareExpenseOutcomes,
  evalSet: expenseEvalSet,
  demoData: expenseDemoData,
  embeddedModels: EXPENSE_EMBEDDED_MODELS,
  dataCollections: expenseDataCollections,
  ...expenseReviewPolicy,
});
