import type { InjectionModel } from '../injection/model.ts';
import type { InjectionScanOptions } from '../injection/scan-injection.ts';
import type { InjectionEval } from './injection-eval.ts';
import { evaluateInjection } from './injection-eval.ts';
import type { SourcedPrompt } from './injection-sources.ts';

export interface LosoFold extends InjectionEval {
  /** The threshold the fold's model chose from its own training sources. */
  threshold: number;
}

export interface LosoPooled {
  attacks: number;
  tp: number;
  benign: number;
  fp: number;
  recall: number;
  fpr: number;
}

/**
 * Leave one source out: for each source, fit on every other source and score the detector (phrase patterns
 * plus the fold's classifier) on the one left out, which neither the weights nor the threshold ever saw.
 */
export function leaveOneSourceOut(
  prompts: readonly SourcedPrompt[], fit: (train: SourcedPrompt[]) => InjectionModel, options: Omit<InjectionScanOptions, 'model'> = {},
): { folds: LosoFold[]; pooled: LosoPooled } {
  const sources = [...new Set(prompts.map((p) => p.source))];
  const folds = sources.map((source) => {
    const model = fit(prompts.filter((p) => p.source !== source));
    const test = prompts.filter((p) => p.source === source);
    return { ...evaluateInjection(source, test, model, options), threshold: model.threshold };
  });
  return { folds, pooled: poolFolds(folds) };
}

/** Sums the confusion counts of the left-out sources: recall over all their attacks, FPR over all their benign. */
export function poolFolds(folds: readonly InjectionEval[]): LosoPooled {
  const sum = (k: 'attacks' | 'tp' | 'benign' | 'fp'): number => folds.reduce((n, f) => n + f[k], 0);
  const attacks = sum('attacks');
  const benign = sum('benign');
  return { attacks, tp: sum('tp'), benign, fp: sum('fp'), recall: sum('tp') / Math.max(1, attacks), fpr: sum('fp') / Math.max(1, benign) };
}
