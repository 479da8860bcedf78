/**
 * Trains the prompt-injection classifier on the jackhhao training split ONLY and writes
 * resources/guard/injection-model.json. Every other data set stays out of training so the evaluation
 * (scripts/eval-guard.ts) measures generalisation. Deterministic: full-batch training, seeded folds.
 *
 *   npm run train:guard -- --data ../shared/data [--out resources/guard/injection-model.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsvRecords } from '../core/src/guard/eval/csv.ts';
import { extractFeatures } from '../core/src/guard/injection/features.ts';
import { encodeInjectionModel, predictProbability } from '../core/src/guard/injection/model.ts';
import { seededRandom, trainLogistic } from '../core/src/guard/injection/train.ts';

const TRAIN_FILE = 'injection/jackhhao_jailbreak_train.csv';
// Defaults chosen by 5-fold cross-validation on the training split (see docs/guardrails.md), never on the
// evaluation sets: character 4-grams and 2^18 buckets gave the same out-of-fold AUC as words alone in 2^16
// buckets, at three times the scan cost and four times the file size.
// The threshold is the lowest whose out-of-fold false-positive rate on benign training prompts is at most this.
const TARGET_FPR = 0.01;

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string', default: 'resources/guard/injection-model.json' },
    seed: { type: 'string', default: '1337' },
    folds: { type: 'string', default: '5' },
    bits: { type: 'string', default: '16' },
    'char-grams': { type: 'boolean', default: false },
  },
});
const OPTIONS = { bits: Number(args.bits), charGrams: args['char-grams'], l2: 1e-4, iterations: 300, learningRate: 0.05 };
if (!args.data) {
  console.error('usage: npm run train:guard -- --data <dir>');
  process.exit(2);
}

const rows = parseCsvRecords(readFileSync(join(args.data, TRAIN_FILE), 'utf8'));
const texts = rows.map((r) => r['prompt'] ?? '');
const ys = rows.map((r) => (r['type'] === 'jailbreak' ? 1 : 0));
const xs = texts.map((t) => extractFeatures(t, OPTIONS));
console.log(`training split: ${rows.length} prompts (${ys.filter((y) => y === 1).length} jailbreak)`);

// Out-of-fold probabilities: each prompt is scored by a model that never saw it.
const k = Number(args.folds);
const random = seededRandom(Number(args.seed));
const fold = rows.map(() => Math.floor(random() * k));
const oof = new Array<number>(rows.length).fill(0);
for (let f = 0; f < k; f++) {
  const trainIdx = fold.flatMap((g, i) => (g === f ? [] : [i]));
  const model = trainLogistic(trainIdx.map((i) => xs[i]!), trainIdx.map((i) => ys[i]!), OPTIONS);
  fold.forEach((g, i) => {
    if (g === f) oof[i] = predictProbability(model, xs[i]!.indices, xs[i]!.values);
  });
}
const threshold = pickThreshold(oof, ys, TARGET_FPR);
report('out-of-fold', oof, ys, threshold);
// Sanity check against the known trap: how well would text length alone separate the classes?
console.log(`length-only AUC on the training split: ${auc(texts.map((t) => t.length), ys).toFixed(3)}; model OOF AUC: ${auc(oof, ys).toFixed(3)}`);

const model = trainLogistic(xs, ys, OPTIONS);
model.threshold = threshold;
const file = encodeInjectionModel(model, `${TRAIN_FILE} (${rows.length} prompts), seed ${args.seed}`);
writeFileSync(args.out, `${JSON.stringify(file)}\n`);
console.log(`wrote ${args.out} (${(JSON.stringify(file).length / 1024).toFixed(0)} KB), threshold ${threshold.toFixed(3)}`);

function pickThreshold(p: number[], y: number[], maxFpr: number): number {
  const benign = p.filter((_, i) => y[i] === 0).sort((a, b) => b - a);
  const allowed = Math.floor(benign.length * maxFpr);
  return Math.min(0.99, Math.max(0.5, (benign[allowed] ?? 0) + 1e-6));
}

function report(name: string, p: number[], y: number[], t: number): void {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  p.forEach((v, i) => {
    const hit = v >= t;
    if (y[i] === 1 && hit) tp++;
    else if (y[i] === 1) fn++;
    else if (hit) fp++;
    else tn++;
  });
  console.log(`${name}: recall ${(tp / (tp + fn)).toFixed(3)}, precision ${(tp / Math.max(1, tp + fp)).toFixed(3)}, FPR ${(fp / (fp + tn)).toFixed(3)} at threshold ${t.toFixed(3)}`);
}

function auc(scores: number[], y: number[]): number {
  const order = scores.map((s, i) => [s, y[i] ?? 0] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let pos = 0;
  order.forEach(([, label], r) => {
    if (label === 1) {
      rankSum += r + 1;
      pos++;
    }
  });
  const neg = order.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
