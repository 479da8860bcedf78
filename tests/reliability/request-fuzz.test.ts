import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ budgetUsd: 1000 });
});
afterAll(async () => {
  await h.close();
});

const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'model', 'messages', 'max_tokens', 'stream', 'content', 'role', 'system'), fc.string());
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 1e-320, 2 ** 53, 0, -1),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Bodies that are almost calls: real shapes with hostile parts, plus raw random JSON. */
const body = fc.oneof(
  fc.record({
    model: fc.oneof(fc.constant('gpt-4o-mini'), hostileValue),
    max_tokens: fc.oneof(fc.constant(5), hostileValue),
    stream: fc.oneof(fc.boolean(), hostileValue),
    messages: fc.oneof(fc.constant([{ role: 'user', content: 'hi' }]), hostileValue),
    __proto__: hostileValue,
    constructor: hostileValue,
  }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.integer({ min: 1, max: 3000 }).map((d) => `{"model":"gpt-4o-mini","messages":${'['.repeat(d)}${']'.repeat(d)}}`),
  fc.string(),
);

describe('random request bodies', () => {
  it.each(['/v1/chat/completions', '/v1/messages', '/v1/responses', '/v1/embeddings'])('never crash %s, never leak a reservation, never charge a refusal', async (path) => {
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const before = h.budget();
        const r = await fetch(`${h.gateway.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
          body: raw,
        });
        const text = await r.text();
        expect(r.status, text).not.toBe(500);
        expect(text).not.toMatch(/internal/i);
        const after = h.budget();
        expect(after.reserved).toBe(0);
        if (r.status >= 400) expect(after.spent).toBe(before.spent);
        expect(after.spent).toBeGreaterThanOrEqual(before.spent);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
