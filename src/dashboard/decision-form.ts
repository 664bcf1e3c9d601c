/**
 * The item page's decision form, read into the JSON API's request. Every
 * refusal names the field it is about (`errors[field]`, the form control's
 * name) so the page can show it next to that control, with what was typed.
 *
 * Typing an amount on a line is enough to amend it: a lower amount with the
 * line's verdict left at "Keep the agent's proposal" means "approve this
 * lower amount", and with Approve chosen the decision becomes an Amend (the
 * reviewer's intent is plain; refusing it made them change a second control).
 */
import { ReviewDecisionRequestSchema, type ReviewDecisionRequest } from "../escalation/messages";
import { ApiError } from "../runtime/errors";
import { money, parseAmountToCents } from "./format";

/** What the reviewer typed, to show again after a refused submission. */
export interface FormValues {
  decision: string;
  comment: string;
  items: Record<number, { verdict: string; amount: string }>;
  /** A tool call's edited arguments, as typed (JSON). */
  arguments?: string;
}

/** Why a field was refused, by the form control's name (`decision`, `comment`, `amount_0`, `verdict_1`, `arguments`). */
export type FieldErrors = Record<string, string>;

export interface DecisionForm {
  values: FormValues;
  request?: ReviewDecisionRequest;
  /** One sentence for the whole form (the first field error). */
  error?: string;
  errors: FieldErrors;
}

type Amendable = { items: readonly { index: number; approvedCents: number }[] } | null;

const VERDICTS = ["approved", "capped", "rejected"] as const;

/**
 * Turns the decision form into the JSON API's request; field errors when it
 * cannot. `amendable.items`: what the agent lets a reviewer decide item by item.
 */
export function decisionFromForm(body: Record<string, unknown>, amendable: Amendable): DecisionForm {
  const text = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
  const values: FormValues = { decision: text("decision"), comment: text("comment"), items: {} };
  if (typeof body.arguments === "string") values.arguments = text("arguments");
  const errors: FieldErrors = {};
  const refuse = (field: string, message: string): DecisionForm => ({ values, error: message, errors: { ...errors, [field]: message } });

  const changes: NonNullable<ReviewDecisionRequest["items"]> = [];
  let typedOnly = true; // every change came from a typed amount (none from a verdict chosen in the list)
  for (const o of amendable?.items ?? []) {
    const verdict = text(`verdict_${o.index}`);
    const amount = text(`amount_${o.index}`).trim();
    values.items[o.index] = { verdict, amount };
    const chosen = (VERDICTS as readonly string[]).includes(verdict) ? (verdict as (typeof VERDICTS)[number]) : null;
    if (chosen === "rejected") {
      changes.push({ index: o.index, verdict: "rejected", approvedCents: 0 });
      typedOnly = false;
      continue;
    }
    if (!chosen && amount === "") continue;
    const cents = amount === "" ? o.approvedCents : parseAmountToCents(amount);
    const field = `amount_${o.index}`;
    if (cents === null) return refuse(field, `Item ${o.index + 1} amount: "${amount.slice(0, 20)}" is not an amount in dollars and cents (for example 600.00).`);
    if (cents > o.approvedCents) return refuse(field, `Item ${o.index + 1} amount: at most ${money(o.approvedCents)} is allowed by the policy for this item.`);
    if (cents === 0) return refuse(field, `Item ${o.index + 1} amount: an approved item needs an amount above $0.00; choose "Reject this item" instead.`);
    // A typed amount equal to the proposal's changes nothing.
    if (!chosen && cents === o.approvedCents) continue;
    changes.push({ index: o.index, verdict: chosen ?? (cents < o.approvedCents ? "capped" : "approved"), approvedCents: cents });
    if (chosen) typedOnly = false;
  }
  if (values.decision === "approve" && changes.length > 0 && typedOnly) values.decision = "amend";
  if (!["approve", "reject", "amend"].includes(values.decision)) return refuse("decision", "Choose Approve, Reject or Amend.");
  // A tool call's edit: the arguments as JSON; the run checks them against the tool's schema and the policy.
  const editedText = text("arguments").trim();
  let edited: Record<string, unknown> | undefined;
  if (values.decision === "amend" && changes.length === 0 && editedText !== "") {
    let json: unknown;
    try {
      json = JSON.parse(editedText);
    } catch {
      return refuse("arguments", 'The edited arguments are not JSON: write one JSON object, for example {"name": "value"}.');
    }
    if (!json || typeof json !== "object" || Array.isArray(json)) return refuse("arguments", "The edited arguments must be one JSON object.");
    edited = json as Record<string, unknown>;
  }
  if (values.decision === "amend" && changes.length === 0 && !edited) return refuse("decision", "To amend, choose a verdict for at least one item in the table or type an amount (or choose Approve).");
  if (values.decision !== "amend" && changes.length > 0) {
    return refuse(
      "decision",
      `You changed items in the table but chose ${values.decision === "approve" ? "Approve" : "Reject"}. Choose Amend to apply item changes, or set them back to "Keep the agent's proposal".`,
    );
  }
  const amendment = edited ? { arguments: edited } : { items: changes };
  const parsed = ReviewDecisionRequestSchema.safeParse({ decision: values.decision, comment: values.comment, ...(values.decision === "amend" ? amendment : {}) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] === "comment") return refuse("comment", values.comment.trim() ? "The comment is too long (2,000 characters at most)." : "Write a comment: it is required and kept with your decision.");
    return refuse("decision", issue?.message ?? "The decision is not valid.");
  }
  return { values, request: parsed.data, errors };
}

/**
 * The form field a refused decision is about, when the run or the agent names
 * one: "Item 2: ..." (the agent's validateReview) or an issue path
 * `["items", i, ...]` (the agent's reviewDecision schema, `i` the position in
 * the request's items).
 */
export function fieldOfRefusal(error: ApiError, request: ReviewDecisionRequest): string {
  const details = error.details as { issues?: { path?: unknown[] }[] } | undefined;
  const path = details?.issues?.[0]?.path;
  if (Array.isArray(path) && path[0] === "items" && typeof path[1] === "number") {
    const index = request.items?.[path[1]]?.index;
    if (typeof index === "number") return `amount_${index}`;
  }
  const item = /^Item (\d+)\b/.exec(error.message);
  if (item && request.decision === "amend") return `amount_${Number(item[1]) - 1}`;
  return "decision";
}
