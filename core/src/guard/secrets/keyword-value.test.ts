import { describe, expect, it } from 'vitest';
import { fakeChars } from '../testing/fake-values.ts';
import { scanKeywordValues } from './keyword-value.ts';

const r = fakeChars(23);
const values = (text: string): string[] => scanKeywordValues(text).map((f) => text.slice(f.start, f.end));

describe('scanKeywordValues: the long tail of vendor keys, found by the name in front of them', () => {
  const key = r(32);
  it.each([
    [`tomtom_key=${key}`],
    [`languagelayer SECRET ${key}`],
    [`prodpadSECRET ${key}`],
    [`"box-token": '${key}'`],
    [`ipinfo private token ${key}`],
    [`export AUTOPILOT_ACCESS=${key}`],
  ])('finds the value in %s', (text) => {
    expect(values(text)).toEqual([key]);
  });

  it.each([
    'X-MS-Exchange-Organization-AuthSource: sm02915.int.contoso.com',
    'pub const X509_pubkey_st = struct_X509_pubkey_st;',
    'monkeys-audio:mx64-uwp=fail',
    "schemaKey = 'DOC_Vector_5_32'",
    'const keyStr = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"',
    'api_key = YOUR_API_KEY_1234',
    'token = ${GITHUB_TOKEN}',
    'the access token expires after 3600 seconds',
    'public_key = 0x04a1b2c3d4e5f60718293a4b5c6d7e8f',
    'password reset link sent on 2024-05-01T10:00:00',
  ])('leaves %s alone', (text) => {
    expect(values(text)).toEqual([]);
  });

  it('never reports more than 256 characters of key characters', () => {
    const text = `secret_key=${r(400)}`;
    expect(values(text)).toEqual([]);
    for (const f of scanKeywordValues(`secret_key=${r(256)} and api_token=${r(40)}`)) expect(f.end - f.start).toBeLessThanOrEqual(256);
  });
});
