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
import { BOTH_WORDS, COLOUR_CONCEPTS, INSTRUCTION_WORDS, ITEM_CONCEPTS, NUMBER_WORDS, WHOLE_ORDER_PHRASES, type Concept } from "./lexicon";

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

// ---------------------------------------------------------------------------
// Words: folding, plurals, misspellings.

const TOKEN_SPLIT = /[^\p{L}\p{N}]+/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const NUMBER = /^\d+$/;

/** The words of a request itself ("contentTokens" leaves them out: a message of only these names nothing). */
const REQUEST_WORDS = [
  "the", "a", "an", "and", "or", "of", "in", "on", "my", "your", "it", "is", "was", "were", "are", "i", "me", "to", "for", "from", "with",
  "order", "orders", "item", "items", "size", "pack", "came", "arrived", "got", "get", "can", "you", "this", "that", "both", "one", "two",
  "all", "yesterday", "back", "money", "refund", "return", "want", "send", "hi", "hello", "thanks", "please", "just", "but", "not", "no",
];
const REQUEST = new Set(REQUEST_WORDS);
/** Never item names, never fuzzily matched: those, function words, common verbs, fees, and near-misses of goods ("tend"/"tent", "hole"/"hose", "late"/"plate"). */
const STOP = new Set([
  ...REQUEST_WORDS,
  "they", "them", "these", "those", "their", "its", "has", "have", "had", "be", "been", "will", "would", "could", "should", "did", "does", "do",
  "at", "by", "as", "so", "if", "up", "out", "off", "too", "also", "very", "still", "now", "other", "another", "some", "any", "there", "here",
  "what", "when", "where", "which", "who", "why", "how", "than", "then", "only", "into", "about", "after", "before", "over", "under", "again",
  "shipping", "postage", "delivery", "deliver", "delivered", "fee", "fees", "charge", "charged", "cost", "price", "paid", "pay", "package", "parcel",
  "box", "label", "courier", "shipment", "day", "days", "week", "weeks", "month", "today", "time", "date", "late", "early", "ago", "promised",
  "tend", "sent", "went", "rent", "cent", "bent", "dent", "test", "text", "mate", "hole", "hope", "house", "help", "held", "hell", "note", "vote",
  "tone", "short", "press", "felt", "melt", "best", "match", "damp", "soak", "foot", "place", "wait", "wear", "worn", "fit", "fits", "like",
  "need", "make", "made", "take", "took", "give", "look", "work", "works", "working", "stop", "stopped", "turn", "broke", "broken", "dont",
  "wont", "cant", "doesnt", "didnt", "isnt", "never", "ever", "even", "well", "good", "bad", "new", "old", "same", "different", "wrong", "right",
  "way", "thing", "things", "lot", "bit", "much", "many", "more", "most", "less", "first", "last", "next", "already", "refunded", "money",
  "el", "la", "los", "las", "de", "del", "y", "en", "mi", "mis", "le", "les", "des", "du", "et", "mon", "ma", "mes", "der", "die", "das", "den",
  "dem", "und", "mein", "meine", "il", "lo", "gli", "di", "e", "o", "os", "as", "do", "da", "em", "meu", "minha", "het", "en", "mijn", "van",
  "pedido", "commande", "bestellung", "ordine", "bestelling", "articulo", "article", "artikel", "articolo", "artigo", "llegaron", "llego",
]);

/** Conjunctions and time words end the look-back for a count ("2 weeks ago the mug" is not two mugs). */
const COUNT_BARRIER = new Set(["and", "y", "et", "und", "e", "en", "plus", "but", "or", "o", "ou", "oder", "week", "weeks", "day", "days", "month", "months", "ago", "hour", "hours", "time", "times", "year", "years"]);
/** The word before a number that makes it a size, not a count. */
const SIZE_WORDS = new Set(["size", "talla", "taille", "grosse", "taglia", "tamanho", "maat", "no", "nr", "number", "eu", "us", "uk"]);

