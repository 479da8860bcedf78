import type { SparseVector } from './features.ts';
import { extractFeatures } from './features.ts';
import type { InjectionModel } from './model.ts';
import { predictProbability } from './model.ts';
import type { TrainOptions } from './train.ts';
import { seededRandom, trainLogistic } from './train.ts';

/** A training prompt: 1 = injection/jailbreak, 0 = benign, with the public set it came from. */
export interface TrainingPrompt {
  source: string;
  text: string;
  label: 0 | 1;
}

export interface FitOptions extends TrainOptions {
  /** Largest out-of-fold false-positive rate on the benign training prompts the threshold may allow. */
  targetFpr: number;
  /** Folds for choosing the threshold out of fold (never on prompts the model was fitted on). */
  folds: number;
  seed: number;
}

export const DEFAULT_FIT: FitOptions = {
  bits: 16, charGrams: false, l2: 1e-5, iterations: 250, learningRate: 0.05, targetFpr: 0.02, folds: 3, seed: 1337,
};

/**
 * Per-sample weights: classes balanced, and within a class each (source, label) group weighted by the square
 * root of its size instead of its size, so one large set (a thousand role-play jailbreaks) does not drown a
 * small one (thirty indirect injections in web pages) without letting the small one dominate either.
 */
export function sampleWeights(prompts: readonly TrainingPrompt[]): number[] {
  const groups = new Map<string, number>();
  for (const p of prompts) groups.set(`${p.label}:${p.source}`, (groups.get(`${p.label}:${p.source}`) ?? 0) + 1);
  const raw = prompts.map((p) => 1 / Math.sqrt(groups.get(`${p.label}:${p.source}`) ?? 1));
  const classTotal = [0, 0];
  prompts.forEach((p, i) => (classTotal[p.label] = (classTotal[p.label] ?? 0) + (raw[i] ?? 0)));
  return prompts.map((p, i) => ((raw[i] ?? 0) * prompts.length) / (2 * (classTotal[p.label] ?? 1)));
}

/**
 * Trains the classifier on the prompts and sets its threshold from out-of-fold scores: the lowest threshold
 * whose false-positive rate on benign prompts scored by a model that never saw them is at most targetFpr.
 */
export function fitInjectionModel(prompts: readonly TrainingPrompt[], o: FitOptions = DEFAULT_FIT): InjectionModel {
  const xs = prompts.map((p) => extractFeatures(p.text, o));
  const ys = prompts.map((p) => p.label);
  const oof = outOfFold(prompts, xs, o);
  const model = trainLogistic(xs, ys, o, sampleWeights(prompts));
  model.threshold = pickThreshold(oof.filter((_, i) => ys[i] === 0), o.targetFpr);
  return model;
}

function outOfFold(prompts: readonly TrainingPrompt[], xs: readonly SparseVector[], o: FitOptions): number[] {
  const random = seededRandom(o.seed);
  const fold = prompts.map(() => Math.floor(random() * o.folds));
  const oof = new Array<number>(prompts.length).fill(0);
  for (let f = 0; f < o.folds; f++) {
    const idx = fold.flatMap((g, i) => (g === f ? [] : [i]));
    const part = idx.map((i) => prompts[i]!);
    const m = trainLogistic(idx.map((i) => xs[i]!), part.map((p) => p.label), o, sampleWeights(part));
    fold.forEach((g, i) => {
      if (g === f) oof[i] = predictProbability(m, xs[i]!.indices, xs[i]!.values);
    });
  }
  return oof;
}

/** The lowest threshold that flags at most maxFpr of the benign scores (kept within [0.5, 0.99]). */
export function pickThreshold(benignScores: readonly number[], maxFpr: number): number {
  const sorted = [...benignScores].sort((a, b) => b - a);
  const allowed = Math.floor(sorted.length * maxFpr);
  return Math.min(0.99, Math.max(0.5, (sorted[allowed] ?? 0) + 1e-6));
}
