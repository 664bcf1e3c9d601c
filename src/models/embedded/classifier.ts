/**
 * The embedded model's two tiers, ready to predict. The weight files are part
 * of the Worker bundle (module-level JSON imports); each tier's task model is
 * decoded the first time it is used (a few ms of CPU) and then kept for the
 * life of the isolate.
 *
 * Example:
 *   classifyExpenseItem("large", "Delta Air Lines", "BOS-SFO");
 *   // { label: "airfare", confidence: 0.99, ranked: [...] }
 */
import { itemText } from "./features";
import { HashedLinearClassifier, type EncodedModel, type Prediction } from "./linear-model";
import largeWeights from "./weights/large.json";
import smallWeights from "./weights/small.json";

export type EmbeddedTier = "small" | "large";

const WEIGHTS: Record<EmbeddedTier, unknown> = { small: smallWeights, large: largeWeights };

type Task = "category" | "instructions";

/** Decoded on first use, per tier and task, then kept for the life of the isolate. */
const decoded = new Map<string, HashedLinearClassifier>();

function modelFor(tier: EmbeddedTier, task: Task): HashedLinearClassifier {
  const key = `${tier}/${task}`;
  let model = decoded.get(key);
  if (model === undefined) {
    const weights = WEIGHTS[tier] as EncodedModel;
    if (weights.format !== "hashed-linear/1") throw new Error(`unknown weight format ${weights.format} for tier ${tier}`);
    const encoded = weights.tasks[task];
    if (encoded === undefined) throw new Error(`weights of tier ${tier} have no task ${task}`);
    model = HashedLinearClassifier.decode(encoded);
    decoded.set(key, model);
  }
  return model;
}

/** Category of one expense item; labels are the policy's categories. */
export function classifyExpenseItem(tier: EmbeddedTier, merchant: string, description?: string): Prediction {
  return modelFor(tier, "category").predict(itemText(merchant, description));
}

/** "suspicious" when the text tries to instruct the agent or the reviewer, else "normal". */
export function detectInstructions(tier: EmbeddedTier, text: string): Prediction {
  return modelFor(tier, "instructions").predict(text);
}

