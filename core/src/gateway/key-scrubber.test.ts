import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeyScrubber, keyForms } from './key-scrubber.ts';

const KEY = 'sk-proj-AbCdEf0123456789_zz';

describe('key scrubber', () => {
  it('finds a key in every encoding, whatever the split of the stream', () => {
    const forms = keyForms(KEY);
    const scrubber = createKeyScrubber([KEY]);
    fc.assert(
      fc.property(fc.constantFrom(...forms), fc.string(), fc.string(), fc.array(fc.nat(200), { maxLength: 6 }), (form, before, after, cuts) => {
        const text = `${before}${form}${after}`;
        const s = scrubber.stream();
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        let out = '';
        let last = 0;
        for (const p of [...points, text.length]) {
          out += s.push(text.slice(last, p));
          last = p;
        }
        out += s.end();
        expect(out.length).toBe(text.length);
        expect(out).not.toContain(form);
      }),
    );
  });

  it('holds back nothing that cannot start a key', () => {
    const s = createKeyScrubber([KEY]).stream();
    expect(s.push('data: {"x":1}\n\n')).toBe('data: {"x":1}\n\n');
    expect(s.push('tail sk-pr')).toBe('tail ');
    expect(s.push('oj-other')).toBe('sk-proj-other');
  });

  it('finds base64 of a key at every byte alignment', () => {
    const scrubber = createKeyScrubber([KEY]);
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const encoded = Buffer.from(`${prefix}${KEY}tail`).toString('base64');
      expect(scrubber.scrub(encoded)).toContain('[key removed]');
    }
  });
});