const singular = (t: string) =>
  t.length > 3 && t.endsWith("es") && /(sh|ch|x|s)es$/.test(t) ? t.slice(0, -2) : t.length > 3 && t.endsWith("s") && !t.endsWith("ss") ? t.slice(0, -1) : t;
const words = (text: string) => normalizeText(text).split(TOKEN_SPLIT).filter((t) => t.length > 0);

/** Content words, singular ("mugs" -> "mug", "boxes" -> "box"); single letters only when they are sizes after "size". */
export function contentTokens(text: string): string[] {
  return words(text).filter((t) => t.length > 1 && !REQUEST.has(t)).map(singular);
}

/** Damerau-Levenshtein (optimal string alignment) distance, or `max + 1` once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** A misspelling: within 1 edit for words of 4-6 letters, 2 for 7+; shorter words only exactly. */
const allowedEdits = (a: string, b: string) => (Math.min(a.length, b.length) < 4 ? 0 : Math.min(a.length, b.length) >= 7 ? 2 : 1);
const near = (a: string, b: string) => {
  const max = allowedEdits(a, b);
  return max > 0 && editDistance(a, b, max) <= max;
};

// ---------------------------------------------------------------------------
// The lexicon, folded like messages: each entry keyed by its singular words run together ("T-shirt" -> "tshirt").

interface Entry { key: string; kind: "item" | "colour"; concept: Concept }
const keyOf = (text: string) => words(text).map(singular).join("");
function indexConcepts(concepts: readonly Concept[], kind: Entry["kind"]) {
  const exact = new Map<string, Entry>();
  const cjk: Entry[] = [];
  for (const concept of concepts) {
    for (const word of concept.words) {
      const key = keyOf(word);
      if (key.length === 0) continue;
      const entry = { key, kind, concept };
      if (CJK.test(key)) cjk.push(entry);
      else if (!exact.has(key)) exact.set(key, entry);
    }
  }
  cjk.sort((a, b) => b.key.length - a.key.length);
  return { exact, cjk };
}
const ITEMS = indexConcepts(ITEM_CONCEPTS, "item");
const COLOURS = indexConcepts(COLOUR_CONCEPTS, "colour");
const LEXICON = new Map([...ITEMS.exact, ...COLOURS.exact]);
// Colours are short and close to other words ("burn"/"brun"): only those of 5+ letters are matched misspelt.
const FUZZY_KEYS = [...LEXICON.values()].filter((e) => e.key.length >= (e.kind === "colour" ? 5 : 4));
/** Lexicon keys by length: a misspelling is at most 2 letters longer or shorter, so only those are compared. */
const FUZZY_BY_LENGTH = new Map<number, Entry[]>();
for (const e of FUZZY_KEYS) FUZZY_BY_LENGTH.set(e.key.length, [...(FUZZY_BY_LENGTH.get(e.key.length) ?? []), e]);
const fuzzyCandidates = (form: string) => [-1, 0, 1, -2, 2].flatMap((d) => FUZZY_BY_LENGTH.get(form.length + d) ?? []);
const COMPOUND_KEYS = [...ITEMS.exact.values()].filter((e) => e.key.length >= 4);
const PAIRED = new Set(ITEM_CONCEPTS.filter((c) => c.paired).map((c) => `i:${c.id}`));
/** Colours a line's colour does not contradict ("blue" said of a navy jacket). */
const NEAR_COLOURS: Record<string, string[]> = { "c:navy": ["c:blue"], "c:blue": ["c:navy"] };

const conceptKey = (e: Entry) => `${e.kind === "item" ? "i" : "c"}:${e.concept.id}`;

/** One thing a text names: an item kind (`i:mug`), a colour (`c:blue`), a plain word (`w:ceramic`) or a number (`n:43`), at token positions [start, end). */
interface Mention { key: string; start: number; end: number; plural: boolean }
interface Reading { tokens: string[]; mentions: Mention[] }

const MAX_JOIN = 3;

/**
 * What a text names. `vocabulary` is the plain words of the candidate lines
 * (misspellings are matched against them and the lexicon); without it (reading
 * a line's own name) only exact words and compounds count.
 */
