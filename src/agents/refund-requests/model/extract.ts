/**
 * What the refund model copies from text rather than learns: the task fields,
 * order numbers, which order lines the message names and how many. A real
 * model copies these from its context too; here they are small deterministic
 * readers so the learned parts stay the decisions.
 *
 * Example:
 *   orderNumbers("order N-10001 came yesterday"); // ["N-10001"]
 *   matchLines("both blue mugs were shattered", lines); // [{ sku: "MUG-01", quantity: 2, ... }]
 */
import { normalizeText } from "../../../models/embedded/features";

export interface Task {
  requestId: string;
  customerId: string;
  receivedAt: string;
  message: string;
  orderId?: string;
}

export interface OrderLine {
  sku: string;
  name: string;
  /** What can still be refunded (quantity minus refunded, when the tool says). */
  quantity: number;
  /** How many were bought: what is asked for when nothing is left, so checkEligibility answers ALREADY_REFUNDED (the model copies, it never decides that). */
  ordered: number;
}

export interface Order {
  orderId: string;
  lines: OrderLine[];
}

export interface RequestedLine {
  sku: string;
  quantity: number;
  name: string;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The task from the first user message: the request as JSON (the loop's default prompt), or JSON inside a text. */
export function readTask(content: string): Task | null {
  const candidates = [content];
  const start = content.indexOf("{");
  const end = content.lastIndexOf("}");
  if (start >= 0 && end > start) candidates.push(content.slice(start, end + 1));
  for (const text of candidates) {
    try {
      const json: unknown = JSON.parse(text);
      const task = isObject(json) && isObject(json.input) ? json.input : json;
      if (isObject(task) && typeof task.message === "string") {
        return {
          requestId: str(task.requestId) ?? "", customerId: str(task.customerId) ?? "", receivedAt: str(task.receivedAt) ?? "",
          message: task.message, orderId: str(task.orderId),
        };
      }
    } catch {
      // not JSON: try the next candidate
    }
  }
  return null;
}

/** `N-` followed by digits, as written in the message (upper-cased), first occurrence first. */
export function orderNumbers(message: string): string[] {
  return [...new Set([...normalizeText(message).matchAll(/\bn\s?-\s?(\d{3,})\b/g)].map((m) => `N-${m[1]}`))];
}

/** Zero-width, bidirectional-control and tag characters: text meant to read differently than it shows. */
const HIDDEN = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]/u;
export const hasHiddenCharacters = (message: string) => HIDDEN.test(message);

const STOP = new Set([
  "the", "a", "an", "and", "or", "of", "in", "on", "my", "your", "it", "is", "was", "were", "are", "i", "me", "to", "for", "from", "with",
  "order", "orders", "item", "items", "size", "pack", "came", "arrived", "got", "get", "can", "you", "this", "that", "both", "one", "two",
  "all", "yesterday", "back", "money", "refund", "return", "want", "send", "hi", "hello", "thanks", "please", "just", "but", "not", "no",
]);
const COLOURS = new Set(["blue", "green", "red", "white", "black", "navy", "grey", "gray", "brown", "pink", "yellow", "orange", "purple", "beige"]);

/** Content words, singular ("mugs" -> "mug", "boxes" -> "box"); single letters only when they are sizes after "size". */
export function contentTokens(text: string): string[] {
  return normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1 && !STOP.has(t))
    .map((t) => (t.length > 3 && t.endsWith("es") && /(sh|ch|x|s)es$/.test(t) ? t.slice(0, -2) : t.length > 3 && t.endsWith("s") && !t.endsWith("ss") ? t.slice(0, -1) : t));
}

/** How well a line's name matches the message: shared content words; 0 when a colour named in the message contradicts the line's. */
export function lineScore(messageTokens: readonly string[], line: Pick<OrderLine, "name">): number {
  const name = contentTokens(line.name);
  const nameColours = name.filter((t) => COLOURS.has(t));
  const saidColours = messageTokens.filter((t) => COLOURS.has(t));
  // Numbers ("size 43", "32") only add to a word match: alone they are amounts, dates or order numbers.
  const nouns = name.filter((t) => !COLOURS.has(t) && !/^\d+$/.test(t));
  const numbers = name.filter((t) => /^\d+$/.test(t));
  const words = nouns.filter((t) => messageTokens.includes(t)).length;
  if (words === 0) return 0;
  const shared = words + numbers.filter((t) => messageTokens.includes(t)).length;
  if (nameColours.length > 0 && saidColours.length > 0 && !saidColours.some((c) => nameColours.includes(c))) return 0;
  return shared + nameColours.filter((c) => saidColours.includes(c)).length;
}

const WHOLE_ORDER = /\b(whole (?:order|thing|parcel|package)|entire (?:order|thing|parcel|package)|full order|everything|all of (?:it|them)|all (?:the |my )?items|(?:both|all the) things|the lot)\b/;
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6 };

