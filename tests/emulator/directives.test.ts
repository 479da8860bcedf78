import { describe, expect, it } from 'vitest';
import { planCompletion } from '../../server/src/emulator/completion.ts';
import { emulatedInputTokens, parseDirectives } from '../../server/src/emulator/index.ts';
import { outputPieces } from '../../server/src/emulator/tokens.ts';

describe('parseDirectives', () => {
  it('reads every directive, flags included', () => {
    expect(
      parseDirectives(
        'hi #emu:status=429 #emu:output-tokens=7 #emu:cached=2 #emu:cache-write=3 #emu:reasoning=1 #emu:chunks=2 ' +
          '#emu:chunk-delay-ms=5 #emu:first-byte-delay-ms=6 #emu:drop-after=4 #emu:end-after=8 #emu:no-usage #emu:hang',
      ),
    ).toEqual({
      status: 429,
      outputTokens: 7,
      cached: 2,
      cacheWrite: 3,
      reasoning: 1,
      chunks: 2,
      chunkDelayMs: 5,
      firstByteDelayMs: 6,
      dropAfter: 4,
      endAfter: 8,
      noUsage: true,
      hang: true,
    });
  });

  it('ignores unknown names, out-of-range values and prototype keys', () => {
    expect(parseDirectives('#emu:status=200 #emu:status=600 #emu:chunks=0 #emu:constructor=1 #emu:bogus')).toEqual({
      noUsage: false,
      hang: false,
    });
    expect(parseDirectives('no directives here')).toEqual({ noUsage: false, hang: false });
  });
});

describe('token arithmetic', () => {
  it('is ceil(characters / 4)', () => {
    expect(emulatedInputTokens('')).toBe(0);
    expect(emulatedInputTokens('abcd')).toBe(1);
    expect(emulatedInputTokens('abcde')).toBe(2);
  });

  it('splits output into even pieces that join back to the text', () => {
    expect(outputPieces(5, 2)).toEqual(['Hello from', ' the Iron Cage']);
    expect(outputPieces(2, 10)).toEqual(['Hello', ' from']);
    expect(outputPieces(0, 3)).toEqual([]);
  });

  it('clamps cache and reasoning into the counts they belong to', () => {
    const c = planCompletion(8, 4, parseDirectives('#emu:cached=5 #emu:cache-write=9 #emu:reasoning=9'), 12);
    expect(c).toMatchObject({ inputTokens: 2, cachedTokens: 2, cacheWriteTokens: 0, outputTokens: 4, reasoningTokens: 4 });
    expect(c).toMatchObject({ text: '', truncated: true });
  });
});
