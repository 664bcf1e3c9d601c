// Trains the refund agent's embedded model (both tiers) and writes its weights:
//
//   npm run train:refund-model     (node scripts/model/refund/train.mjs; Node >= 22.18)
//
//   src/agents/refund-requests/model/weights/small.json   word unigrams + char 3-grams in 2^13 buckets, 25% of the
//                                                         data, 4 epochs; policy on single state fields
//   src/agents/refund-requests/model/weights/large.json   word 1-2-grams + char 1-4-grams in 2^16 buckets, all the
//                                                         data; policy on state fields and their pairs
//
// Four tasks per tier: reason (six reasons + not_refund), injection
// (normal / suspicious), policy (next action from the conversation state) and
// tone (a reply is polite, rude or blames the customer: the reply's tone check).
// Seeded data, seeded shuffles, fixed iteration order: byte-identical output.
// Groups (templates, injection phrasings, scenarios) split 70/15/15 into train /
// calibration / test; the temperature is fitted on calibration, the printed
// held-out scores come from test; the shipped weights are refitted on every group.
// The separately written set (heldout-data.mjs) scores the shipped weights as `novel`.
import { register } from "node:module";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ACTION_LABELS, INJECTION_LABELS, REASON_LABELS, generateInjectionExamples, generatePolicyExamples, generateReasonExamples } from "./training-data.mjs";
import { generateHeldOutInjectionExamples, generateHeldOutPolicyExamples, generateHeldOutReasonExamples } from "./heldout-data.mjs";
import { generateHeldOutToneExamples, generateToneExamples, TONE_LABELS } from "./tone-data.mjs";
import { fitTemperature } from "../lib/calibration.mjs";
import { encodeBuckets } from "../lib/buckets.mjs";
import { createRng } from "./training-data.mjs";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`Node ${process.versions.node}: need >= 22.18 (type stripping). Run it as \`npm run train:refund-model\`.`);
  process.exit(1);
}
register("../resolve-ts.mjs", import.meta.url);
const { extractFeatures, fnv1a } = await import("../../../src/models/embedded/features.ts");
const { HashedLinearClassifier } = await import("../../../src/models/embedded/linear-model.ts");
const { policyText } = await import("../../../src/agents/refund-requests/model/policy-state.ts");

const OUT_DIR = path.join(import.meta.dirname, "../../../src/agents/refund-requests/model/weights");

const TIERS = {
  small: {
    algorithm: "softmax regression (AdaGrad, L2); text: word unigrams + char 3-grams in 2^13 buckets; policy: single state fields; 25% of the data; 4 epochs",
    text: { hashBits: 13, words: [1], chars: [3, 3], norm: "l2" },
    policy: { hashBits: 10, words: [1], chars: null, norm: "l2" },
    pairs: false,
    subset: 0.25,
    epochs: 4,
  },
  large: {
    algorithm: "softmax regression (AdaGrad, L2); text: word 1-2-grams + char 1-4-grams in 2^16 buckets; policy: state fields and their pairs; all data; 12 epochs",
    text: { hashBits: 16, words: [1, 2], chars: [1, 4], norm: "l2" },
    policy: { hashBits: 14, words: [1], chars: null, norm: "l2" },
    pairs: true,
    subset: 1,
    epochs: 12,
  },
};

const asText = (examples, pairs) => examples.map((e) => (e.state ? { ...e, text: policyText(e.state, pairs) } : e));

const TASKS = {
  reason: { labels: REASON_LABELS, examples: generateReasonExamples(), novel: generateHeldOutReasonExamples(), spec: "text" },
  injection: { labels: INJECTION_LABELS, examples: generateInjectionExamples(), novel: generateHeldOutInjectionExamples(), spec: "text" },
  policy: { labels: ACTION_LABELS, examples: generatePolicyExamples(), novel: generateHeldOutPolicyExamples(), spec: "policy" },
  tone: { labels: TONE_LABELS, examples: generateToneExamples(), novel: generateHeldOutToneExamples(), spec: "text" },
};

const fnv = (text) => fnv1a(text, 0);
function splitOf(group) {
  const r = fnv(`split:${group}`) % 100;
  return r < 70 ? "train" : r < 85 ? "calibration" : "test";
}
const inSubset = (e, fraction) => fraction >= 1 || fnv(`subset:${e.text}:${e.group}`) % 1000 < fraction * 1000;
const featurize = (examples, spec, labels) => examples.map((e) => ({ ...extractFeatures(e.text, spec), y: labels.indexOf(e.label) }));