function readText(text: string, vocabulary?: ReadonlySet<string>): Reading {
  const tokens = words(text);
  const mentions: Mention[] = [];
  const fuzzy = vocabulary !== undefined;
  const seen = new Map<string, Mention | null>();
  for (let i = 0; i < tokens.length; ) {
    const raw = tokens[i]!;
    if (CJK.test(raw)) {
      for (const e of [...ITEMS.cjk, ...COLOURS.cjk]) if (raw.includes(e.key)) mentions.push({ key: conceptKey(e), start: i, end: i + 1, plural: false });
      i++;
      continue;
    }
    // Longest run of words that is one lexicon entry ("t shirt", "hiking boots", "navy blue").
    let found: Mention | null = null;
    for (let n = Math.min(MAX_JOIN, tokens.length - i); n >= 1 && found === null; n--) {
      const run = tokens.slice(i, i + n);
      if (run.some((t) => STOP.has(t) || CJK.test(t))) continue;
      const e = LEXICON.get(run.map(singular).join(""));
      if (e) found = { key: conceptKey(e), start: i, end: i + n, plural: isPlural(run[n - 1]!) };
    }
    if (found === null && !STOP.has(raw) && (raw.length > 1 || NUMBER.test(raw))) {
      // Long messages repeat words: each distinct word is looked up once.
      if (!seen.has(raw)) seen.set(raw, readWord(raw, 0, vocabulary, fuzzy));
      const word = seen.get(raw);
      found = word ? { ...word, start: i, end: i + 1 } : null;
    }
    if (found) {
      mentions.push(found);
      i = found.end;
    } else i++;
  }
  return { tokens, mentions };
}

const isPlural = (t: string) => singular(t) !== t || (t.length >= 4 && t.endsWith("z"));

function readWord(raw: string, i: number, vocabulary: ReadonlySet<string> | undefined, fuzzy: boolean): Mention | null {
  const at = (key: string, plural = isPlural(raw)): Mention => ({ key, start: i, end: i + 1, plural });
  if (NUMBER.test(raw)) return at(`n:${raw}`, false);
  const forms = [...new Set([singular(raw), raw, ...(raw.length >= 4 && raw.endsWith("z") ? [raw.slice(0, -1)] : [])])];
  for (const f of forms) {
    const e = LEXICON.get(f);
    if (e) return at(conceptKey(e));
    if (vocabulary?.has(f) || (!fuzzy && f === forms[0])) return at(`w:${f}`);
  }
  if (!fuzzy || raw.length < 4) return null;
  if (/\d/.test(raw)) return null;
  let lexical: Entry | undefined;
  for (const f of forms) lexical ??= fuzzyCandidates(f).find((e) => near(f, e.key));
  if (lexical) return at(conceptKey(lexical));
  // German-style compounds end in the thing they are ("Kaffeetasse", "Lederhandschuhe").
  const compound = raw.length >= 7 ? COMPOUND_KEYS.find((e) => forms.some((f) => f.length > e.key.length + 2 && f.endsWith(e.key))) : undefined;
  if (compound) return at(conceptKey(compound));
  const plain = [...(vocabulary ?? [])].find((w) => forms.some((f) => near(f, w)));
  return plain ? at(`w:${plain}`) : null;
}

// ---------------------------------------------------------------------------
// Lines: what a line's name says it is.

interface LineReading {
  /** What the line is (its last item word or kind in the first part of the name: "Ceramic mug, blue" -> i:mug). */
  heads: Set<string>;
  /** Every other word that describes it (ceramic, linen, hiking), without colours and numbers. */
  modifiers: Set<string>;
  colours: Set<string>;
  numbers: Set<string>;
}

