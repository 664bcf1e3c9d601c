/**
 * Step 3: caps on the items that survived the item rules (USD cents).
 */
import type { CapCode, Category, ExpenseItem, ExpenseReport } from "../schema";
import type { ItemRuleResult } from "./item-rules";
import { foldForComparison } from "./text";

export const MEAL_CAP_PER_ATTENDEE_PER_DAY_CENTS = 7_500;
export const LODGING_CAP_PER_NIGHT_CENTS = 25_000;
export const LODGING_CAP_HIGH_COST_PER_NIGHT_CENTS = 35_000;
export const GROUND_CAP_PER_DAY_CENTS = 15_000;
export const ENTERTAINMENT_CAP_PER_ATTENDEE_CENTS = 12_000;

export type HighCostCity = "New York" | "San Francisco" | "London" | "Zurich" | "Tokyo";

interface CityRule {
  city: HighCostCity;
  /** Accepted spellings of the `city` field's first comma-separated part. */
  cityNames: string[];
  /** Words that may follow the name inside that part ("Tokyo Japan"). */
  qualifiers: string[];
  /** Phrases that identify the city inside a merchant name (whole words). */
  merchantNames: string[];
}

/**
 * High-cost cities. From `city`: the first comma-separated part must be one of
 * `cityNames` (optionally followed by a country/state word); the five New
 * York boroughs count as New York. From the merchant (only when `city` is
 * absent or blank): one of `merchantNames` as whole words, which is
 * deliberately narrower (no boroughs: "Manhattan Beach" is in California).
 */
const CITY_RULES: readonly CityRule[] = [
  {
    city: "New York",
    cityNames: ["new york", "new york city", "nyc", "manhattan", "brooklyn", "queens", "bronx", "the bronx", "staten island"],
    qualifiers: ["ny", "usa", "us", "new york"],
    merchantNames: ["new york", "nyc"],
  },
  {
    city: "San Francisco",
    cityNames: ["san francisco"],
    qualifiers: ["ca", "california", "usa", "us"],
    merchantNames: ["san francisco"],
  },
  {
    city: "London",
    cityNames: ["london", "city of london"],
    qualifiers: ["uk", "england", "united kingdom", "gb", "great britain"],
    merchantNames: ["london"],
  },
  {
    city: "Zurich",
    cityNames: ["zurich", "zuerich", "zurigo"],
    qualifiers: ["switzerland", "ch", "schweiz", "suisse"],
    merchantNames: ["zurich", "zuerich"],
  },
  {
    city: "Tokyo",
    cityNames: ["tokyo", "東京"],
    qualifiers: ["japan", "jp"],
    merchantNames: ["tokyo"],
  },
];

/** Later parts of the `city` field that mean another London (Ontario, Kentucky, Ohio, Arkansas). */
const OTHER_LONDONS = new Set(["on", "ontario", "canada", "ca", "ky", "kentucky", "oh", "ohio", "ar", "arkansas"]);

/** Lower case, accents removed, lookalikes folded, punctuation other than commas -> spaces. */
function normalizePlace(text: string): string {
  return foldForComparison(text)
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^\p{L}\p{N},]+/gu, " ")
    .replace(/\s*,\s*/g, ",")
    .replace(/\s+/g, " ")
    .trim();
}

/** The high-cost city named by a `city` field, or null. */
export function highCostCityFromCity(city: string): HighCostCity | null {
  const parts = normalizePlace(city)
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const first = parts[0];
  if (first === undefined) return null;
  for (const rule of CITY_RULES) {
    const named = rule.cityNames.some(
      (name) => first === name || rule.qualifiers.some((q) => first === `${name} ${q}`),
    );
    if (!named) continue;
    if (rule.city === "London" && parts.slice(1).some((p) => OTHER_LONDONS.has(p))) return null;
    return rule.city;
  }
  return null;
}

