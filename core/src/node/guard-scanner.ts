import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GuardScanner } from '../gateway/guard/body-guard.ts';
import { parseInjectionModel, scanText, type InjectionModel } from '../guard/index.ts';
import type { Logger } from '../ports/logger.ts';
import { PACKAGE_ROOT } from './package-root.ts';

export const INJECTION_MODEL_FILE = join(PACKAGE_ROOT, 'resources', 'guard', 'injection-model.json');

/** Loads the shipped injection classifier once; without it only the phrase patterns run (and the log says so). */
export function loadInjectionModel(logger: Logger, file = INJECTION_MODEL_FILE): InjectionModel | undefined {
  try {
    return parseInjectionModel(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    logger.warn('injection classifier not loaded; phrase patterns only', { file, error: (e as Error).message });
    return undefined;
  }
}

/** The detectors the gateway runs, bound to the classifier. */
export function createGuardScanner(model: InjectionModel | undefined): GuardScanner {
  const injection = model ? { model } : {};
  return (text, categories) => scanText(text, { categories, injection });
}
