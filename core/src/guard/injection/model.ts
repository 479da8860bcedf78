import { z } from 'zod';

/** On-disk form of the injection classifier (resources/guard/injection-model.json). */
export const InjectionModelFileSchema = z.object({
  version: z.literal(1),
  bits: z.number().int().min(8).max(22),
  charGrams: z.boolean(),
  bias: z.number(),
  /** Decision threshold on the probability, chosen on held-out folds of the training split. */
  threshold: z.number().min(0).max(1),
  /** Weights quantised to int16 (weight = q * scale), little-endian, base64. */
  scale: z.number().positive(),
  weights: z.string(),
  trainedOn: z.string(),
});
export type InjectionModelFile = z.infer<typeof InjectionModelFileSchema>;

/** The classifier ready to use: dense float weights over the hashed feature space. */
export interface InjectionModel {
  bits: number;
  charGrams: boolean;
  bias: number;
  threshold: number;
  weights: Float32Array;
}

/** Validates the JSON of a model file and decodes its weights. Throws on a malformed file. */
export function parseInjectionModel(json: unknown): InjectionModel {
  const file = InjectionModelFileSchema.parse(json);
  const bytes = Uint8Array.from(atob(file.weights), (c) => c.charCodeAt(0));
  const size = 1 << file.bits;
  if (bytes.length !== size * 2) throw new Error(`injection model: expected ${size} weights, got ${bytes.length / 2}`);
  const view = new DataView(bytes.buffer);
  const weights = new Float32Array(size);
  for (let i = 0; i < size; i++) weights[i] = view.getInt16(i * 2, true) * file.scale;
  return { bits: file.bits, charGrams: file.charGrams, bias: file.bias, threshold: file.threshold, weights };
}

/** Encodes float weights into the file form (int16 quantisation keeps the file small). */
export function encodeInjectionModel(m: InjectionModel, trainedOn: string): InjectionModelFile {
  let max = 0;
  for (const w of m.weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 32767 : 1;
  const bytes = new Uint8Array(m.weights.length * 2);
  const view = new DataView(bytes.buffer);
  m.weights.forEach((w, i) => view.setInt16(i * 2, Math.round(w / scale), true));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { version: 1, bits: m.bits, charGrams: m.charGrams, bias: m.bias, threshold: m.threshold, scale, weights: btoa(binary), trainedOn };
}

/** Probability that a feature vector is an injection / jailbreak. */
export function predictProbability(m: InjectionModel, indices: Uint32Array, values: Float32Array): number {
  let z = m.bias;
  for (let i = 0; i < indices.length; i++) z += (m.weights[indices[i] ?? 0] ?? 0) * (values[i] ?? 0);
  return 1 / (1 + Math.exp(-z));
}