function fitSoftmax(data, K, spec, seed, { epochs, rate = 0.4, l2 = 1e-6 }) {
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
      for (let i = 0; i < index.length; i++) for (let c = 0; c < K; c++) scores[c] += value[i] * weights[index[i] * K + c];
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
        for (let c = 0; c < K; c++) {
          const j = index[i] * K + c;
          const g = scores[c] * value[i] + l2 * weights[j];
          squares[j] += g * g;
          weights[j] -= (rate * g) / (Math.sqrt(squares[j]) + 1e-8);
        }
      }
    }
  }
  // Only buckets that some example touched carry weights: store those rows.
  const rows = [];
  for (let b = 0; b < size; b++) {
    let any = false;
    for (let c = 0; c < K; c++) if (weights[b * K + c] !== 0) any = true;
    if (any) rows.push(b);
  }
  return { weights, bias: Array.from(bias), rows };
}

function encodeTask({ weights, bias, rows }, labels, spec, temperature) {
  const K = labels.length;
  const magnitudes = [];
  for (const b of rows) for (let c = 0; c < K; c++) magnitudes.push(Math.abs(weights[b * K + c]));
  magnitudes.sort((a, b) => a - b);
  const scale = Number((Math.max(1e-9, magnitudes[Math.floor(0.9999 * (magnitudes.length - 1))]) / 127).toPrecision(6));
  const quantized = new Int8Array(rows.length * K);
  rows.forEach((b, row) => {
    for (let c = 0; c < K; c++) quantized[row * K + c] = Math.max(-127, Math.min(127, Math.round(weights[b * K + c] / scale)));
  });
  return {
    labels, features: spec, temperature: Number(temperature.toFixed(4)), bias: bias.map((v) => Number(v.toFixed(5))), scale,
    buckets: encodeBuckets(rows), weights: Buffer.from(quantized.buffer).toString("base64"),
  };
}


const round = (v) => Number(v.toFixed(4));
function evaluate(model, examples) {
  let correct = 0;
  let nll = 0;
  const bins = Array.from({ length: 10 }, () => ({ confidence: 0, correct: 0 }));
  for (const e of examples) {
    const p = model.predict(e.text);
    const ok = p.label === e.label;
    correct += ok ? 1 : 0;
    nll -= Math.log(Math.max(1e-12, p.ranked.find((r) => r.label === e.label).probability));
    const bin = bins[Math.min(9, Math.floor(p.confidence * 10))];
    bin.confidence += p.confidence;
    bin.correct += ok ? 1 : 0;
  }
  const ece = bins.reduce((s, b) => s + Math.abs(b.confidence - b.correct), 0) / examples.length;
  return { n: examples.length, accuracy: round(correct / examples.length), nll: round(nll / examples.length), ece: round(ece) };
}

mkdirSync(OUT_DIR, { recursive: true });
const report = [];
for (const [tierName, tier] of Object.entries(TIERS)) {
  const model = { format: "hashed-linear/1", tier: tierName, algorithm: tier.algorithm, trainedOn: {}, heldOut: {}, novel: {}, tasks: {} };
  for (const [taskName, task] of Object.entries(TASKS)) {
    const spec = tier[task.spec];
    const examples = asText(task.examples, tier.pairs);
    const novel = asText(task.novel, tier.pairs);
    const seed = fnv(`refund:${tierName}:${taskName}`);
    const fit = (set) => fitSoftmax(featurize(set.filter((e) => inSubset(e, tier.subset)), spec, task.labels), task.labels.length, spec, seed, tier);
    const bySplit = (name) => examples.filter((e) => splitOf(e.group) === name);

    const heldOutFit = fit(bySplit("train"));
    const uncalibrated = HashedLinearClassifier.decode(encodeTask(heldOutFit, task.labels, spec, 1));
    const temperature = fitTemperature(uncalibrated, bySplit("calibration"), task.labels);
    const test = evaluate(HashedLinearClassifier.decode(encodeTask(heldOutFit, task.labels, spec, temperature)), bySplit("test"));

    model.tasks[taskName] = encodeTask(fit(examples), task.labels, spec, temperature);
    model.trainedOn[taskName] = examples.filter((e) => inSubset(e, tier.subset)).length;
    model.heldOut[taskName] = test;
    model.novel[taskName] = evaluate(HashedLinearClassifier.decode(model.tasks[taskName]), novel);
    report.push({ tier: tierName, task: taskName, temperature: round(temperature), ...test, novelN: model.novel[taskName].n, novelAccuracy: model.novel[taskName].accuracy, novelEce: model.novel[taskName].ece });
  }
  writeFileSync(path.join(OUT_DIR, `${tierName}.json`), `${JSON.stringify(model, null, 1)}\n`);
}
console.log("Held-out test groups (templates / phrasings / scenarios never trained on) and the separately written set (novel):");
console.table(report);
