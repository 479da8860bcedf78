import { expect } from 'vitest';
import { isAppError } from '../../domain/errors.ts';
import type { ErrorCode } from '../../domain/errors.ts';

/** Asserts that `fn` throws an AppError with this code (checked by code, as everywhere else). */
export function expectAppError(fn: () => unknown, code: ErrorCode): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(isAppError(thrown, code), `expected AppError ${code}, got ${String(thrown)}`).toBe(true);
}
