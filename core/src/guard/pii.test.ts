import { describe, expect, it } from 'vitest';
import { scanPii } from './pii/scan-pii.ts';

const found = (text: string): Array<[string, string]> => scanPii(text).map((f) => [f.type, text.slice(f.start, f.end)]);

describe('scanPii', () => {
  it('finds e-mail addresses, including punycode domains', () => {
    expect(found('mail ana.lopez+news@example.co.uk or bob@xn--80ak6aa92e.com.')).toEqual([
      ['EMAIL', 'ana.lopez+news@example.co.uk'],
      ['EMAIL', 'bob@xn--80ak6aa92e.com'],
    ]);
    expect(found('not an address: user@localhost, @handle, a@b')).toEqual([]);
  });

  it('finds international and national phone numbers validated by libphonenumber', () => {
    expect(found('Call +44 20 7946 0958 or (212) 555-2368 today')).toEqual([
      ['PHONE', '+44 20 7946 0958'],
      ['PHONE', '(212) 555-2368'],
    ]);
    expect(found('build 20240115 took 12 s; +1 000 000 0000 is not a number')).toEqual([]);
  });

  it('finds payment cards that pass Luhn, and only those', () => {
    expect(found('card 4111 1111 1111 1111 exp 12/29')).toEqual([['CREDIT_CARD', '4111 1111 1111 1111']]);
    expect(found('card 4111 1111 1111 1112')).not.toContainEqual(['CREDIT_CARD', '4111 1111 1111 1112']);
  });

  it('finds IBANs that pass mod-97, grouped or compact', () => {
    expect(found('IBAN GB82 WEST 1234 5698 7654 32 please')).toEqual([['IBAN', 'GB82 WEST 1234 5698 7654 32']]);
    expect(found('DE89370400440532013000')).toEqual([['IBAN', 'DE89370400440532013000']]);
    expect(found('GB83 WEST 1234 5698 7654 32')).toEqual([]);
  });

  it('finds US SSNs, scoring bare nine-digit runs low unless an SSN cue precedes them', () => {
    const [formatted] = scanPii('SSN 536-22-8410');
    expect(formatted?.type).toBe('US_SSN');
    expect(formatted?.score).toBeGreaterThan(0.8);
    const bare = scanPii('ref 536228410').find((f) => f.type === 'US_SSN');
    expect(bare?.score).toBeLessThan(0.5);
    expect(found('666-12-3456 and 536-00-8410')).toEqual([]);
  });

  it('finds IPv4 and IPv6 addresses with CIDR suffixes, not versions or times', () => {
    expect(found('hosts 10.0.0.0/8, 192.168.1.20 and 2001:db8::8a2e:370:7334 or [fe80::1]')).toEqual([
      ['IP_ADDRESS', '10.0.0.0/8'],
      ['IP_ADDRESS', '192.168.1.20'],
      ['IP_ADDRESS', '2001:db8::8a2e:370:7334'],
      ['IP_ADDRESS', 'fe80::1'],
    ]);
    expect(found('version 1.2.3, at 12:34:56, 999.1.1.1, std::vector')).toEqual([]);
  });

  it('finds checksum-valid national IDs and rejects a wrong check digit', () => {
    expect(found('NHS number 943 476 5919')).toEqual([['UK_NHS', '943 476 5919']]);
    expect(found('DNI 12345678Z')).toEqual([['ES_NIF', '12345678Z']]);
    expect(found('DNI 12345678A')).toEqual([]);
    expect(found('HETU 131052-308T')).toEqual([['FI_PERSONAL_IDENTITY_CODE', '131052-308T']]);
  });

  it('limits the work to the kinds asked for', () => {
    expect(scanPii('a@example.com 4111111111111111', { kinds: ['EMAIL'] }).map((f) => f.type)).toEqual(['EMAIL']);
  });
});
