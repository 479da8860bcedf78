import { describe, expect, it } from 'vitest';
import { CHARS_PER_TOKEN_ID, embeddingInputChars, jsonChars, textChars } from './request-text.ts';

describe('textChars', () => {
  it('counts message text, content parts and tool-call arguments', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'What is in' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'look', arguments: '{"q":1}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
    ];
    expect(textChars(messages)).toBe('Be brief.'.length + 'What is in'.length + 'look'.length + '{"q":1}'.length + 'a cat'.length);
  });

  it('skips base64 sources and data URLs but counts Anthropic tool_use input as JSON', () => {
    const messages = [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo'.repeat(1000) } },
          { type: 'text', text: 'Describe', cache_control: { type: 'ephemeral' } },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] }] },
    ];
    expect(textChars(messages)).toBe('Describe'.length + 'f'.length + '{"city":"Paris"}'.length + 'sunny'.length);
    expect(textChars('data:image/png;base64,AAAA')).toBe(0);
  });

  it('counts nothing for absent values', () => {
    expect(textChars(undefined)).toBe(0);
    expect(textChars(null)).toBe(0);
    expect(jsonChars(undefined)).toBe(0);
  });
});

describe('embeddingInputChars', () => {
  it('counts strings, string arrays and token ids', () => {
    expect(embeddingInputChars('hello')).toBe(5);
    expect(embeddingInputChars(['ab', 'cde'])).toBe(5);
    expect(embeddingInputChars([1, 2, 3])).toBe(3 * CHARS_PER_TOKEN_ID);
    expect(embeddingInputChars([[1, 2], [3]])).toBe(3 * CHARS_PER_TOKEN_ID);
  });
});
