import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl } from './base-url.ts';

describe('normalizeBaseUrl refuses cloud-metadata addresses in every spelling', () => {
  it.each([
    'http://169.254.169.254/',
    'http://[::ffff:169.254.169.254]/',
    'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
    'http://[::169.254.169.254]/',
    'http://[::ffff:0:169.254.169.254]/',
    'http://[64:ff9b::169.254.169.254]/',
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://2852039166/',
    'http://metadata.google.internal./',
    'http://METADATA.google.internal../computeMetadata',
    'http://[::ffff:100.100.100.200]/',
  ])('%s', (url) => {
    expect(() => normalizeBaseUrl(url)).toThrow(/link-local or cloud-metadata/);
  });

  it('still accepts ordinary hosts and loopback IPv6', () => {
    expect(normalizeBaseUrl('http://[::1]:11434')).toBe('http://[::1]:11434/v1');
    expect(normalizeBaseUrl('https://api.example.com./v1')).toBe('https://api.example.com./v1');
  });
});