const lineCache = new Map<string, LineReading>();
function readLineName(name: string): LineReading {
  const cached = lineCache.get(name);
  if (cached) return cached;
  const { tokens, mentions } = readText(name);
  // The head is in the name's first part, before the colour/size details after a comma.
  const firstPart = words(name.split(",")[0] ?? name).length;
  const head = mentions.filter((m) => m.start < firstPart && m.key.startsWith("i:")).at(-1)
    ?? mentions.filter((m) => m.start < firstPart && m.key.startsWith("w:") && !NUMBER.test(tokens[m.start]!)).at(-1);
  const reading: LineReading = {
    heads: new Set(head ? [head.key] : []),
    modifiers: new Set(mentions.filter((m) => m !== head && (m.key.startsWith("i:") || m.key.startsWith("w:"))).map((m) => m.key)),
    colours: new Set(mentions.filter((m) => m.key.startsWith("c:")).map((m) => m.key)),
    numbers: new Set(mentions.filter((m) => m.key.startsWith("n:")).map((m) => m.key)),
  };
  if (lineCache.size > 500) lineCache.clear();
  lineCache.set(name, reading);
  return reading;
}

const vocabularyOf = (lines: readonly Pick<OrderLine, "name">[]) =>
  new Set(lines.flatMap((l) => [...readLineName(l.name).heads, ...readLineName(l.name).modifiers]).filter((k) => k.startsWith("w:")).map((k) => k.slice(2)));

interface LineFit { named: boolean; score: number; mentions: Mention[] }

/** How a message reading fits a line: whether it names the line's head, and a score (head 2, each other word 1, colour 1, size 1). */
function fit(reading: Reading, line: Pick<OrderLine, "name">): LineFit {
  const l = readLineName(line.name);
  const said = new Set(reading.mentions.map((m) => m.key));
  const saidColours = [...said].filter((k) => k.startsWith("c:"));
  const compatible = [...l.colours].flatMap((c) => [c, ...(NEAR_COLOURS[c] ?? [])]);
  const none = { named: false, score: 0, mentions: [] };
  if (l.colours.size > 0 && saidColours.length > 0 && !saidColours.some((c) => compatible.includes(c))) return none;
  const named = [...l.heads].some((k) => said.has(k));
  const modifiers = [...l.modifiers].filter((k) => said.has(k)).length;
  // Numbers ("size 43", "32") only add to a word match: alone they are amounts, dates or order numbers.
  if (!named && modifiers === 0) return none;
  const score = (named ? 2 : 0) + modifiers + saidColours.filter((c) => l.colours.has(c)).length + [...l.numbers].filter((k) => said.has(k)).length;
  const mine = new Set([...l.heads, ...l.modifiers]);
  return { named, score, mentions: reading.mentions.filter((m) => (named ? l.heads : mine).has(m.key)) };
}

/** How well a line's name matches the message's content words: 0 when nothing of its name is said or a colour said contradicts the line's. */
export function lineScore(messageTokens: readonly string[], line: Pick<OrderLine, "name">): number {
  return fit(readText(messageTokens.join(" "), vocabularyOf([line])), line).score;
}

// ---------------------------------------------------------------------------
// Whole order, instructions, counts.

const spaced = (text: string) => ` ${words(text).join(" ")} `;
const phraseIn = (text: string, phrases: readonly string[]) => phrases.some((p) => (CJK.test(p) ? text.includes(p) : text.includes(spaced(p))));
const sentences = (message: string) => message.split(/[.!?;\n。！？]+/).map(spaced).filter((s) => s.trim().length > 0);

/** "The whole order", "everything", "toute la commande"... outside sentences that instruct the agent (when `namesItems`, those do not count). */
function asksWholeOrder(message: string, namesItems: boolean): boolean {
  return sentences(message).some((s) => phraseIn(s, WHOLE_ORDER_PHRASES) && !(namesItems && phraseIn(s, INSTRUCTION_WORDS)));
}

const ONE_OF = /\b(one of (?:them|those|these|em|the|my)|one (?:is|was|has|had|arrived|came|broke|of)|the other(?: one)?|only one|just one|(?:uno|una) de|l un|l une|(?:einer|eine|eins) davon|(?:uno|una) di|(?:um|uma) (?:deles|delas|dos|das))\b/;
const COUNT_AFTER = /^x(\d{1,2})$/;
const COUNT_BEFORE = /^(\d{1,2})x$/;
const MAX_COUNT = 20;

