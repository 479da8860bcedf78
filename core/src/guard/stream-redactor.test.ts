import { describe, expect, it } from 'vitest';
import { scanText } from './scan.ts';
import { createStreamRedactor } from './stream-redactor.ts';
import { fakeSecrets } from './testing/fake-values.ts';

const detect = (t: string) => scanText(t, { categories: ['secret', 'pii'] });

/** Feeds `text` in chunks of `size` and returns what was emitted, plus the largest amount ever held back. */
function stream(text: string, size: number, windowChars = 128): { out: string; maxHeld: number } {
  const r = createStreamRedactor({ windowChars, detect });
  let out = '';
  let fed = 0;
  let maxHeld = 0;
  for (let i = 0; i < text.length; i += size) {
    const chunk = text.slice(i, i + size);
    fed += chunk.length;
    out += r.push(chunk);
    maxHeld = Math.max(maxHeld, fed - out.length);
  }
  return { out: out + r.flush(), maxHeld };
}

describe('createStreamRedactor', () => {
  const [, key] = fakeSecrets()[0] ?? ['', ''];
  const text = `Here is the config you asked for.\nOPENAI_KEY ${key}\nand mail me at dev@example.org when done. ${'Lorem ipsum dolor sit amet. '.repeat(10)}`;
  const whole = text.replace(key, '[REDACTED:OPENAI_API_KEY]').replace('dev@example.org', '[REDACTED:EMAIL]');

  it.each([1, 3, 7, 16, 50, 1000])('catches a secret split across %i-character chunks', (size) => {
    const { out } = stream(text, size, 256);
    expect(out).toBe(whole);
    expect(out).not.toContain(key.slice(10, 30));
  });

  it('never holds back more than windowChars characters', () => {
    const { maxHeld } = stream(`${'word '.repeat(200)}`, 7, 64);
    expect(maxHeld).toBeLessThanOrEqual(64 + 7);
  });

  it('uses text already emitted as context for the value that follows', () => {
    // With a 16-character window the name "DB_PASSWORD" is partly emitted before its value arrives.
    const r = createStreamRedactor({ windowChars: 16, detect });
    let out = '';
    for (const piece of ['export DB_PASSWORD=', 'Tr0ub4dor#3xQ', ' and the rest of a long sentence here.']) out += r.push(piece);
    out += r.flush();
    expect(out).toBe('export DB_PASSWORD=[REDACTED:PASSWORD] and the rest of a long sentence here.');
  });

  it('emits everything on flush and can be reused', () => {
    const r = createStreamRedactor({ windowChars: 100, detect });
    expect(r.push('short text')).toBe('');
    expect(r.flush()).toBe('short text');
    expect(r.push('again')).toBe('');
    expect(r.flush()).toBe('again');
  });

  it('rejects a window that is not a positive integer', () => {
    expect(() => createStreamRedactor({ windowChars: 0, detect })).toThrow(RangeError);
  });
});
