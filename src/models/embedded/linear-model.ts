/**
 * A linear classifier over hashed features, decoded from the compact weight
 * format that `scripts/model/train.mjs` writes. Both tiers are softmax
 * regressions ("bias + sum of feature value x weight, then softmax"); they
 * differ in the features they hash, how many, and how much data trained them.
 *
 * The training script evaluates the model through this same decoder, so the
 * accuracy it prints is the accuracy of the quantised weights that ship.
 *
 * Example:
 *   const model = HashedLinearClassifier.decode(weights.tasks.category);
 *   model.predict("Delta Air Lines\nflight BOS-SFO").label; // "airfare"
 */
import { extractFeatures, type FeatureSpec } from "./features";

/** One task's weights as stored in `weights/*.json`. */
export interface EncodedTask {
  labels: string[];
  features: FeatureSpec;
  /** Softmax temperature fitted on a held-out calibration split (logits are divided by it). */
  temperature: number;
  bias: number[];
  /** A stored int8 weight w stands for w * scale. */
  scale: number;
  /**
   * Base64 of the sorted bucket ids that have a row, as unsigned LEB128 deltas.
   * Absent when the table is dense (row i is bucket i).
   */
  buckets?: string;
  /** Base64 of int8 weights, row-major: one row of `labels.length` per bucket. */
  weights: string;
}

/** A weight file: one tier, its tasks, and what the training script measured. */
export interface EncodedModel {
  /** "hashed-linear/1" */
  format: string;
  tier: string;
  algorithm: string;
  /** Examples each task was trained on. */
  trainedOn: Record<string, number>;
  /** Scores on the held-out test groups (merchants and phrasings not seen in training), per task. */
  heldOut: Record<string, { n: number; accuracy: number; nll: number; ece: number }>;
  /** Scores of the shipped weights on a separately written held-out set (novel brands, other languages and scripts). */
  novel?: Record<string, { n: number; accuracy: number; nll: number; ece: number }>;
  tasks: Record<string, EncodedTask>;
}

export interface Prediction {
  label: string;
  /** Calibrated probability of `label`. */
  confidence: number;
  /** Every label with its probability, most likely first. */
  ranked: { label: string; probability: number }[];
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodeBuckets(base64: string): number[] {
  const bytes = base64ToBytes(base64);
  const buckets: number[] = [];
  let previous = 0;
  let delta = 0;
  let shift = 0;
  for (const byte of bytes) {
    delta |= (byte & 0x7f) << shift;
    if (byte & 0x80) {
      shift += 7;
      continue;
    }
    previous += delta;
    buckets.push(previous);
    delta = 0;
    shift = 0;
  }
  return buckets;
}

export class HashedLinearClassifier {
  readonly labels: readonly string[];
  readonly features: FeatureSpec;
  readonly temperature: number;
  private readonly bias: Float64Array;
  /** bucket -> row, -1 when the bucket has no weights. */
  private readonly rowOf: Int32Array;
  private readonly weights: Float32Array;

  private constructor(task: EncodedTask, rowOf: Int32Array, weights: Float32Array) {
    this.labels = task.labels;
    this.features = task.features;
    this.temperature = task.temperature;
    this.bias = Float64Array.from(task.bias);
    this.rowOf = rowOf;
    this.weights = weights;
  }

  static decode(task: EncodedTask): HashedLinearClassifier {
    const classes = task.labels.length;
    const quantized = new Int8Array(base64ToBytes(task.weights).buffer);
    const rows = quantized.length / classes;
    const size = 1 << task.features.hashBits;
    const rowOf = new Int32Array(size).fill(-1);
    if (task.buckets === undefined) {
      if (rows !== size) throw new Error(`dense weight table has ${rows} rows, expected ${size}`);
      for (let b = 0; b < size; b++) rowOf[b] = b;
    } else {
      const buckets = decodeBuckets(task.buckets);
      if (buckets.length !== rows) throw new Error(`${buckets.length} buckets for ${rows} weight rows`);
      buckets.forEach((bucket, row) => (rowOf[bucket] = row));
    }
    const weights = new Float32Array(quantized.length);
    for (let i = 0; i < quantized.length; i++) weights[i] = quantized[i]! * task.scale;
    return new HashedLinearClassifier(task, rowOf, weights);
  }

  /** Raw scores before temperature and softmax. */
  logits(text: string): Float64Array {
    const classes = this.labels.length;
    const scores = Float64Array.from(this.bias);
    const { index, value } = extractFeatures(text, this.features);
    for (let i = 0; i < index.length; i++) {
      const row = this.rowOf[index[i]!]!;
      if (row < 0) continue;
      const v = value[i]!;
      const base = row * classes;
      for (let c = 0; c < classes; c++) scores[c] = scores[c]! + v * this.weights[base + c]!;
    }
    return scores;
  }

  predict(text: string): Prediction {
    const probabilities = softmax(this.logits(text), this.temperature);
    const ranked = this.labels
      .map((label, c) => ({ label, probability: probabilities[c]! }))
      .sort((a, b) => b.probability - a.probability);
    const top = ranked[0]!;
    return { label: top.label, confidence: top.probability, ranked };
  }
}

export function softmax(scores: ArrayLike<number>, temperature: number): Float64Array {
  const out = new Float64Array(scores.length);
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]! / temperature);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    out[i] = Math.exp(scores[i]! / temperature - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / sum;
  return out;
}
