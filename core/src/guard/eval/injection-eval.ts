import type { InjectionModel } from '../injection/model.ts';
import type { InjectionScanOptions } from '../injection/scan-injection.ts';
import { scanInjection } from '../injection/scan-injection.ts';

/** A labelled prompt: 1 = injection/jailbreak, 0 = benign. */
export interface LabelledPrompt {
  text: string;
  label: 0 | 1;
}

export interface InjectionEval {
  set: string;
  texts: number;
  attacks: number;
  benign: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number | null;
  recall: number | null;
  fpr: number | null;
  /** How many detected attacks only the classifier (not the phrase patterns) caught. */
  classifierOnly: number;
}

/** Scores the injection detector on one labelled set; a text counts as flagged when it has any finding. */
export function evaluateInjection(
  set: string, prompts: readonly LabelledPrompt[], model?: InjectionModel, options: Omit<InjectionScanOptions, 'model'> = {},
): InjectionEval {
  const r: InjectionEval = {
    set, texts: prompts.length, attacks: 0, benign: 0, tp: 0, fp: 0, fn: 0, tn: 0,
    precision: null, recall: null, fpr: null, classifierOnly: 0,
  };
  for (const p of prompts) {
    const found = scanInjection(p.text, model ? { ...options, model } : options);
    const hit = found.length > 0;
    if (p.label === 1) {
      r.attacks++;
      if (hit) r.tp++;
      else r.fn++;
      if (hit && found.every((f) => f.type === 'JAILBREAK')) r.classifierOnly++;
    } else {
      r.benign++;
      if (hit) r.fp++;
      else r.tn++;
    }
  }
  r.precision = r.tp + r.fp > 0 ? r.tp / (r.tp + r.fp) : null;
  r.recall = r.attacks > 0 ? r.tp / r.attacks : null;
  r.fpr = r.benign > 0 ? r.fp / r.benign : null;
  return r;
}
