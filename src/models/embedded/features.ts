/**
 * Text normalisation and hashed feature extraction for the embedded model.
 *
 * This is the ONE featurizer: the Worker imports it for inference, and the
 * training script (`scripts/model/train.mjs`, run by Node 22, which strips the
 * types) imports this same file, so training and inference cannot drift apart.
 * Keep it to erasable TypeScript (no enums, parameter properties or
 * namespaces): Node strips the types, it does not compile.
 *
 * Example:
 *   extractFeatures("Delta Air Lines — flight BOS-SFO", { hashBits: 12, words: [1], chars: [3, 3], norm: "none" })
 *   // => { index: Int32Array [...], value: Float64Array [...] }
 */

/** Which features a model uses; stored with the weights so inference matches training. */
export interface FeatureSpec {
  /** Hash space is 2^hashBits buckets. */
  hashBits: number;
  /** Word n-gram orders, e.g. [1] or [1, 2]. */
  words: number[];
  /** Inclusive range of character n-gram lengths over the normalised text, or null for none. */
  chars: [number, number] | null;
  /** "none": raw counts (naive Bayes); "l2": values scaled to unit length (logistic regression). */
  norm: "none" | "l2";
}

export interface SparseFeatures {
  index: Int32Array;
  value: Float64Array;
}

/**
 * Unicode "tag" characters mirror ASCII invisibly and are used to smuggle
 * hidden instructions; they are read as the ASCII they encode.
 */
const TAG_ASCII = /[\u{E0020}-\u{E007E}]/gu;
const TAG_OFFSET = 0xe0000;

/** Zero-width, bidirectional-control, variation-selector and other invisible code points; removed first. */
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;
const COMBINING_MARKS = /\p{M}+/gu;

/**
 * Cyrillic, Greek and other look-alikes of Latin letters (lower case; applied
 * after lower-casing). NFKC already folds full-width and mathematical letters.
 */
const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  "а": "a", "в": "b", "г": "r", "е": "e", "ё": "e", "ѐ": "e", "і": "i", "ї": "i", "ј": "j", "к": "k", "м": "m",
  "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ш": "w", "ь": "b", "ѕ": "s",
  "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "һ": "h", "ӏ": "l", "ѵ": "v", "ѡ": "w", "ӑ": "a", "ӓ": "a", "ӧ": "o",
  "ҝ": "k", "ҡ": "k", "ң": "h", "ҫ": "c", "ҳ": "x", "ӱ": "y",
  // Greek
  "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v", "ο": "o", "π": "n",
  "ρ": "p", "σ": "o", "ς": "s", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
  // Latin and other scripts
  "ı": "i", "ȷ": "j", "ℓ": "l", "ɑ": "a", "ɩ": "i", "ʏ": "y", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e",
  "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r",
  "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "օ": "o", "ս": "u", "ո": "n", "ց": "g", "ք": "p",
  "ø": "o", "đ": "d", "ħ": "h", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
};
const HOMOGLYPH_PATTERN = new RegExp(`[${Object.keys(HOMOGLYPHS).join("")}]`, "gu");

/**
 * Runs of three or more single characters split by spaces/dots/dashes
 * ("i g n o r e  a l l", "s.y.s.t.e.m") are joined; a separator holding two or
 * more spaces marks a word break inside the run.
 */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])(?:[\p{L}\p{N}][ .\-_*·~+|]{1,3}){2,}[\p{L}\p{N}](?![\p{L}\p{N}])/gu;
const SPACED_SEPARATOR = /[ .\-_*·~+|]{1,3}/g;
const joinSpacedRun = (run: string) => run.replace(SPACED_SEPARATOR, (sep) => (sep.split(" ").length > 2 ? " " : ""));

/** Leetspeak digits and symbols, read as letters inside words that mix them with letters ("1gn0r3", "@pprove"). */
const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i", "|": "l" };
const LEET_MIXED = /\p{L}[0-9@$!|]|[0-9@$!|]\p{L}/u;
const ORDINAL = /^\d+(?:st|nd|rd|th)$/;
const TOKEN_SPLIT = /[^\p{L}\p{N}]+/u;

/**
 * Canonical form of a text: hidden tag characters read as ASCII, invisible
 * characters and accents removed, compatibility-folded (NFKC), lower-cased,
 * homoglyphs mapped to Latin letters, spaced-out letters joined, whitespace collapsed.
 */
export function normalizeText(text: string): string {
  return text
    .replace(TAG_ASCII, (ch) => String.fromCharCode(ch.codePointAt(0)! - TAG_OFFSET))
    .replace(INVISIBLE, "")
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .toLowerCase()
    .replace(HOMOGLYPH_PATTERN, (ch) => HOMOGLYPHS[ch] ?? ch)
    .replace(SPACED_LETTERS, joinSpacedRun)
    .replace(/\s+/g, " ")
    .trim();
}

function deleet(chunk: string): string {
  let out = "";
  for (const ch of chunk) out += LEET[ch] ?? ch;
  return out;
}

/**
 * Word tokens of a normalised text. A whitespace-separated chunk that mixes
 * letters with leet digits/symbols is read as letters ("1gn0r3" -> "ignore");
 * its literal tokens are returned separately so brand names like "1password"
 * keep a feature of their own.
 */
export function tokenize(normalized: string): { tokens: string[]; literal: string[] } {
  const tokens: string[] = [];
  const literal: string[] = [];
  for (const chunk of normalized.split(" ")) {
    if (chunk.length === 0) continue;
    let read = chunk;
    if (LEET_MIXED.test(chunk) && !ORDINAL.test(chunk)) {
      read = deleet(chunk);
      for (const t of chunk.split(TOKEN_SPLIT)) if (t.length > 0) literal.push(t);
    }
    for (const t of read.split(TOKEN_SPLIT)) if (t.length > 0) tokens.push(t);
  }
  return { tokens, literal };
}

/** 32-bit FNV-1a over UTF-16 code units, seeded per feature namespace. */
export function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const SEED_WORD = 0x9e3779b1;
const SEED_CHAR = 0x85ebca77;

/** Hashed sparse features of one text, in first-seen order (deterministic). */
export function extractFeatures(text: string, spec: FeatureSpec): SparseFeatures {
  const mask = (1 << spec.hashBits) - 1;
  const counts = new Map<number, number>();
  const add = (key: string, seed: number) => {
    const bucket = fnv1a(key, seed) & mask;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };

  const normalized = normalizeText(text);
  const { tokens, literal } = tokenize(normalized);
  for (const n of spec.words) {
    for (let i = 0; i + n <= tokens.length; i++) add(`${n}:${tokens.slice(i, i + n).join(" ")}`, SEED_WORD);
  }
  for (const t of literal) add(`1:${t}`, SEED_WORD);

  if (spec.chars !== null) {
    const padded = ` ${tokens.join(" ")} `;
    const [min, max] = spec.chars;
    for (let n = min; n <= max; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(padded.slice(i, i + n), SEED_CHAR);
    }
  }

  const index = new Int32Array(counts.size);
  const value = new Float64Array(counts.size);
  let k = 0;
  let sumSquares = 0;
  for (const [bucket, count] of counts) {
    index[k] = bucket;
    value[k] = count;
    sumSquares += count * count;
    k++;
  }
  if (spec.norm === "l2" && sumSquares > 0) {
    const scale = 1 / Math.sqrt(sumSquares);
    for (let i = 0; i < value.length; i++) value[i] = value[i]! * scale;
  }
  return { index, value };
}
