/**
 * The queue's URL, read into the review query (src/escalation/review-query.ts)
 * and back into the filter form's values. A value that is not one is dropped
 * from the query and named in `errors` (by the form field), so the page can
 * say which field and why, next to it, with what was typed.
 */
import type { z } from "zod";
import type { ReviewQuerySchema } from "../escalation/review-query";
import { parseAmountToCents } from "./format";
import { AGE_FILTERS, QUEUE_STATUSES, type QueueFilters, type QueueStatus } from "./pages/queue";
import { dayAfter, dayStart } from "./paging";

/** Items per page of the queue and the decided list. */
export const QUEUE_PAGE = 50;
/** Decisions shown under the open queue. */
export const DECIDED_RECENT = 10;

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

type QueryInput = z.input<typeof ReviewQuerySchema>;

export function queueQueryOf(raw: Readonly<Record<string, string | undefined>>, agents: readonly string[], now = Date.now()): { filters: QueueFilters; query: QueryInput; errors: Record<string, string> } {
  const text = (k: string, max = 100) => (raw[k] ?? "").trim().slice(0, max);
  const errors: Record<string, string> = {};
  const status = (QUEUE_STATUSES.map((s) => s.value) as string[]).includes(text("status")) ? (text("status") as QueueStatus) : "open";
  const filters: QueueFilters = {
    status,
    agent: agents.includes(text("agent")) ? text("agent") : "",
    reason: CODE.test(text("reason")) ? text("reason") : "",
    priority: /^[1-5]$/.test(text("priority")) ? text("priority") : "",
    age: AGE_FILTERS[text("age")] ? text("age") : "",
    since: text("since", 10),
    until: text("until", 10),
    minAmount: text("minAmount", 20),
    maxAmount: text("maxAmount", 20),
    reviewer: text("reviewer", 200),
    q: text("q", 200),
  };
  const query: QueryInput = { status };
  if (filters.agent) query.agent = filters.agent;
  if (filters.reason) query.reason = filters.reason;
  if (filters.priority) query.priority = Number(filters.priority);
  if (filters.reviewer) query.reviewer = filters.reviewer;
  if (filters.q) query.q = filters.q;

  const since = dayStart(filters.since);
  const until = dayAfter(filters.until);
  if (filters.since && since === undefined) errors.since = `From: "${filters.since}" is not a date (YYYY-MM-DD).`;
  if (filters.until && until === undefined) errors.until = `To: "${filters.until}" is not a date (YYYY-MM-DD).`;
  if (since !== undefined && until !== undefined && since >= until) errors.until = "To: the end date comes before the start date.";
  // "Waiting over 1 hour": escalated before an hour ago (an upper bound on creation, combined with the date range).
  const ageUntil = filters.age && status === "open" ? now - AGE_FILTERS[filters.age]!.ms : undefined;
  const upper = [errors.until ? undefined : until, ageUntil].filter((v): v is number => v !== undefined);
  if (since !== undefined && !errors.since && !errors.until) query.since = new Date(since).toISOString();
  if (upper.length > 0) query.until = new Date(Math.min(...upper)).toISOString();
  if (query.since && query.until && Date.parse(query.since) >= Date.parse(query.until)) delete query.since;

  const amount = (field: "minAmount" | "maxAmount", label: string) => {
    const typed = filters[field];
    if (!typed) return undefined;
    const cents = parseAmountToCents(typed);
    if (cents === null) errors[field] = `${label}: "${typed}" is not an amount in dollars (for example 250 or 1,200.50).`;
    return cents ?? undefined;
  };
  const min = amount("minAmount", "Amount from");
  const max = amount("maxAmount", "Amount to");
  if (min !== undefined && max !== undefined && min > max) errors.maxAmount = "Amount to: it is lower than the amount from.";
  else {
    if (min !== undefined) query.minAmountCents = min;
    if (max !== undefined) query.maxAmountCents = max;
  }
  return { filters, query, errors };
}