/** "one of the two": the count before is the one asked for. */
const oneOf = (tokens: readonly string[], i: number) => tokens.slice(Math.max(0, i - 3), i).join(" ").match(/\bone of(?: the| my)?$/) !== null;

/** A count written next to a mention: "2 mugs", "two of the mugs", "mugs x2", "2x mug", "a pair of boots", "the other mug". */
function countNear(tokens: readonly string[], m: Mention, others: ReadonlySet<number>, paired: boolean): number | "all" | null {
  const after = COUNT_AFTER.exec(tokens[m.end] ?? "") ?? (tokens[m.end] === "x" ? /^(\d{1,2})$/.exec(tokens[m.end + 1] ?? "") : null);
  if (after) return Number(after[1]);
  for (let i = m.start - 1; i >= Math.max(0, m.start - 4); i--) {
    const t = tokens[i]!;
    if (COUNT_BARRIER.has(t) || others.has(i)) return null;
    const before = COUNT_BEFORE.exec(t);
    if (before) return Number(before[1]);
    if (t === "x" && NUMBER.test(tokens[i - 1] ?? "")) return Number(tokens[i - 1]);
    if (NUMBER.test(t)) {
      if (SIZE_WORDS.has(tokens[i - 1] ?? "") || Number(t) > MAX_COUNT || Number(t) === 0) continue;
      return oneOf(tokens, i) ? 1 : Number(t);
    }
    if (t === "other") return 1;
    if (t === "pair" || t === "pairs") return paired ? 1 : 2;
    if (NUMBER_WORDS[t] !== undefined) return oneOf(tokens, i) ? 1 : NUMBER_WORDS[t]!;
    if (BOTH_WORDS.includes(t) || t === "all") return "all";
  }
  return null;
}

/**
 * How many of a line the message asks for: a count next to the line's words
 * ("2 mugs", "dos tazas", "one of the linen shirts"), else "one of them" / "the
 * other one" -> 1, "both" -> all (unless several lines are named: then "both"
 * is the lines), a plural -> all, a singular -> 1. Never 0.
 */
export function quantityFor(message: string, line: Pick<OrderLine, "name" | "quantity">, several = false): number {
  return quantityIn(message, readText(message, vocabularyOf([line])), line, several);
}

function quantityIn(message: string, reading: Reading, line: Pick<OrderLine, "name" | "quantity">, several: boolean): number {
  const cap = (n: number) => Math.max(1, Math.min(n, line.quantity));
  const mine = fit(reading, line).mentions;
  const own = readLineName(line.name);
  // Another line's words end the look-back; this line's own words ("fleece gloves"), colours and numbers do not.
  const others = new Set(reading.mentions.filter((m) => !own.heads.has(m.key) && !own.modifiers.has(m.key) && !/^[cn]:/.test(m.key)).map((m) => m.start));
  const paired = [...own.heads].some((k) => PAIRED.has(k));
  for (const m of mine) {
    const n = countNear(reading.tokens, m, others, paired);
    if (n !== null) return n === "all" ? cap(line.quantity) : cap(n);
  }
  const text = spaced(message);
  if (ONE_OF.test(text)) return cap(1);
  if (!several && (phraseIn(text, BOTH_WORDS) || / all /.test(text))) return cap(line.quantity);
  const written = /\b(?:x\s?(\d{1,2})|(\d{1,2})\s?x)\b/.exec(text);
  if (!several && written) return cap(Number(written[1] ?? written[2]));
  return mine.some((m) => m.plural) ? cap(line.quantity) : cap(1);
}

// ---------------------------------------------------------------------------
// Which lines, which order.

export type LineMatch = { kind: "lines"; lines: RequestedLine[]; score: number } | { kind: "ambiguous" };

/**
 * The lines of one order the message is about. `orderOnly` (not_received,
 * late_delivery): every line still refundable. The whole order ("everything",
 * "both items", a bare "both" of a two-line order when nothing is named):
 * every line, fully refunded ones too. Else every line whose head is named
 * ("the shirts and the chinos"); among lines with the same head the best fit
 * (colour, size, other words) wins and a tie is ambiguous. Nothing named: a
 * one-line order is that line, else the best partial fit, else ambiguous.
 */
