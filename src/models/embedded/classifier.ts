/**
 * The embedded model's two tiers, ready to predict. The weight files are part
 * of the Worker bundle (module-level JSON imports); each tier is decoded the
 * first time it is used and then kept for the life of the isolate.
 *
 * Example:
 *   classifyExpenseItem("large", "Delta Air Lines", "BOS-SFO");
 *   // { label: "airfare", confidence: 0.99, ranked: [...] }
 */
import { itemText } from "./features";
import { HashedLinearClassifier, type EncodedModel, type EncodedTask, type Prediction } from "./linear-model";
import largeWeights from "./weights/large.json";
import smallWeights from "./weights/small.json";

export type EmbeddedTier = "small" | "large";

const WEIGHTS: Record<EmbeddedTier, unknown> = { small: smallWeights, large: largeWeights };

interface TierModels {
  category: HashedLinearClassifier;
  instructions: HashedLinearClassifier;
}

const decoded = new Map<EmbeddedTier, TierModels>();

function taskOf(model: EncodedModel, name: string): EncodedTask {
  const task = model.tasks[name];
  if (task === undefined) throw new Error(`weights of tier ${model.tier} have no task ${name}`);
  return task;
}

function modelsOf(tier: EmbeddedTier): TierModels {
  let models = decoded.get(tier);
  if (models === undefined) {
    const weights = WEIGHTS[tier] as EncodedModel;
    if (weights.format !== "hashed-linear/1") throw new Error(`unknown weight format ${weights.format} for tier ${tier}`);
    models = {
      category: HashedLinearClassifier.decode(taskOf(weights, "category")),
      instructions: HashedLinearClassifier.decode(taskOf(weights, "instructions")),
    };
    decoded.set(tier, models);
  }
  return models;
}

/** Category of one expense item; labels are the policy's categories. */
export function classifyExpenseItem(tier: EmbeddedTier, merchant: string, description?: string): Prediction {
  return modelsOf(tier).category.predict(itemText(merchant, description));
}

/** "suspicious" when the text tries to instruct the agent or the reviewer, else "normal". */
export function detectInstructions(tier: EmbeddedTier, text: string): Prediction {
  return modelsOf(tier).instructions.predict(text);
}

