import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../core/src/contract/dispatch.ts';
import { OPERATIONS } from '../../core/src/contract/operations.ts';
import { isAppError } from '../../core/src/domain/errors.ts';
import { startHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'name', 'agent', 'provider', 'usd', 'budgetMicros', 'model', 'limit', 'from', 'to'), fc.string({ maxLength: 12 }));
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(1e308, -1, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 0, 'agent-1', 'oa', '', '../../etc', 'x'.repeat(10_000)),
    fc.string({ maxLength: 20 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(key, tie('v'), { maxKeys: 4 }),
  ),
})).v;
/** JSON round trip, as every transport delivers input: `__proto__` becomes an own key, not a prototype. */
const input = fc.oneof(fc.dictionary(key, value, { maxKeys: 5 }), value, fc.constant(`{${'"a":{'.repeat(2000)}}`)).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

// Operations that change nothing are fuzzed freely; those that change state are fuzzed too, but a refusal must
// change nothing, and no operation may fail with anything but a deliberate, typed error.
describe('random input to every admin operation', () => {
  it.each(Object.keys(OPERATIONS))('%s answers or refuses cleanly', async (name) => {
    await fc.assert(
      fc.asyncProperty(input, async (raw) => {
        const before = h.budget();
        const audit = h.rt.store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
        try {
          await dispatch(h.rt.handlers, name, raw, { actor: 'fuzz' });
        } catch (e) {
          expect(isAppError(e), String((e as Error)?.stack ?? e)).toBe(true);
          expect((e as { code: string }).code).not.toBe('INTERNAL');
          expect(h.budget()).toEqual(before);
          const after = h.rt.store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
          expect(after.n).toBe(audit.n);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 25 },
    );
  });
});
