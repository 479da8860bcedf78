import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding, FindingCategory } from './finding.ts';
import { scanText } from './scan.ts';
import { PROVIDER_RULES } from './secrets/provider-rules.ts';
import { OWN_SHAPE_TRIGGERS } from './secrets/stream-profile.ts';
import { STREAM_PROFILES } from './stream-profiles.ts';
import { undecidedFrom } from './stream-shape.ts';
import { fakeJwt, fakePem, fakeSecrets } from './testing/fake-values.ts';
import { unexplained } from './testing/shape-check.ts';
import { streamText } from './testing/stream-text.ts';

const FAMILIES = ['secret', 'pii'] as const;
const detectOf = (category: FindingCategory) => (t: string): Finding[] => scanText(t, { categories: [category] });

/** Every finding of the real detectors in `text` that its family's stream profile does not explain. */
function misfits(text: string): string[] {
  const out: string[] = [];
  for (const family of FAMILIES) {
    const detect = detectOf(family);
    for (const f of detect(text)) {
      const reasons = unexplained(text, f, STREAM_PROFILES[family], detect);
      if (reasons.length > 0) out.push(`${f.type} ${JSON.stringify(text.slice(f.start, f.end))}: ${reasons.join('; ')}`);
    }
  }
  return out;
}

describe('stream profiles of the real detectors', () => {
  it('explain every fake secret and identifier, alone and inside prose', () => {
    const values = [...fakeSecrets().map(([, v]) => v), fakeJwt(), fakePem(), 'password=Tr0ub4dor#3xQ', 'postgres://app:s3cr3tP4ss9@db',
      'curl -u admin:S3cr3tPa55w0rd https://x.test', 'Authorization: Bearer Zk8s9dQ2mX7pL4vR1tY6', 'mail dev@example.org', '+44 20 7946 0958',
      '(415) 555-0132', '4111 1111 1111 1111', 'SSN 536-22-1234', 'DE89 3704 0044 0532 0130 00', '192.168.10.42', '2001:db8::8a2e:370:7334', 'X1234567L'];
    let found = 0;
    for (const v of values) {
      for (const text of [v, `see ${v}, then`, `"${v}"\n`]) {
        expect(misfits(text)).toEqual([]);
        found += FAMILIES.reduce((n, c) => n + detectOf(c)(text).length, 0);
      }
    }
    expect(found).toBeGreaterThan(values.length * 3 - 3);
  });

  it('explain every finding in generated texts', () => {
    fc.assert(fc.property(streamText, (t) => misfits(t).length === 0), { numRuns: 3000 });
  });

  it('know every provider trigger: a new rule is an anchor, or is listed with its own shape', () => {
    for (const rule of PROVIDER_RULES) {
      for (const t of rule.triggers) {
        // A token opened by its trigger is held from the trigger's first character on.
        const held = OWN_SHAPE_TRIGGERS.has(t) || undecidedFrom(`x ${t}`, 0, [STREAM_PROFILES.secret]) <= 2;
        expect(held, `trigger ${t} of ${rule.type}`).toBe(true);
      }
    }
  });

  it('hold a split secret from its first character, and let go of the prose before it', () => {
    for (const [type, v] of fakeSecrets()) {
      for (let k = 1; k < v.length; k++) {
        const text = `Here it is: ${v.slice(0, k)}`;
        expect(undecidedFrom(text, 0, [STREAM_PROFILES.secret]), `${type} cut at ${k}`).toBeLessThanOrEqual(12);
      }
    }
  });
});
