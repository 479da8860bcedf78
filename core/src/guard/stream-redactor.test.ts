import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.ts';
import { redact } from './redact.ts';
import { scanText } from './scan.ts';
import { STREAM_PROFILES } from './stream-profiles.ts';
import { createStreamRedactor, type StreamRedactorOptions } from './stream-redactor.ts';
import { fakePem, fakeSecrets } from './testing/fake-values.ts';
import { cuts, plainProse, splitAt, streamText } from './testing/stream-text.ts';

const values = (found: Finding[]): Finding[] => found.filter((f) => f.category !== 'injection');
const BOTH: StreamRedactorOptions = { detect: (t) => values(scanText(t, { categories: ['secret', 'pii'] })), profiles: [STREAM_PROFILES.secret, STREAM_PROFILES.pii] };
const SECRETS: StreamRedactorOptions = { detect: (t) => values(scanText(t, { categories: ['secret'] })), profiles: [STREAM_PROFILES.secret] };

/** Streams `chunks` through a redactor; returns the output and what was held after each push. */
function stream(options: StreamRedactorOptions, chunks: readonly string[]): { out: string; held: number[]; pieces: string[] } {
  const r = createStreamRedactor(options);
  const held: number[] = [];
  const pieces = chunks.map((c) => {
    const out = r.push(c);
    held.push(r.held);
    return out;
  });
  const rest = r.flush();
  return { out: pieces.join('') + rest, held, pieces };
}

const whole = (options: StreamRedactorOptions, text: string): string => redact(text, options.detect(text));

describe('createStreamRedactor', () => {
  const [, key] = fakeSecrets()[0] ?? ['', ''];
  const text = `Here is the config you asked for.\nOPENAI_KEY ${key}\nand mail me at dev@example.org when done. ${'Lorem ipsum dolor sit amet. '.repeat(10)}`;

  it.each([1, 3, 7, 16, 50, 1000])('catches a secret split across %i-character chunks and never emits a prefix of it', (size) => {
    const chunks = splitAt(text, Array.from({ length: Math.ceil(text.length / size) }, (_, i) => i * size));
    const { out, pieces } = stream(BOTH, chunks);
    expect(out).toBe(text.replace(key, '[REDACTED:OPENAI_API_KEY]').replace('dev@example.org', '[REDACTED:EMAIL]'));
    for (const p of pieces) expect(p.includes('sk-') && !p.includes('[REDACTED')).toBe(false);
    expect(out).not.toContain(key.slice(0, 12));
  });

  it('forwards prose at once: a word is held only while it could still open a secret', () => {
    const { pieces, out } = stream(SECRETS, ['Hello', ' from', ' the', ' Iron', ' Cage', ' emulator,', ' ask', ' me']);
    // "the" could still become an Azure secret ("the8Q~…") until the next chunk shows it cannot.
    expect(pieces).toEqual(['Hello', ' from', ' ', 'the Iron', ' Cage', ' emulator,', ' ', 'ask ']);
    expect(out).toBe('Hello from the Iron Cage emulator, ask me');
  });

  it('holds only the trailing candidate: the text before a possible token goes out', () => {
    const r = createStreamRedactor(SECRETS);
    expect(r.push('The key is gh')).toBe('The key is ');
    expect(r.held).toBe(2);
    expect(r.push('p_')).toBe('');
    expect(r.push(' no, never mind')).toBe('ghp_ no, never mind');
  });

  it('holds a finding that an overlapping, undecided one hides: a phone number that might be part of an IPv6 address', () => {
    const { pieces, out } = stream(BOTH, ['call +44 20 7946 0958:', ':', 'Hello', ' there']);
    expect(pieces.slice(0, 3).join('')).toBe('call ');
    expect(out).toBe('call [REDACTED:PHONE]::Hello there');
  });

  it('uses text already emitted as context for the value that follows', () => {
    const r = createStreamRedactor(SECRETS);
    let out = '';
    for (const piece of ['export DB_PASSWORD=', 'Tr0ub4dor#3xQ', ' and the rest of a long sentence here.']) out += r.push(piece);
    out += r.flush();
    expect(out).toBe('export DB_PASSWORD=[REDACTED:PASSWORD] and the rest of a long sentence here.');
  });

  it('releases the text after a complete private-key block without waiting for the stream to end', () => {
    const pem = fakePem();
    const r = createStreamRedactor(SECRETS);
    let out = '';
    const after = '\nKeep it safe. And more text follows here, enough of it to pass the END line.';
    for (const c of splitAt(`key:\n${pem}${after}`, [10, 40, 80, 150, 200, 240, 260, 280, 300])) out += r.push(c);
    expect(out).toContain('[REDACTED:PRIVATE_KEY]');
    expect(out).toContain('Keep it safe.');
    expect(out + r.flush()).toBe(`key:\n[REDACTED:PRIVATE_KEY]${after}`);
  });

  it('emits everything on flush and can be reused', () => {
    const r = createStreamRedactor(BOTH);
    expect(r.push('short text')).toBe('short ');
    expect(r.flush()).toBe('text');
    expect(r.push('again ')).toBe('');
    expect(r.flush()).toBe('again ');
  });

  describe('properties', () => {
    it('for any text and any split, the stream equals redacting the whole text (secrets and PII)', () => {
      fc.assert(fc.property(streamText, cuts, (t, at) => stream(BOTH, splitAt(t, at)).out === whole(BOTH, t)), { numRuns: 300 });
    });

    it('for any text and any split, the stream equals redacting the whole text (secrets only, the default)', () => {
      fc.assert(fc.property(streamText, cuts, (t, at) => stream(SECRETS, splitAt(t, at)).out === whole(SECRETS, t)), { numRuns: 300 });
    });

    it('stays equal to whole-text redaction far into a long stream (context trimmed behind it)', () => {
      const lead = 'An ordinary paragraph of prose, with a number 42 and a colon: here. '.repeat(45);
      const sizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 });
      fc.assert(
        fc.property(streamText, streamText, sizes, (a, b, steps) => {
          const t = `${lead}${a}\n${lead}${b}`;
          const chunks: string[] = [];
          for (let i = 0, k = 0; i < t.length; k++) {
            const size = steps[k % steps.length] ?? 1;
            chunks.push(t.slice(i, i + size));
            i += size;
          }
          return stream(BOTH, chunks).out === whole(BOTH, t);
        }),
        { numRuns: 25 },
      );
    });

    it('holds nothing of prose that cannot become a secret once a chunk ends a word', () => {
      fc.assert(
        fc.property(plainProse, cuts, (t, at) => {
          const chunks = splitAt(t, at);
          const { held } = stream(SECRETS, chunks);
          let sofar = '';
          return chunks.every((c, i) => {
            sofar += c;
            return !/[ ,.]$/.test(sofar) || held[i] === 0;
          });
        }),
        { numRuns: 200 },
      );
    });

    it('holds a single run that could still grow (plus the characters that decide its end), never more', () => {
      fc.assert(
        fc.property(streamText, cuts, (t, at) => {
          const chunks = splitAt(t, at);
          const { held } = stream(SECRETS, chunks);
          let sofar = '';
          return chunks.every((c, i) => {
            sofar += c;
            // Only a private-key block or a service-account marker may hold whitespace inside.
            const run = sofar.slice(sofar.length - (held[i] ?? 0), -2);
            return /-----|"type"/.test(sofar) || !/\s/.test(run);
          });
        }),
        { numRuns: 200 },
      );
    });
  });
});
