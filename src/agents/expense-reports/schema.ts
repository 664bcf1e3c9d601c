/**
 * Schemas of the `expense-reports` agent (contract: shared/expense-policy.md).
 * Every type is inferred from a schema; nothing is declared twice.
 */
import { z } from "zod";
import { isIsoDate } from "./policy/dates";
import { foldForComparison } from "./policy/text";

// ---------------------------------------------------------------------------
// Enumerations

export const CATEGORIES = [
  "meals",
  "lodging",
  "airfare",
  "ground_transport",
  "software",
  "training",
  "client_entertainment",
  "office_supplies",
  "alcohol",
  "personal",
] as const;
export const CategorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof CategorySchema>;

export const TRAVEL_CLASSES = ["economy", "premium_economy", "business", "first"] as const;
export const TravelClassSchema = z.enum(TRAVEL_CLASSES);
export type TravelClass = z.infer<typeof TravelClassSchema>;

/** Item rules, in the order they are checked (the first one decides the item). */
export const ITEM_RULE_CODES = [
  "FUTURE_DATE",
  "LATE",
  "UNSUPPORTED_CURRENCY",
  "DUPLICATE",
  "PERSONAL",
  "ALCOHOL",
  "MISSING_RECEIPT",
] as const;
export const CAP_CODES = ["MEAL_CAP", "LODGING_CAP", "GROUND_CAP", "ENTERTAINMENT_CAP"] as const;
export const ITEM_ESCALATION_CODES = ["PREMIUM_CLASS", "NEEDS_PREAPPROVAL", "SUSPICIOUS_TEXT"] as const;
export const REPORT_RULE_CODES = ["UNKNOWN_EMPLOYEE", "INACTIVE_EMPLOYEE", "REVIEW_THRESHOLD"] as const;

/** Every code an outcome can carry (S1's OUT_OF_SCOPE is a request error, see REQUEST_ERROR_CODES). */
export const POLICY_CODES = z.enum([
  ...ITEM_RULE_CODES,
  ...CAP_CODES,
  ...ITEM_ESCALATION_CODES,
  ...REPORT_RULE_CODES,
]);
export type PolicyCode = z.infer<typeof POLICY_CODES>;
export type ItemRuleCode = (typeof ITEM_RULE_CODES)[number];
export type CapCode = (typeof CAP_CODES)[number];
export type ItemEscalationCode = (typeof ITEM_ESCALATION_CODES)[number];
export type ReportRuleCode = (typeof REPORT_RULE_CODES)[number];

/** Codes that send the report to a person (decision step 2). */
export const ESCALATION_CODES: readonly PolicyCode[] = [
  "PREMIUM_CLASS",
  "NEEDS_PREAPPROVAL",
  "SUSPICIOUS_TEXT",
  "INACTIVE_EMPLOYEE",
  "REVIEW_THRESHOLD",
];

/** Errors returned (HTTP 422) before the agent runs. */
export const REQUEST_ERROR_CODES = z.enum(["OUT_OF_SCOPE", "INVALID_INPUT"]);
export type RequestErrorCode = z.infer<typeof REQUEST_ERROR_CODES>;

// ---------------------------------------------------------------------------
// Input

const isoDate = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date YYYY-MM-DD")
  .refine(isIsoDate, "not a real calendar date");

/** Text that must carry something visible besides whitespace. */
const nonBlank = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, "must not be blank");

/** True when `n` has at most 2 decimals (the nearest double of a 2-decimal amount round-trips). */
export function hasAtMostTwoDecimals(n: number): boolean {
  return Number.isFinite(n) && Math.round(n * 100) / 100 === n;
}

/** Largest amount accepted (keeps `cents x rate` far inside exact integer range). */
export const MAX_AMOUNT = 99_999_999.99;

export const ExpenseItemSchema = z.object({
  date: isoDate,
  merchant: nonBlank(200),
  amount: z
    .number()
    .positive("amount must be greater than 0")
    .max(MAX_AMOUNT)
    .refine(hasAtMostTwoDecimals, "amount must have at most 2 decimals"),
  /** A 3-letter code, upper-cased. Unsupported codes are rule UNSUPPORTED_CURRENCY, not a schema error. */
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "expected a 3-letter currency code")
    .transform((s) => s.toUpperCase()),
  category: CategorySchema.optional(),
  description: z.string().max(1000).optional(),
  nights: z.number().int().min(1).max(365).default(1),
  city: z.string().max(100).optional(),
  receipt: z.boolean().default(false),
  attendees: z.number().int().min(1).max(500).default(1),
  travelClass: TravelClassSchema.optional(),
  preApprovalId: z.string().max(64).optional(),
});
export type ExpenseItem = z.infer<typeof ExpenseItemSchema>;
export type ExpenseItemInput = z.input<typeof ExpenseItemSchema>;

export const MAX_ITEMS = 50;

export const ExpenseReportSchema = z.object({
  reportId: nonBlank(64),
  employeeId: nonBlank(32),
  submittedAt: isoDate,
  purpose: z.string().max(500).optional(),
  /** Optional: which policy the report is filed under. Must name Acme (see looksLikeExpenseReport). */
  policy: z.string().max(200).optional(),
  items: z.array(ExpenseItemSchema).min(1).max(MAX_ITEMS),
});
export type ExpenseReport = z.infer<typeof ExpenseReportSchema>;
export type ExpenseReportInput = z.input<typeof ExpenseReportSchema>;

