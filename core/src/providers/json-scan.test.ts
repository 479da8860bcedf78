import { describe, expect, it } from 'vitest';
import { JsonTextScanner } from './json-scan.ts';

const lengthOf = (json: string, ...keys: string[]): number => new JsonTextScanner(keys).textLength(json);

describe('JsonTextScanner.textLength', () => {
  it('sums decoded lengths like String.length, across every occurrence of the keys', () => {
    const value = { a: { content: 'Hé "x"\n\\' }, b: [{ content: '😀' }, { content: 'ok', refusal: 'no' }] };
    expect(lengthOf(JSON.stringify(value), 'content')).toBe('Hé "x"\n\\'.length + '😀'.length + 2);
    expect(lengthOf(JSON.stringify(value), 'content', 'refusal')).toBe('Hé "x"\n\\'.length + '😀'.length + 4);
  });

  it('decodes \\u escapes, including surrogate pairs, as code units', () => {
    expect(lengthOf(String.raw`{"text":"\u00e9\ud83d\ude00"}`, 'text')).toBe('é😀'.length);
  });

  it('tolerates spaces around the colon and ignores non-string values', () => {
    expect(lengthOf('{"content" :  "abc", "x": {"content": null}, "y": {"content": [1]}}', 'content')).toBe(3);
  });

  it('never mistakes a key written inside a string for a real key', () => {
    const json = JSON.stringify({ content: 'say "content":"trap" now', other: '"content":"no"', list: ['"content":"x"'] });
    expect(lengthOf(json, 'content')).toBe('say "content":"trap" now'.length);
  });

  it('does not match keys that merely contain the key', () => {
    expect(lengthOf('{"reasoning_content":"abcd","content":"x","contents":"yy"}', 'content')).toBe(1);
  });

  it('counts what is there in a truncated text', () => {
    expect(lengthOf('{"text":"abc', 'text')).toBe(3);
  });
});

describe('JsonTextScanner.sawObject', () => {
  it('tells an object value from null or a string, in the same pass', () => {
    const scanner = new JsonTextScanner(['content'], 'usage');
    const seen = (json: string): boolean => {
      scanner.textLength(json);
      return scanner.sawObject();
    };
    expect(seen('{"usage":{"a":1}}')).toBe(true);
    expect(seen('{"usage": {"a":1}}')).toBe(true);
    expect(seen('{"usage":null}')).toBe(false);
    expect(seen(JSON.stringify({ content: '"usage":{"x":1}' }))).toBe(false);
    expect(seen('{"x_groq":{"usage":{"prompt_tokens":1}}}')).toBe(true);
  });
});