/** How many of a line the message asks for: "one of the two" -> 1, "both"/a plural -> all, "2 mugs" -> 2, a singular -> 1. */
export function quantityFor(message: string, line: Pick<OrderLine, "name" | "quantity">): number {
  const text = normalizeText(message);
  if (/\bone of (the|my)\b/.test(text)) return Math.min(1, line.quantity);
  const nouns = contentTokens(line.name).filter((t) => !COLOURS.has(t) && !/^\d+$/.test(t));
  for (const noun of nouns) {
    const counted = new RegExp(`\\b(\\d+|one|two|three|four|five|six)\\s+(?:[\\p{L}-]+\\s+){0,2}${noun}`, "u").exec(text);
    if (counted) return Math.min(line.quantity, Number(counted[1]) || NUMBER_WORDS[counted[1]!] || line.quantity);
  }
  if (/\b(both|all)\b/.test(text)) return line.quantity;
  // A plural of the line's noun ("mugs") asks for all of them; a singular for one.
  const plural = nouns.some((n) => new RegExp(`\\b${n}(s|es)\\b`).test(text));
  return plural ? line.quantity : Math.min(1, line.quantity);
}

export type LineMatch = { kind: "lines"; lines: RequestedLine[]; score: number } | { kind: "ambiguous" };

/**
 * The lines of one order the message is about. The whole order, or an order of
 * one line when nothing is named, or (`orderOnly`: not_received, late_delivery)
 * every line; else the lines whose names match; none matching on a multi-line
 * order is ambiguous.
 */
export function matchLines(message: string, order: Order, orderOnly: boolean): LineMatch {
  const refundable = order.lines.filter((l) => l.quantity > 0);
  // A line with nothing left is still asked for (as bought), so the tool's answer says ALREADY_REFUNDED.
  const asked = (l: OrderLine) => (l.quantity > 0 ? l.quantity : Math.max(1, l.ordered));
  const all = (lines: OrderLine[]): LineMatch => ({ kind: "lines", lines: lines.map((l) => ({ sku: l.sku, quantity: asked(l), name: l.name })), score: 0 });
  if (orderOnly || WHOLE_ORDER.test(normalizeText(message))) return all(refundable.length > 0 ? refundable : order.lines);
  const tokens = contentTokens(message);
  const scored = order.lines.map((l) => ({ l, s: lineScore(tokens, l) })).filter((x) => x.s > 0);
  if (scored.length === 0) return order.lines.length === 1 ? all(order.lines) : { kind: "ambiguous" };
  const best = Math.max(...scored.map((x) => x.s));
  const lines = scored.filter((x) => x.s === best).map(({ l }) => ({
    sku: l.sku, quantity: l.quantity > 0 ? quantityFor(message, l) : quantityFor(message, { name: l.name, quantity: asked(l) }), name: l.name,
  }));
  return { kind: "lines", lines, score: best };
}

/** The one order among several whose lines best match the message; null when none or several tie. */
export function matchOrder(message: string, orders: readonly Order[], orderOnly: boolean): Order | null {
  if (orders.length === 1 && contentTokens(message).length === 0) return orders[0]!;
  const tokens = contentTokens(message);
  const scored = orders.map((o) => ({ o, s: Math.max(0, ...o.lines.map((l) => lineScore(tokens, l))) })).filter((x) => x.s > 0);
  if (scored.length === 0) return orders.length === 1 && orderOnly ? orders[0]! : null;
  const best = Math.max(...scored.map((x) => x.s));
  const top = scored.filter((x) => x.s === best);
  return top.length === 1 ? top[0]!.o : null;
}

// ---------------------------------------------------------------------------
// Reading tool results whatever their exact shape (a general model would too).

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function readLine(v: unknown): OrderLine | null {
  if (!isObject(v) || typeof v.sku !== "string") return null;
  const quantity = num(v.quantity) ?? 1;
  const refunded = num(v.refundedQuantity) ?? num(v.quantityRefunded) ?? 0;
  const left = num(v.refundableQuantity) ?? num(v.remainingQuantity) ?? num(v.quantityRefundable) ?? quantity - refunded;
  return { sku: v.sku, name: str(v.name) ?? str(v.description) ?? v.sku, quantity: Math.max(0, Math.min(quantity, left)), ordered: Math.max(0, quantity) };
}

/** Every order (an object with an order id and lines) inside a tool result. */
export function ordersIn(value: unknown, depth = 0): Order[] {
  if (depth > 4) return [];
  if (Array.isArray(value)) return value.flatMap((v) => ordersIn(v, depth + 1));
  if (!isObject(value)) return [];
  const id = str(value.orderId) ?? str(value.id);
  if (id !== undefined && Array.isArray(value.lines)) {
    return [{ orderId: id, lines: value.lines.map(readLine).filter((l): l is OrderLine => l !== null) }];
  }
  return Object.values(value).flatMap((v) => ordersIn(v, depth + 1));
}

/** The first string under one of these keys, searched a few levels deep. */
export function findString(value: unknown, keys: readonly string[], depth = 0): string | undefined {
  if (!isObject(value) || depth > 3) return undefined;
  for (const k of keys) if (typeof value[k] === "string") return value[k] as string;
  for (const v of Object.values(value)) {
    const found = findString(v, keys, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
