// Trains the embedded model's two tiers and writes their weights:
//
//   npm run train:model        (runs: node scripts/model/train.mjs; needs Node >= 22.18)
//   npm run train:model -- --show-errors    also prints held-out mistakes
//
//   src/agents/expense-reports/model/weights/small.json  softmax regression (4 epochs), word unigrams +
//                                           hashed char 3-grams in 2^13 buckets, 25% of the data
//   src/agents/expense-reports/model/weights/large.json  softmax regression (AdaGrad), word 1-2-grams +
//                                           char 1-4-grams in 2^18 buckets, all the data
//
// Both tasks (expense category, instruction detection) per tier. Deterministic:
// seeded data, seeded shuffles, fixed iteration order, so every run writes
// byte-identical files. The held-out set of heldout-data.mjs (written apart from
// the training vocabulary: novel brands, other languages and scripts) scores the
// shipped weights of each tier and the cascade; it is never trained on.
// Groups (brands, injection phrasings) are split 70/15/15
// into train / calibration / test; the softmax temperature is fitted on the
// calibration split and the printed held-out scores come from the test split,
// i.e. from merchants and phrasings the model did not see. The shipped weights
// are then refitted on all groups with the same settings and temperature.
import { register } from "node:module";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fitTemperature } from "./lib/calibration.mjs";
import { encodeBuckets } from "./lib/buckets.mjs";
import {
  CATEGORY_LABELS, INSTRUCTION_LABELS, createRng, generateCategoryExamples, generateInstructionExamples,
} from "./training-data.mjs";
import { generateNovelCategoryExamples, generateNovelInstructionExamples } from "./heldout-data.mjs";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`Node ${process.versions.node}: need >= 22.18 (type stripping). Run it as \`npm run train:model\`, or \`npx node scripts/model/train.mjs\`.`);
  process.exit(1);
}
register("./resolve-ts.mjs", import.meta.url);
const { extractFeatures, fnv1a } = await import("../../src/models/embedded/features.ts");
const { HashedLinearClassifier } = await import("../../src/models/embedded/linear-model.ts");

const OUT_DIR = path.join(import.meta.dirname, "../../src/agents/expense-reports/model/weights");
const SHOW_ERRORS = process.argv.includes("--show-errors");

const TIERS = {
  small: {
    algorithm: "softmax regression (AdaGrad, L2); word unigrams + char 3-grams hashed into 2^13 buckets; 25% of the data; 4 epochs",
    spec: { hashBits: 13, words: [1], chars: [3, 3], norm: "l2" },
    subset: 0.25,
    train: (data, labels, spec, { seed }) => ({ ...fitSoftmax(data, labels.length, spec, null, seed, { epochs: 4 }), rows: null }),
  },
  large: {
    algorithm: "softmax regression (AdaGrad, L2); word 1-2-grams + char 1-4-grams hashed into 2^18 buckets; all data",
    // Char 1-4-grams generalise better than 2-5-grams to phrasings never seen (held-out instruction groups 0.95 vs 0.94).
    spec: { hashBits: 18, words: [1, 2], chars: [1, 4], norm: "l2" },
    subset: 1,
    train: trainSoftmaxRegression,
    /** Rows kept after pruning, per task; the weights are refitted on the kept rows. */
    maxRows: { category: 110_000, instructions: 140_000 },
  },
};

const TASKS = {
  category: { labels: CATEGORY_LABELS, examples: generateCategoryExamples(), novel: generateNovelCategoryExamples() },
  instructions: { labels: INSTRUCTION_LABELS, examples: generateInstructionExamples(), novel: generateNovelInstructionExamples() },
};

// ---------------------------------------------------------------------------
// Splits

const fnv = (text) => fnv1a(text, 0);

/** Whole groups go to one split, chosen by a hash of the group name. */
function splitOf(group) {
  const r = fnv(`split:${group}`) % 100;
  return r < 70 ? "train" : r < 85 ? "calibration" : "test";
}

/** The small tier sees a fixed pseudo-random fraction of whatever it is trained on. */
function inSubset(example, fraction) {
  return fraction >= 1 || fnv(`subset:${example.text}:${example.group}`) % 1000 < fraction * 1000;
}

// ---------------------------------------------------------------------------
// Training

function featurize(examples, spec, labels) {
  return examples.map((e) => ({ ...extractFeatures(e.text, spec), y: labels.indexOf(e.label) }));
}

/** Softmax regression with AdaGrad and lazy L2, then magnitude pruning to `maxRows` buckets and a refit. */
function trainSoftmaxRegression(data, labels, spec, { maxRows, seed }) {
  const first = fitSoftmax(data, labels.length, spec, null, seed);
  const K = labels.length;
  const size = 1 << spec.hashBits;
  const importance = [];
  for (let b = 0; b < size; b++) {
    let norm = 0;
    for (let c = 0; c < K; c++) norm += first.weights[b * K + c] ** 2;
    if (norm > 0) importance.push([b, norm]);
  }
  importance.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const kept = importance.slice(0, maxRows).map(([b]) => b).sort((a, b) => a - b);
  const keep = new Uint8Array(size);
  for (const b of kept) keep[b] = 1;
  const refit = fitSoftmax(data, K, spec, keep, seed + 1);
  return { weights: refit.weights, bias: refit.bias, rows: kept };
}

