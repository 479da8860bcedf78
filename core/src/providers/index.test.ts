import { describe, expect, it } from 'vitest';
import { CHAT_STREAM_WITH_USAGE } from './__fixtures__/openai-chat.ts';
import { MESSAGE_WITH_CACHE, MESSAGES_STREAM } from './__fixtures__/anthropic-messages.ts';
import { expectAppError } from './__fixtures__/errors.ts';
import { feed } from './__fixtures__/sse.ts';
import {
  API_FAMILIES,
  createStreamMeter,
  endpointKindForPath,
  extractUsage,
  familyOf,
  inspectRequest,
  prepareRequest,
} from './index.ts';
import type { EndpointKind } from './index.ts';

const ALL_KINDS: EndpointKind[] = ['chat', 'responses', 'embeddings', 'messages'];

describe('provider registry', () => {
  it('maps every endpoint to exactly one family that claims it', () => {
    for (const kind of ALL_KINDS) expect(API_FAMILIES[familyOf(kind)].kinds).toContain(kind);
    expect(Object.values(API_FAMILIES).flatMap((f) => f.kinds).sort()).toEqual([...ALL_KINDS].sort());
  });

  it('knows the upstream paths and how the key is sent', () => {
    expect(API_FAMILIES.openai.defaultBaseUrl + API_FAMILIES.openai.path('chat')).toBe('https://api.openai.com/v1/chat/completions');
    expect(API_FAMILIES.openai.path('responses')).toBe('/responses');
    expect(API_FAMILIES.openai.path('embeddings')).toBe('/embeddings');
    expect(API_FAMILIES.anthropic.defaultBaseUrl + API_FAMILIES.anthropic.path('messages')).toBe('https://api.anthropic.com/v1/messages');
    expect(API_FAMILIES.openai.authHeaders('sk-test')).toEqual({ authorization: 'Bearer sk-test' });
    expect(API_FAMILIES.anthropic.authHeaders('sk-ant-test')).toEqual({ 'x-api-key': 'sk-ant-test' });
  });

  it('recognises the gateway paths it meters', () => {
    expect(endpointKindForPath('/v1/chat/completions')).toBe('chat');
    expect(endpointKindForPath('/v1/responses/')).toBe('responses');
    expect(endpointKindForPath('/v1/embeddings')).toBe('embeddings');
    expect(endpointKindForPath('/v1/messages')).toBe('messages');
    expect(endpointKindForPath('/v1/models')).toBeUndefined();
    expect(endpointKindForPath('/v1/constructor')).toBeUndefined();
  });

  it('refuses an endpoint handed to the wrong family', () => {
    expectAppError(() => API_FAMILIES.anthropic.inspectRequest('chat', { model: 'x' }), 'INTERNAL');
    expectAppError(() => API_FAMILIES.openai.createStreamMeter('messages'), 'INTERNAL');
  });
});

describe('dispatch', () => {
  it('routes each call to the right family', () => {
    expect(inspectRequest('messages', { model: 'claude-3-5-haiku-latest', max_tokens: 8, messages: [] }).maxOutputTokens).toBe(8);
    expect(prepareRequest('chat', { model: 'gpt-4o', stream: true, messages: [] }, { providerType: 'openai', defaultMaxOutputTokens: 100 })).toMatchObject({
      changed: true,
      injectedUsageOption: true,
      outputCap: 100,
    });
    expect(extractUsage('messages', MESSAGE_WITH_CACHE)).toMatchObject({ cacheWriteTokens: 2048 });
    expect(feed(createStreamMeter('chat'), CHAT_STREAM_WITH_USAGE).usage()).toMatchObject({ cacheReadTokens: 1024 });
    expect(feed(createStreamMeter('messages'), MESSAGES_STREAM).usage()).toMatchObject({ outputTokens: 87 });
  });

  it.each(ALL_KINDS)('refuses a body that is not an object for %s', (kind) => {
    expectAppError(() => inspectRequest(kind, 'not json'), 'INVALID_REQUEST');
    expectAppError(() => inspectRequest(kind, { messages: [] }), 'INVALID_REQUEST');
  });
});
