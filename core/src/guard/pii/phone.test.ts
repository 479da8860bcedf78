import { describe, expect, it } from 'vitest';
import { MAX_PHONE_CHARS } from './phone.ts';
import { scanPii } from './scan-pii.ts';

const phones = (text: string): string[] => scanPii(text).filter((f) => f.type === 'PHONE').map((f) => text.slice(f.start, f.end));

describe('phones: what is not a phone number', () => {
  it.each([
    'Logged at 2024-03-15 14:32:07.123 UTC',
    '2014-04-12 04:04 PM',
    '20120102 08:00',
    'Unix time 1700000000 and 1710513127123 ms',
    'It costs $1,299.99 or EUR 1.299,00',
    'Release 10.15.7 and 2.4.1-beta',
    'Meet at 1600 Pennsylvania Avenue NW, Washington, DC 20500',
    'Research Assistant\n2014 - 2019\nSaarland University',
    'apoapsis 373513000.0 km',
    'at 14:30-15:45 on 12.03.2024',
    'call 112 or 911 in an emergency',
    'Order number 2345678 shipped',
  ])('%j holds no phone', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('phones: formats that must be caught', () => {
  it.each([
    ['Call +1 (415) 555-0132 ext. 204 today', '+1 (415) 555-0132 ext. 204'],
    ['Phone: 020 7946 0958 x123', '020 7946 0958 x123'],
    ['+44 20 7946 0958;ext=12', '+44 20 7946 0958;ext=12'],
    ['Mon numéro: 01.23.45.67.89', '01.23.45.67.89'],
    ['Ruf an: +33.1.23.45.67.89', '+33.1.23.45.67.89'],
    ['call 555-0132 after six', '555-0132'],
    ['Tel. 234 5678', '234 5678'],
    ['WHOIS Phone: +1.2086851750', '+1.2086851750'],
  ])('%j yields %j', (text, expected) => {
    expect(phones(text)).toEqual([expected]);
  });

  it('never yields a finding longer than its bound', () => {
    const text = `tel ${'12 '.repeat(40)} ext. 123456`;
    for (const f of scanPii(text)) expect(f.end - f.start).toBeLessThanOrEqual(MAX_PHONE_CHARS);
  });
});