function fitSoftmax(data, K, spec, keep, seed, { epochs = 12, rate = 0.4, l2 = 1e-6 } = {}) {
  const size = 1 << spec.hashBits;
  const weights = new Float64Array(size * K);
  const squares = new Float64Array(size * K);
  const bias = new Float64Array(K);
  const biasSquares = new Float64Array(K);
  const scores = new Float64Array(K);
  const rng = createRng(seed);
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const n of rng.shuffle(order)) {
      const { index, value, y } = data[n];
      scores.set(bias);
      for (let i = 0; i < index.length; i++) {
        if (keep !== null && keep[index[i]] === 0) continue;
        const base = index[i] * K;
        for (let c = 0; c < K; c++) scores[c] += value[i] * weights[base + c];
      }
      let max = -Infinity;
      for (let c = 0; c < K; c++) max = Math.max(max, scores[c]);
      let sum = 0;
      for (let c = 0; c < K; c++) sum += (scores[c] = Math.exp(scores[c] - max));
      for (let c = 0; c < K; c++) {
        const g = scores[c] / sum - (c === y ? 1 : 0);
        biasSquares[c] += g * g;
        bias[c] -= (rate * g) / (Math.sqrt(biasSquares[c]) + 1e-8);
        scores[c] = g;
      }
      for (let i = 0; i < index.length; i++) {
        if (keep !== null && keep[index[i]] === 0) continue;
        const base = index[i] * K;
        for (let c = 0; c < K; c++) {
          const j = base + c;
          const g = scores[c] * value[i] + l2 * weights[j];
          squares[j] += g * g;
          weights[j] -= (rate * g) / (Math.sqrt(squares[j]) + 1e-8);
        }
      }
    }
  }
  return { weights, bias: Array.from(bias) };
}

// ---------------------------------------------------------------------------
// Encoding (the inverse of HashedLinearClassifier.decode)

function encodeTask({ weights, bias, rows }, labels, spec, temperature) {
  const K = labels.length;
  const size = 1 << spec.hashBits;
  const buckets = rows ?? Array.from({ length: size }, (_, b) => b);
  // Scale from the 99.99th percentile of |w| so one outlier does not flatten the rest; outliers clamp.
  const magnitudes = [];
  for (const b of buckets) for (let c = 0; c < K; c++) magnitudes.push(Math.abs(weights[b * K + c]));
  magnitudes.sort((a, b) => a - b);
  const scale = Number((magnitudes[Math.floor(0.9999 * (magnitudes.length - 1))] / 127).toPrecision(6));
  const quantized = new Int8Array(buckets.length * K);
  buckets.forEach((b, row) => {
    for (let c = 0; c < K; c++) quantized[row * K + c] = Math.max(-127, Math.min(127, Math.round(weights[b * K + c] / scale)));
  });
  const task = {
    labels,
    features: spec,
    temperature: Number(temperature.toFixed(4)),
    bias: bias.map((v) => Number(v.toFixed(5))),
    scale,
    weights: Buffer.from(quantized.buffer).toString("base64"),
  };
  if (rows !== null) task.buckets = encodeBuckets(rows);
  return task;
}

// ---------------------------------------------------------------------------
// Calibration and metrics, computed through the runtime decoder


function evaluate(model, examples) {
  let correct = 0;
  let nll = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, confidence: 0, correct: 0 }));
  const positive = { tp: 0, fp: 0, fn: 0 };
  for (const e of examples) {
    const p = model.predict(e.text);
    const ok = p.label === e.label;
    correct += ok ? 1 : 0;
    nll -= Math.log(Math.max(1e-12, p.ranked.find((r) => r.label === e.label).probability));
    const bin = bins[Math.min(9, Math.floor(p.confidence * 10))];
    bin.n++;
    bin.confidence += p.confidence;
    bin.correct += ok ? 1 : 0;
    if (p.label === "suspicious" && e.label === "suspicious") positive.tp++;
    if (p.label === "suspicious" && e.label !== "suspicious") positive.fp++;
    if (p.label !== "suspicious" && e.label === "suspicious") positive.fn++;
  }
  const ece = bins.reduce((s, b) => s + Math.abs(b.confidence - b.correct), 0) / examples.length;
  const metrics = { n: examples.length, accuracy: round(correct / examples.length), nll: round(nll / examples.length), ece: round(ece) };
  if (model.labels.includes("suspicious")) {
    metrics.precision = round(positive.tp / Math.max(1, positive.tp + positive.fp));
    metrics.recall = round(positive.tp / Math.max(1, positive.tp + positive.fn));
  }
  return metrics;
}