/** The high-cost city named inside a merchant name, or null. */
export function highCostCityFromMerchant(merchant: string): HighCostCity | null {
  const words = ` ${normalizePlace(merchant).replace(/,/g, " ").replace(/\s+/g, " ")} `;
  // Known false friends: New London (CT), London (Ontario), New York-New York (Las Vegas).
  const cleaned = words
    .replace(/ new london /g, " ")
    .replace(/ london ontario /g, " ")
    .replace(/ new york new york /g, " ");
  for (const rule of CITY_RULES) {
    if (rule.merchantNames.some((name) => cleaned.includes(` ${name} `))) return rule.city;
  }
  return null;
}

/** The high-cost city of a lodging item: from `city` when present and not blank, else from the merchant. */
export function highCostCityOf(item: Pick<ExpenseItem, "city" | "merchant">): HighCostCity | null {
  if (item.city !== undefined && item.city.trim() !== "") return highCostCityFromCity(item.city);
  return highCostCityFromMerchant(item.merchant);
}

export function lodgingCapPerNightCents(item: Pick<ExpenseItem, "city" | "merchant">): number {
  return highCostCityOf(item) === null ? LODGING_CAP_PER_NIGHT_CENTS : LODGING_CAP_HIGH_COST_PER_NIGHT_CENTS;
}

export interface CapResult {
  index: number;
  /** Approved USD cents after caps (0 for rejected items). */
  approvedCents: number;
  /** The cap that cut the item, or null. */
  capCode: CapCode | null;
}

export interface ApplyCapsInput {
  report: ExpenseReport;
  usdCents: readonly (number | null)[];
  categories: readonly Category[];
  itemRules: readonly ItemRuleResult[];
}

/**
 * Cuts a day's total down to `capCents`, taking the cut from the last items
 * first (input order), and records the code on every item that was cut.
 */
function cutFromLast(indices: number[], approved: number[], codes: (CapCode | null)[], capCents: number, code: CapCode) {
  const total = indices.reduce((sum, i) => sum + approved[i]!, 0);
  let excess = total - capCents;
  for (let k = indices.length - 1; k >= 0 && excess > 0; k--) {
    const i = indices[k]!;
    const cut = Math.min(approved[i]!, excess);
    if (cut <= 0) continue;
    approved[i]! -= cut;
    excess -= cut;
    codes[i] = code;
  }
}

/** Step 3: MEAL_CAP, LODGING_CAP, GROUND_CAP, ENTERTAINMENT_CAP. */
export function applyCaps(input: ApplyCapsInput): CapResult[] {
  const { report, usdCents, categories, itemRules } = input;
  const n = report.items.length;
  const survives = (i: number) => itemRules[i]?.rejection === null && usdCents[i] != null;
  const approved = report.items.map((_, i) => (survives(i) ? usdCents[i]! : 0));
  const codes: (CapCode | null)[] = new Array<CapCode | null>(n).fill(null);

  const byDay = (category: Category) => {
    const days = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      if (!survives(i) || categories[i] !== category) continue;
      const date = report.items[i]!.date;
      const list = days.get(date) ?? [];
      list.push(i);
      days.set(date, list);
    }
    return days;
  };

  for (const indices of byDay("meals").values()) {
    const maxAttendees = Math.max(...indices.map((i) => report.items[i]!.attendees));
    cutFromLast(indices, approved, codes, MEAL_CAP_PER_ATTENDEE_PER_DAY_CENTS * maxAttendees, "MEAL_CAP");
  }
  for (const indices of byDay("ground_transport").values()) {
    cutFromLast(indices, approved, codes, GROUND_CAP_PER_DAY_CENTS, "GROUND_CAP");
  }
  for (let i = 0; i < n; i++) {
    if (!survives(i)) continue;
    const item = report.items[i]!;
    let cap: number | null = null;
    let code: CapCode | null = null;
    if (categories[i] === "lodging") {
      cap = lodgingCapPerNightCents(item) * item.nights;
      code = "LODGING_CAP";
    } else if (categories[i] === "client_entertainment") {
      cap = ENTERTAINMENT_CAP_PER_ATTENDEE_CENTS * item.attendees;
      code = "ENTERTAINMENT_CAP";
    }
    if (cap !== null && approved[i]! > cap) {
      approved[i] = cap;
      codes[i] = code;
    }
  }
  return approved.map((approvedCents, index) => ({ index, approvedCents, capCode: codes[index] ?? null }));
}
