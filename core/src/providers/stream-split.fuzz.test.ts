import { createParser } from 'eventsource-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EndpointKind } from './index.ts';
import { createStreamMeter } from './index.ts';
import { MESSAGES_STREAM, MESSAGES_STREAM_CUT_SHORT, MESSAGES_STREAM_REPEATED_USAGE } from './__fixtures__/anthropic-messages.ts';
import { CHAT_STREAM_WITH_USAGE, CHAT_STREAM_WITHOUT_USAGE, DEEPSEEK_STREAM, GROQ_STREAM, OPENROUTER_STREAM } from './__fixtures__/openai-chat.ts';
import { RESPONSES_STREAM, RESPONSES_STREAM_DATA_ONLY, RESPONSES_STREAM_INCOMPLETE } from './__fixtures__/openai-responses.ts';

const STREAMS: [EndpointKind, string][] = [
  ['chat', CHAT_STREAM_WITH_USAGE],
  ['chat', CHAT_STREAM_WITHOUT_USAGE],
  ['chat', OPENROUTER_STREAM],
  ['chat', DEEPSEEK_STREAM],
  ['chat', GROQ_STREAM],
  ['messages', MESSAGES_STREAM],
  ['messages', MESSAGES_STREAM_REPEATED_USAGE],
  ['messages', MESSAGES_STREAM_CUT_SHORT],
  ['responses', RESPONSES_STREAM],
  ['responses', RESPONSES_STREAM_DATA_ONLY],
  ['responses', RESPONSES_STREAM_INCOMPLETE],
];

/** Feeds a stream's bytes cut at the given points (even inside a multi-byte character) and meters it. */
function meter(kind: EndpointKind, text: string, cuts: number[]) {
  const m = createStreamMeter(kind);
  const parser = createParser({ onEvent: (ev) => m.push(ev.event, ev.data) });
  const bytes = Buffer.from(`${text}\n\n`, 'utf8');
  const decoder = new TextDecoder();
  let last = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b).concat(bytes.length)) {
    parser.feed(decoder.decode(bytes.subarray(last, cut), { stream: true }));
    last = cut;
  }
  return { usage: m.usage(), partial: m.partialUsage(), chars: m.outputChars() };
}

describe('usage parsers under random splits of a stream', () => {
  it('meter the same usage and text however the bytes arrive', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STREAMS), fc.array(fc.nat(20_000), { maxLength: 40 }), ([kind, text], cuts) => {
        expect(meter(kind, text, cuts)).toEqual(meter(kind, text, []));
      }),
      { numRuns: 300 },
    );
  });

  it('never throw on hostile event data (random JSON, huge numbers, __proto__ keys)', () => {
    const hostile = fc.oneof(
      fc.json(),
      fc.constant('{"usage":{"prompt_tokens":1e400,"completion_tokens":-1}}'),
      fc.constant('{"__proto__":{"usage":{"input_tokens":5}},"constructor":{"prototype":{"x":1}}}'),
      fc.constant('{"type":"message_delta","usage":{"output_tokens":"NaN"}}'),
      fc.constant(`${'['.repeat(5_000)}${']'.repeat(5_000)}`),
    );
    fc.assert(
      fc.property(fc.constantFrom<EndpointKind>('chat', 'messages', 'responses'), fc.array(fc.tuple(fc.option(fc.string(), { nil: undefined }), hostile), { maxLength: 8 }), (kind, events) => {
        const m = createStreamMeter(kind);
        for (const [name, data] of events) m.push(name, data);
        const u = m.usage();
        if (u) for (const v of Object.values(u)) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        expect(Number.isFinite(m.outputChars())).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