const round = (v) => Number(v.toFixed(4));

function printErrors(title, model, examples) {
  const wrong = examples.map((e) => ({ e, p: model.predict(e.text) })).filter(({ e, p }) => p.label !== e.label);
  console.log(`\n${title}: ${wrong.length} held-out mistakes`);
  for (const { e, p } of wrong.slice(0, 40)) console.log(`  ${e.label} -> ${p.label} ${p.confidence.toFixed(2)} ${JSON.stringify(e.text)}`);
}

// ---------------------------------------------------------------------------

/** What a small -> large cascade at `threshold` does on the test groups. */
function simulateCascade(small, large, examples, threshold) {
  let correct = 0;
  let escalated = 0;
  for (const e of examples) {
    let p = small.predict(e.text);
    if (p.confidence < threshold) {
      escalated++;
      p = large.predict(e.text);
    }
    correct += p.label === e.label ? 1 : 0;
  }
  return { accuracy: round(correct / examples.length), escalated: round(escalated / examples.length) };
}

const CASCADE_THRESHOLD = 0.8;

mkdirSync(OUT_DIR, { recursive: true });
const report = [];
/** task -> tier -> model fitted without the test groups */
const heldOutModels = {};
/** task -> tier -> the shipped model */
const shippedModels = {};
for (const [tierName, tier] of Object.entries(TIERS)) {
  const model = { format: "hashed-linear/1", tier: tierName, algorithm: tier.algorithm, trainedOn: {}, heldOut: {}, novel: {}, tasks: {} };
  for (const [taskName, { labels, examples, novel }] of Object.entries(TASKS)) {
    const options = { maxRows: tier.maxRows?.[taskName], seed: fnv(`${tierName}:${taskName}`) };
    const bySplit = (name) => examples.filter((e) => splitOf(e.group) === name);
    const fit = (set) => tier.train(featurize(set.filter((e) => inSubset(e, tier.subset)), tier.spec, labels), labels, tier.spec, options);

    // 1. Fit on the train groups, calibrate on the calibration groups, score on the test groups.
    const heldOutFit = fit(bySplit("train"));
    const uncalibrated = HashedLinearClassifier.decode(encodeTask(heldOutFit, labels, tier.spec, 1));
    const temperature = fitTemperature(uncalibrated, bySplit("calibration"), labels);
    const calibrated = HashedLinearClassifier.decode(encodeTask(heldOutFit, labels, tier.spec, temperature));
    const test = evaluate(calibrated, bySplit("test"));
    // An unseen merchant name with no description is often a guess; show items with one apart.
    if (taskName === "category") {
      test.accuracyWithDescription = evaluate(calibrated, bySplit("test").filter((e) => e.description !== "")).accuracy;
    }
    if (SHOW_ERRORS) printErrors(`${tierName}/${taskName}`, calibrated, bySplit("test"));
    (heldOutModels[taskName] ??= {})[tierName] = calibrated;

    // 2. Refit on every group with the same settings and temperature; that is what ships.
    const final = fit(examples);
    model.tasks[taskName] = encodeTask(final, labels, tier.spec, temperature);
    model.trainedOn[taskName] = examples.filter((e) => inSubset(e, tier.subset)).length;
    model.heldOut[taskName] = test;
    // 3. The shipped weights on the separately written held-out set (heldout-data.mjs: novel brands, other languages and scripts).
    const shipped = HashedLinearClassifier.decode(model.tasks[taskName]);
    (model.novel ??= {})[taskName] = evaluate(shipped, novel);
    (shippedModels[taskName] ??= {})[tierName] = shipped;
    if (SHOW_ERRORS) printErrors(`${tierName}/${taskName} novel`, shipped, novel);
    report.push({ tier: tierName, task: taskName, temperature: round(temperature), ...test, novelAccuracy: model.novel[taskName].accuracy });
  }
  const file = path.join(OUT_DIR, `${tierName}.json`);
  writeFileSync(file, `${JSON.stringify(model, null, 1)}\n`);
}

console.log("Held-out test groups (merchants / phrasings never seen in training):");
console.table(report);
console.log(`Cascade small -> large at confidence ${CASCADE_THRESHOLD} on the separately written held-out set (shipped weights):`);
console.table(
  Object.entries(TASKS).map(([taskName, { novel }]) => ({
    task: taskName, n: novel.length, ...simulateCascade(shippedModels[taskName].small, shippedModels[taskName].large, novel, CASCADE_THRESHOLD),
  })),
);
console.log(`Cascade small -> large at confidence ${CASCADE_THRESHOLD} on the same test groups:`);
console.table(
  Object.entries(TASKS).map(([taskName, { examples }]) => ({
    task: taskName,
    ...simulateCascade(heldOutModels[taskName].small, heldOutModels[taskName].large, examples.filter((e) => splitOf(e.group) === "test"), CASCADE_THRESHOLD),
  })),
);
