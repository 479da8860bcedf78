import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARD_POLICY } from '../../domain/guard-policy.ts';
import { scanText } from '../../guard/index.ts';
import { fakeSecrets } from '../../guard/testing/fake-values.ts';
import { guardBody, type GuardScanner } from './body-guard.ts';
import { guardBodyInSlices, OVERLAP_CHARS, SLICE_CHARS } from './sliced-guard.ts';

const scan: GuardScanner = (text, categories) => scanText(text, { categories });
const KEY = new Map(fakeSecrets(3)).get('OPENAI_API_KEY')!;
const policy = { ...DEFAULT_GUARD_POLICY, secret: { request: 'redact', response: 'redact' } } as typeof DEFAULT_GUARD_POLICY;

describe('guardBodyInSlices', () => {
  it('never scans more than a slice at once, and lets the event loop run between slices', async () => {
    const body = { messages: [{ role: 'user', content: 'lorem ipsum '.repeat(60_000) }] };
    let longest = 0;
    let scans = 0;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const counting: GuardScanner = (text, categories) => {
      longest = Math.max(longest, text.length);
      scans++;
      return scan(text, categories);
    };
    let idle = 0;
    const yieldNow = (): Promise<void> => new Promise((r) => setTimeout(() => (idle++, r()), 1));
    await guardBodyInSlices(body, ['messages'], policy, 'request', counting, yieldNow);
    clearInterval(timer);
    expect(longest).toBeLessThanOrEqual(SLICE_CHARS + OVERLAP_CHARS);
    expect(scans).toBeGreaterThan(10);
    expect(idle).toBe(scans);
    expect(ticks).toBeGreaterThan(5);
  });

  it('finds and redacts exactly what guardBody does, wherever a secret falls against slice boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: SLICE_CHARS - 80, max: SLICE_CHARS + 10 }), fc.integer({ min: 1, max: 3 }), async (at, slices) => {
        const filler = 'a quiet sentence. '.repeat(Math.ceil((SLICE_CHARS * slices) / 18));
        const content = `${filler.slice(0, at)} ${KEY} ${filler}`;
        const whole = structuredClone({ messages: [{ role: 'user', content }] });
        const sliced = structuredClone(whole);
        const a = guardBody(whole, ['messages'], policy, 'request', scan);
        const b = await guardBodyInSlices(sliced, ['messages'], policy, 'request', scan, () => Promise.resolve());
        expect(b.decisions).toEqual(a.decisions);
        expect(sliced).toEqual(whole);
        expect(JSON.stringify(sliced)).not.toContain(KEY);
      }),
      { numRuns: 15 },
    );
  });
});
