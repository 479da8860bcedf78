import { describe, expect, it } from 'vitest';
import { expectAppError } from '../__fixtures__/errors.ts';
import { createEmbeddingsStreamMeter, embeddingsUsage, inspectEmbeddings, prepareEmbeddings } from './embeddings.ts';

const RESPONSE = {
  object: 'list',
  data: [{ object: 'embedding', index: 0, embedding: [0.0176, -0.0457] }],
  model: 'text-embedding-3-small',
  usage: { prompt_tokens: 7, total_tokens: 7 },
};

describe('embeddings', () => {
  it('inspects input text and never streams', () => {
    expect(inspectEmbeddings({ model: 'text-embedding-3-small', input: ['How do I', 'reset it?'], encoding_format: 'float' })).toEqual({
      model: 'text-embedding-3-small',
      stream: false,
      maxOutputTokens: undefined,
      inputChars: 'How do I'.length + 'reset it?'.length,
    });
  });

  it('refuses a missing input, a stream, or a missing model', () => {
    expectAppError(() => inspectEmbeddings({ model: 'text-embedding-3-small' }), 'INVALID_REQUEST');
    expectAppError(() => inspectEmbeddings({ model: 'text-embedding-3-small', input: 'x', stream: true }), 'INVALID_REQUEST');
    expectAppError(() => inspectEmbeddings({ input: 'x' }), 'INVALID_REQUEST');
  });

  it('forwards the body unchanged with no output', () => {
    const body = { model: 'text-embedding-3-small', input: 'x' };
    expect(prepareEmbeddings(body)).toEqual({ body, changed: false, injectedUsageOption: false, outputCap: 0 });
    expect(prepareEmbeddings(body).body).toBe(body);
  });

  it('reads prompt tokens as uncached input', () => {
    expect(embeddingsUsage(RESPONSE)).toEqual({ inputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 });
    expect(embeddingsUsage({ data: [] })).toBeUndefined();
  });

  it('has an inert stream meter', () => {
    const meter = createEmbeddingsStreamMeter();
    meter.push(undefined, '{"usage":{"prompt_tokens":1}}');
    expect(meter.usage()).toBeUndefined();
    expect(meter.outputChars()).toBe(0);
  });
});