export function matchLines(message: string, order: Order, orderOnly: boolean): LineMatch {
  const refundable = order.lines.filter((l) => l.quantity > 0);
  // A line with nothing left is still asked for (as bought), so the tool's answer says ALREADY_REFUNDED.
  const asked = (l: OrderLine) => (l.quantity > 0 ? l.quantity : Math.max(1, l.ordered));
  const all = (lines: OrderLine[]): LineMatch => ({ kind: "lines", lines: lines.map((l) => ({ sku: l.sku, quantity: asked(l), name: l.name })), score: 0 });
  if (orderOnly) return all(refundable.length > 0 ? refundable : order.lines);
  const reading = readText(message, vocabularyOf(order.lines));
  const fits = order.lines.map((l) => ({ l, f: fit(reading, l) })).filter((x) => x.f.score > 0);
  const named = fits.filter((x) => x.f.named);
  if (asksWholeOrder(message, named.length > 0)) return all(order.lines);
  if (named.length === 0 && order.lines.length === 2 && /\bboth\b/.test(spaced(message))) return all(order.lines);
  let chosen: typeof fits;
  if (named.length > 0) {
    chosen = [];
    for (const head of new Set(named.flatMap((x) => [...readLineName(x.l.name).heads]))) {
      const same = named.filter((x) => readLineName(x.l.name).heads.has(head));
      const best = Math.max(...same.map((x) => x.f.score));
      const top = same.filter((x) => x.f.score === best);
      if (top.length > 1) return { kind: "ambiguous" };
      if (!chosen.includes(top[0]!)) chosen.push(top[0]!);
    }
  } else if (fits.length > 0) {
    const best = Math.max(...fits.map((x) => x.f.score));
    chosen = fits.filter((x) => x.f.score === best);
  } else return order.lines.length === 1 ? all(order.lines) : { kind: "ambiguous" };
  const several = chosen.length > 1;
  const lines = chosen.map(({ l }) => ({ sku: l.sku, quantity: quantityIn(message, reading, { name: l.name, quantity: asked(l) }, several), name: l.name }));
  return { kind: "lines", lines, score: Math.max(...chosen.map((x) => x.f.score)) };
}

/**
 * The one order among several that holds everything the message names (item
 * kinds and words of line names), colour and size breaking ties; null when
 * nothing is named (unless `orderOnly` and there is one order), when the
 * items are split across orders, or when several orders fit equally.
 */
export function matchOrder(message: string, orders: readonly Order[], orderOnly: boolean): Order | null {
  if (orders.length === 1 && contentTokens(message).length === 0) return orders[0]!;
  const reading = readText(message, vocabularyOf(orders.flatMap((o) => o.lines)));
  const fitsOf = orders.map((o) => ({ o, fits: o.lines.map((l) => fit(reading, l)).filter((f) => f.score > 0) }));
  // What the message names: item heads when it names any, else words of line names. An order must cover all of it.
  const byHead = fitsOf.some((x) => x.fits.some((f) => f.named));
  const counted = (fits: LineFit[]) => (byHead ? fits.filter((f) => f.named) : fits);
  const named = new Set(fitsOf.flatMap((x) => counted(x.fits).flatMap((f) => f.mentions.map((m) => m.key))));
  if (named.size === 0) return orders.length === 1 && orderOnly ? orders[0]! : null;
  // Score: the best fit per thing named (colour, size and other words break ties between orders).
  const covering = fitsOf
    .map(({ o, fits }) => {
      const mine = counted(fits);
      const score = [...named].reduce((s, k) => s + Math.max(0, ...mine.filter((f) => f.mentions.some((m) => m.key === k)).map((f) => f.score)), 0);
      return { o, covered: new Set(mine.flatMap((f) => f.mentions.map((m) => m.key))), score };
    })
    .filter((x) => [...named].every((k) => x.covered.has(k)));
  if (covering.length === 0) return null;
  const best = Math.max(...covering.map((x) => x.score));
  const top = covering.filter((x) => x.score === best);
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
