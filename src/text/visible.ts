/**
 * Hidden characters (invisible or text-reordering code points): found,
 * shown or removed. Shared by agents and the dashboard, so it names
 * no agent; an agent's own text rules build on it.
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
