/**
 * Text checks done in code, not by the model: hidden characters (rule
 * SUSPICIOUS_TEXT, second half), the list of text fields with their paths, the
 * merchant key for DUPLICATE and a safe rendering of text for reviewers.
 *
 * Paths look like `purpose`, `reportId`, `items[2].merchant` (index 0-based).
 */

// The hidden-character helpers are shared (the dashboard uses them too): re-exported here for the agent's code.
import { hasHiddenChars, stripHidden } from "../../../text/visible";
export { findHiddenChars, hasHiddenChars, isHiddenCodePoint, makeVisible, stripHidden, type HiddenChar } from "../../../text/visible";

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

/**
 * Scripts whose letters are confusable with each other (Unicode TR39): a word
 * that mixes two of them ("Аmazon" with a Cyrillic А) is a spoof. Whole words
 * in one script ("Москва", "Ｌｙｆｔ", which is Latin) are fine, and so are
 * Han/Kana/Hangul, which TR39 allows beside Latin.
 */
const CONFUSABLE_SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Armenian", /\p{Script=Armenian}/u],
  ["Cherokee", /\p{Script=Cherokee}/u],
];
/** A word: letters and combining marks, hidden characters inside it ignored (so "Аm\u200Bazon" is one word). */
const WORD = /[\p{L}\p{M}]+/gu;

/** True when one word of `text` mixes letters of two confusable scripts (mixed-script spoofing, TR39). */
export function hasMixedScriptWord(text: string): boolean {
  for (const [word] of stripHidden(text).normalize("NFC").matchAll(WORD)) {
    let scripts = 0;
    for (const [, pattern] of CONFUSABLE_SCRIPTS) if (pattern.test(word)) scripts++;
    if (scripts >= 2) return true;
  }
  return false;
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

/**
 * Paths of the text fields that hide characters meant to mislead (rule
 * SUSPICIOUS_TEXT, found by code): hidden characters, or a word mixing
 * lookalike letters of another script. Sorted as in `textFieldsOf`.
 */
export function misleadingCharPathsOf(report: TextBearingReport): string[] {
  return textFieldsOf(report)
    .filter((f) => hasHiddenChars(f.value) || hasMixedScriptWord(f.value))
    .map((f) => f.path);
}
