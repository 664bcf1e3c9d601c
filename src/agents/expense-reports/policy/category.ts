/**
 * Which category an item is judged under: the stated one, the model's guess
 * when none is stated, or the model's guess when the stated one contradicts
 * merchant/description and the model is confident.
 */
import { CATEGORIES, type Category } from "../schema";

/** Default confidence a prediction needs to overrule a stated category. */
export const DEFAULT_CORRECTION_THRESHOLD = 0.8;

/**
 * Compatibility matrix: for a stated category, the predicted categories that
 * do NOT contradict it. Every category is compatible with itself.
 *
 * - `meals` <-> `client_entertainment`: the same restaurant bill can be either.
 * - `client_entertainment` with predicted `alcohol` is compatible only when
 *   attendees >= 2 (contract rule ALCOHOL: drinks with clients are
 *   entertainment); see `isCompatible`.
 * - `personal` and `alcohol` as stated are never overruled: the employee's own
 *   statement that an expense is not reimbursable stands.
 * - Everything else is a contradiction (e.g. `meals` vs `alcohol` for a bar
 *   tab, `office_supplies` vs `personal` for clothing, `software` vs
 *   `training` for a course subscription, `office_supplies` vs `software`).
 */
export const COMPATIBLE: Readonly<Record<Category, readonly Category[]>> = {
  meals: ["meals", "client_entertainment"],
  lodging: ["lodging"],
  airfare: ["airfare"],
  ground_transport: ["ground_transport"],
  software: ["software"],
  training: ["training"],
  client_entertainment: ["client_entertainment", "meals"],
  office_supplies: ["office_supplies"],
  // A stated alcohol or personal category is never overruled: it is compatible with everything.
  alcohol: CATEGORIES,
  personal: CATEGORIES,
};

/** True when `predicted` does not contradict `stated`. */
export function isCompatible(stated: Category, predicted: Category, attendees: number): boolean {
  if (stated === "client_entertainment" && predicted === "alcohol") return attendees >= 2;
  return COMPATIBLE[stated].includes(predicted);
}

export interface ResolveCategoryInput {
  stated?: Category | undefined;
  predicted: Category;
  /** 0..1 */
  confidence: number;
  attendees: number;
  /** Confidence at or above which a contradicting stated category is corrected. */
  threshold: number;
}

export interface ResolvedCategory {
  category: Category;
  source: "stated" | "inferred" | "corrected";
}

export function resolveCategory(input: ResolveCategoryInput): ResolvedCategory {
  const { stated, predicted, confidence, attendees, threshold } = input;
  if (stated === undefined) return { category: predicted, source: "inferred" };
  if (isCompatible(stated, predicted, attendees)) return { category: stated, source: "stated" };
  if (confidence >= threshold) return { category: predicted, source: "corrected" };
  return { category: stated, source: "stated" };
}

export interface CategoryPredictionLike {
  category: Category;
  confidence: number;
}

/** `resolveCategory` for every item; `predictions` has one entry per item. */
export function resolveCategories(
  report: { items: readonly { category?: Category | undefined; attendees: number }[] },
  predictions: readonly CategoryPredictionLike[],
  threshold: number = DEFAULT_CORRECTION_THRESHOLD,
): ResolvedCategory[] {
  if (predictions.length !== report.items.length) throw new RangeError("one prediction per item is required");
  return report.items.map((item, i) =>
    resolveCategory({
      stated: item.category,
      predicted: predictions[i]!.category,
      confidence: predictions[i]!.confidence,
      attendees: item.attendees,
      threshold,
    }),
  );
}
