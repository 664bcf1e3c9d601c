/**
 * The refund model's learned parts, per tier: the reason classifier, the
 * hidden-instruction detector, the next-action policy and the reply's tone (softmax regressions
 * on hashed features, trained by `scripts/model/refund/train.mjs`; weights in
 * `weights/*.json`, bundled with the Worker and decoded on first use).
 *
 * Example:
 *   classifyReason("large", "my action camera never arrived").label; // "not_received"
 */
import { HashedLinearClassifier, type EncodedModel, type Prediction } from "../../../models/embedded/linear-model";
import { policyText, type Action, type PolicyState } from "./policy-state";
import largeWeights from "./weights/large.json";
import smallWeights from "./weights/small.json";

export type RefundTier = "small" | "large";
type Task = "reason" | "injection" | "policy" | "tone";

const WEIGHTS: Record<RefundTier, unknown> = { small: smallWeights, large: largeWeights };
/** The large tier's policy reads pairs of state fields (see policy-state.ts). */
const PAIRS: Record<RefundTier, boolean> = { small: false, large: true };

const decoded = new Map<string, HashedLinearClassifier>();

function modelFor(tier: RefundTier, task: Task): HashedLinearClassifier {
  const key = `${tier}/${task}`;
  let model = decoded.get(key);
  if (model === undefined) {
    const weights = WEIGHTS[tier] as EncodedModel;
    const encoded = weights.tasks[task];
    if (weights.format !== "hashed-linear/1" || encoded === undefined) throw new Error(`refund model weights of tier ${tier} have no task ${task}`);
    model = HashedLinearClassifier.decode(encoded);
    decoded.set(key, model);
  }
  return model;
}

export type ReasonLabel = "damaged" | "defective" | "wrong_item" | "not_received" | "changed_mind" | "late_delivery" | "not_refund";

export function classifyReason(tier: RefundTier, message: string): Prediction & { label: ReasonLabel } {
  return modelFor(tier, "reason").predict(message) as Prediction & { label: ReasonLabel };
}

export function detectInjection(tier: RefundTier, message: string): Prediction {
  return modelFor(tier, "injection").predict(message);
}

export function nextAction(tier: RefundTier, state: PolicyState): Prediction & { label: Action } {
  return modelFor(tier, "policy").predict(policyText(state, PAIRS[tier])) as Prediction & { label: Action };
}

export type ToneLabel = "polite" | "rude" | "blaming";

/** A reply's tone: polite, rude (condescending, sarcastic, shouting, insulting) or blaming the customer. */
export function classifyTone(tier: RefundTier, reply: string): Prediction & { label: ToneLabel } {
  return modelFor(tier, "tone").predict(reply) as Prediction & { label: ToneLabel };
}