// ---------------------------------------------------------------------------
// Scope guard (rule S1)

const REPORT_KEYS = ["reportId", "employeeId", "items"] as const;
/** Fields that name whose policy a report is filed under. */
const POLICY_OWNER_KEYS = ["policy", "company", "employer", "organization", "organisation", "tenant"] as const;
export const OUR_COMPANY = "acme";

/**
 * Rule S1, the line between OUT_OF_SCOPE and INVALID_INPUT:
 * - out of scope (false): anything that is not a plain JSON object (strings
 *   such as "write a poem", arrays, null, empty body), an object with none of
 *   `reportId`, `employeeId`, `items` (e.g. `{"input":"write a poem"}`,
 *   `{}`), or an object whose `policy`/`company`/`employer`/`organization`/
 *   `tenant` names some policy owner other than Acme;
 * - in scope (true): an object with at least one of those three keys, even if
 *   malformed; the schema then decides, and a failure is INVALID_INPUT (422)
 *   with the zod paths.
 */
export function looksLikeExpenseReport(raw: unknown): boolean {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return false;
  const record = raw as Record<string, unknown>;
  if (!REPORT_KEYS.some((key) => Object.hasOwn(record, key))) return false;
  for (const key of POLICY_OWNER_KEYS) {
    const value = record[key];
    if (typeof value === "string" && value.trim() !== "" && !foldForComparison(value).includes(OUR_COMPANY)) {
      return false;
    }
  }
  return true;
}

export const OUT_OF_SCOPE_MESSAGE =
  "This agent only checks expense reports against the Acme travel & expense policy: " +
  "send one report with reportId, employeeId, submittedAt and 1 to 50 items.";

export type ParsedRequest =
  | { ok: true; report: ExpenseReport }
  | {
      ok: false;
      status: 422;
      code: RequestErrorCode;
      message: string;
      issues: { path: (string | number)[]; message: string }[];
    };

/** S1 then the schema: what the HTTP layer needs to answer 422 or start a run. */
export function parseExpenseReportRequest(raw: unknown): ParsedRequest {
  if (!looksLikeExpenseReport(raw)) {
    return { ok: false, status: 422, code: "OUT_OF_SCOPE", message: OUT_OF_SCOPE_MESSAGE, issues: [] };
  }
  const parsed = ExpenseReportSchema.safeParse(raw);
  if (parsed.success) return { ok: true, report: parsed.data };
  return {
    ok: false,
    status: 422,
    code: "INVALID_INPUT",
    message: "The expense report is malformed; see issues.",
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
      message: issue.message,
    })),
  };
}

// ---------------------------------------------------------------------------
// Other inputs of the policy engine

export const EmployeeSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["active", "on_leave", "terminated"]),
  level: z.enum(["staff", "manager", "director"]),
});
export type Employee = z.infer<typeof EmployeeSchema>;

/** One item of an earlier, approved report (the ledger DUPLICATE looks at). */
export const PriorApprovedItemSchema = z.object({
  employeeId: z.string(),
  date: isoDate,
  merchant: z.string(),
  amount: z.number().positive(),
  currency: z.string(),
  usdCents: z.number().int().nonnegative(),
  reportId: z.string(),
});
export type PriorApprovedItem = z.infer<typeof PriorApprovedItemSchema>;

/** The model's category guess for one item. */
export const CategoryPredictionSchema = z.object({
  category: CategorySchema,
  confidence: z.number().min(0).max(1),
});
export type CategoryPrediction = z.infer<typeof CategoryPredictionSchema>;

// ---------------------------------------------------------------------------
// Outcome

export const VerdictSchema = z.enum(["approved", "capped", "rejected", "needs_review"]);
export type Verdict = z.infer<typeof VerdictSchema>;

const sortedUnique = (codes: readonly string[]) =>
  codes.every((code, i) => i === 0 || codes[i - 1]! < code);

export const ItemOutcomeSchema = z.object({
  /** 0-based position in `items` (explanations say "Item 1" for index 0). */
  index: z.number().int().nonnegative(),
  verdict: VerdictSchema,
  /**
   * USD cents the policy allows for this item: 0 when rejected; for
   * `needs_review` the amount a reviewer would approve (after caps).
   */
  approvedCents: z.number().int().nonnegative(),
  codes: z.array(POLICY_CODES).refine(sortedUnique, "codes must be sorted and unique"),
  category: CategorySchema,
});
export type ItemOutcome = z.infer<typeof ItemOutcomeSchema>;

export const DecisionSchema = z.enum(["approve", "reject", "escalate"]);
export type Decision = z.infer<typeof DecisionSchema>;

export const OutcomeSchema = z.object({
  decision: DecisionSchema,
  /** Sum of the items' approved cents when approved; 0 otherwise. */
  approvedAmountCents: z.number().int().nonnegative(),
  codes: z.array(POLICY_CODES).refine(sortedUnique, "codes must be sorted and unique"),
  items: z.array(ItemOutcomeSchema),
  explanation: z.string(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;
