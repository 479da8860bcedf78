import { describe, expect, it } from 'vitest';
import { formatUsd, usdToMicros } from './money.ts';
import { normalizeBaseUrl } from './base-url.ts';
import { isAppError } from './errors.ts';

describe('money', () => {
  it('converts USD to integer micro-USD without float noise', () => {
    expect(usdToMicros(0.1 + 0.2)).toBe(300_000);
    expect(usdToMicros(12.5)).toBe(12_500_000);
    expect(usdToMicros(0.000001)).toBe(1);
    expect(() => usdToMicros(-1)).toThrow(RangeError);
    expect(() => usdToMicros(Number.NaN)).toThrow(RangeError);
  });

  it('formats micro-USD for people', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(12_500_000)).toBe('$12.50');
    expect(formatUsd(1)).toBe('$0.000001');
    expect(formatUsd(1_234_560)).toBe('$1.23456');
  });
});

describe('provider base URLs', () => {
  it('normalises, adding /v1 to a bare host', () => {
    expect(normalizeBaseUrl('http://localhost:11434')).toBe('http://localhost:11434/v1');
    expect(normalizeBaseUrl('https://openrouter.ai/api/v1/')).toBe('https://openrouter.ai/api/v1');
    expect(normalizeBaseUrl('https://generativelanguage.googleapis.com/v1beta/openai')).toBe('https://generativelanguage.googleapis.com/v1beta/openai');
  });

  it.each([
    ['file:///etc/passwd', /http or https/],
    ['http://169.254.169.254/latest', /metadata/],
    ['http://metadata.google.internal/v1', /metadata/],
    ['http://[fd00:ec2::254]/v1', /metadata/],
    ['https://user:pw@example.com/v1', /credentials/],
    ['https://example.com/v1?key=1', /query/],
    ['not a url', /not a valid URL/],
  ])('refuses %s', (url, message) => {
    let err: unknown;
    try {
      normalizeBaseUrl(url);
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as Error).message).toMatch(message);
  });
});
