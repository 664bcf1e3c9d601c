/**
 * Text checks done in code, not by the model: hidden characters (rule
 * SUSPICIOUS_TEXT, second half), the list of text fields with their paths, the
 * merchant key for DUPLICATE and a safe rendering of text for reviewers.
 *
 * Paths look like `purpose`, `reportId`, `items[2].merchant` (index 0-based).
 */

/** Inclusive code-point ranges of characters that are invisible or reorder text. */
const HIDDEN_RANGES: ReadonlyArray<readonly [number, number, string]> = [
  [0x0000, 0x0008, "C0 control"],
  [0x000b, 0x000c, "C0 control"],
  [0x000e, 0x001f, "C0 control"],
  [0x007f, 0x009f, "DEL / C1 control"],
  [0x00ad, 0x00ad, "soft hyphen"],
  [0x034f, 0x034f, "combining grapheme joiner"],
  [0x061c, 0x061c, "Arabic letter mark"],
  [0x115f, 0x1160, "Hangul filler"],
  [0x17b4, 0x17b5, "Khmer inherent vowel"],
  [0x180b, 0x180f, "Mongolian variation selector / vowel separator"],
  [0x200b, 0x200f, "zero-width space/joiner or direction mark"],
  [0x2028, 0x2029, "line/paragraph separator"],
  [0x202a, 0x202e, "bidirectional embedding/override"],
  [0x2060, 0x2064, "word joiner / invisible operator"],
  [0x2066, 0x2069, "bidirectional isolate"],
  [0x206a, 0x206f, "deprecated format character"],
  [0x3164, 0x3164, "Hangul filler"],
  [0xfe00, 0xfe0d, "variation selector"],
  [0xfeff, 0xfeff, "zero-width no-break space (BOM)"],
  [0xffa0, 0xffa0, "halfwidth Hangul filler"],
  [0xfff9, 0xfffb, "interlinear annotation"],
  [0x1d173, 0x1d17a, "musical formatting character"],
  [0xe0000, 0xe007f, "tag character"],
  [0xe0100, 0xe01ef, "variation selector supplement"],
];

export function isHiddenCodePoint(cp: number): boolean {
  for (const [lo, hi] of HIDDEN_RANGES) if (cp >= lo && cp <= hi) return true;
  return false;
}

export interface HiddenChar {
  /** UTF-16 index in the string. */
  index: number;
  codePoint: number;
  /** `U+200B` */
  label: string;
}

function label(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Every hidden character of `text`, in order. */
export function findHiddenChars(text: string): HiddenChar[] {
  const found: HiddenChar[] = [];
  let index = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isHiddenCodePoint(cp)) found.push({ index, codePoint: cp, label: label(cp) });
    index += ch.length;
  }
  return found;
}

export function hasHiddenChars(text: string): boolean {
  for (const ch of text) if (isHiddenCodePoint(ch.codePointAt(0)!)) return true;
  return false;
}

/** Renders hidden characters as `[U+200B]` so a reviewer sees them; other text unchanged. */
export function makeVisible(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += isHiddenCodePoint(cp) ? `[${label(cp)}]` : ch;
  }
  return out;
}

/** Removes hidden characters. */
export function stripHidden(text: string): string {
  let out = "";
  for (const ch of text) if (!isHiddenCodePoint(ch.codePointAt(0)!)) out += ch;
  return out;
}

/**
 * Cyrillic and Greek letters that render like Latin ones. Folded only to
 * compare merchants (DUPLICATE) and match cities, never to change what is stored.
 */
const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic lower case
  "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
  "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
  "һ": "h", "ӏ": "l", "ɡ": "g",
  // Cyrillic upper case
  "А": "a", "В": "b", "Е": "e", "Ё": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c",
  "Т": "t", "У": "y", "Х": "x", "І": "i", "Ї": "i", "Ј": "j", "Ѕ": "s", "Ԛ": "q", "Ԝ": "w", "Һ": "h",
  "Ӏ": "l",
  // Greek
  "α": "a", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "υ": "u", "τ": "t", "χ": "x",
  "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o",
  "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
};

/**
 * Comparison key for free text: NFKC (full-width letters -> ASCII), hidden
 * characters removed, Latin lookalikes folded, lower case, `ß` -> `ss`,
 * whitespace runs collapsed, trimmed.
 */
export function foldForComparison(text: string): string {
  const nfkc = stripHidden(text).normalize("NFKC");
  let folded = "";
  for (const ch of nfkc) folded += CONFUSABLES[ch] ?? ch;
  return folded.toLowerCase().replace(/ß/g, "ss").replace(/\s+/g, " ").trim();
}

/**
 * DUPLICATE merchant key: case-insensitive and trimmed as the contract says;
 * also immune to hidden characters, full-width letters and Cyrillic/Greek
 * lookalikes so that "Mаrriott" (Cyrillic а) cannot dodge the check.
 */
export function normalizeMerchant(merchant: string): string {
  return foldForComparison(merchant);
}

/** True when the text mixes Latin letters with Cyrillic/Greek lookalikes (informational only). */
export function hasLookalikeLetters(text: string): boolean {
  let latin = false;
  let lookalike = false;
  for (const ch of text) {
    if (/[A-Za-z]/.test(ch)) latin = true;
    else if (CONFUSABLES[ch] !== undefined) lookalike = true;
  }
  return latin && lookalike;
}

export interface TextField {
  path: string;
  value: string;
}

interface TextBearingItem {
  date: string;
  merchant: string;
  currency: string;
  category?: string | undefined;
  description?: string | undefined;
  city?: string | undefined;
  travelClass?: string | undefined;
  preApprovalId?: string | undefined;
}

interface TextBearingReport {
  reportId: string;
  employeeId: string;
  submittedAt: string;
  purpose?: string | undefined;
  policy?: string | undefined;
  items: readonly TextBearingItem[];
}

const REPORT_TEXT_KEYS = ["reportId", "employeeId", "submittedAt", "purpose", "policy"] as const;
const ITEM_TEXT_KEYS = [
  "date",
  "merchant",
  "currency",
  "category",
  "description",
  "city",
  "travelClass",
  "preApprovalId",
] as const;

export function itemPath(index: number, key: string): string {
  return `items[${index}].${key}`;
}

/** Index of the item a path belongs to (`items[3].city` -> 3), or null for report-level paths. */
export function itemIndexOfPath(path: string): number | null {
  const match = /^items\[(\d+)\](?:\.|$)/.exec(path);
  return match ? Number(match[1]) : null;
}

/** Every string field of the report and of every item (present ones), with its path, in a fixed order. */
export function textFieldsOf(report: TextBearingReport): TextField[] {
  const fields: TextField[] = [];
  for (const key of REPORT_TEXT_KEYS) {
    const value = report[key];
    if (typeof value === "string") fields.push({ path: key, value });
  }
  report.items.forEach((item, index) => {
    for (const key of ITEM_TEXT_KEYS) {
      const value = item[key];
      if (typeof value === "string") fields.push({ path: itemPath(index, key), value });
    }
  });
  return fields;
}

/** Paths of the text fields that contain hidden characters (sorted as in `textFieldsOf`). */
export function hiddenCharPathsOf(report: TextBearingReport): string[] {
  return textFieldsOf(report)
    .filter((f) => hasHiddenChars(f.value))
    .map((f) => f.path);
}
