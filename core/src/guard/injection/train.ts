import type { SparseVector } from './features.ts';
import type { InjectionModel } from './model.ts';
import { predictProbability } from './model.ts';

export interface TrainOptions {
  bits: number;
  charGrams: boolean;
  /** L2 penalty on the weights. */
  l2: number;
  iterations: number;
  learningRate: number;
}

/**
 * Logistic regression by full-batch Adam on sparse L2-normalised vectors, with classes weighted to balance
 * (or by the caller's per-sample weights).
 * Full-batch (no sampling) makes the result a pure function of the data, hence reproducible.
 */
export function trainLogistic(
  xs: readonly SparseVector[], ys: readonly number[], o: TrainOptions, sampleWeights?: readonly number[],
): InjectionModel {
  const size = 1 << o.bits;
  const w = new Float32Array(size);
  const m1 = new Float32Array(size);
  const m2 = new Float32Array(size);
  const grad = new Float32Array(size);
  let bias = 0;
  let bm1 = 0;
  let bm2 = 0;
  const positives = ys.filter((y) => y === 1).length;
  const classWeight = [xs.length / (2 * (xs.length - positives)), xs.length / (2 * positives)];
  const model: InjectionModel = { bits: o.bits, charGrams: o.charGrams, bias, threshold: 0.5, weights: w };
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= o.iterations; t++) {
    grad.fill(0);
    let gb = 0;
    model.bias = bias;
    xs.forEach((x, n) => {
      const y = ys[n] ?? 0;
      const err = (predictProbability(model, x.indices, x.values) - y) * (sampleWeights?.[n] ?? classWeight[y] ?? 1);
      gb += err;
      for (let i = 0; i < x.indices.length; i++) {
        const j = x.indices[i] ?? 0;
        grad[j] = (grad[j] ?? 0) + err * (x.values[i] ?? 0);
      }
    });
    const scale = 1 / xs.length;
    const lr = (o.learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let j = 0; j < size; j++) {
      const g = (grad[j] ?? 0) * scale + o.l2 * (w[j] ?? 0);
      if (g === 0 && m1[j] === 0) continue;
      m1[j] = b1 * (m1[j] ?? 0) + (1 - b1) * g;
      m2[j] = b2 * (m2[j] ?? 0) + (1 - b2) * g * g;
      w[j] = (w[j] ?? 0) - (lr * (m1[j] ?? 0)) / (Math.sqrt(m2[j] ?? 0) + 1e-8);
    }
    gb *= scale;
    bm1 = b1 * bm1 + (1 - b1) * gb;
    bm2 = b2 * bm2 + (1 - b2) * gb * gb;
    bias -= (lr * bm1) / (Math.sqrt(bm2) + 1e-8);
  }
  model.bias = bias;
  return model;
}

/** Deterministic pseudo-random generator (mulberry32) for fold assignment. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
