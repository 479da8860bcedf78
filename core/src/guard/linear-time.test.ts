import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInjectionModel } from './injection/model.ts';
import { scanText } from './scan.ts';

/**
 * Adversarial inputs must cost time linear in their length. Each case is scanned at n and 4n characters; a
 * linear scan takes about 4x as long, a quadratic one about 16x. The bound (10x) is generous and the ratio is
 * the best of three attempts, so a busy machine does not make the test flaky (a quadratic scan fails all three);
 * it compares ratios, never absolute milliseconds.
 */
const model = parseInjectionModel(JSON.parse(readFileSync('resources/guard/injection-model.json', 'utf8')));
const scan = (t: string): unknown => scanText(t, { injection: { model } });
const N = 150_000;

function fastest(text: string, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    scan(text);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function ratio(unit: string): number {
  const small = unit.repeat(Math.ceil(N / unit.length));
  const large = unit.repeat(Math.ceil((4 * N) / unit.length));
  scan(small);
  scan(large);
  // Guard against timer resolution on very fast cases.
  return Math.max(fastest(large), 1) / Math.max(fastest(small), 0.25);
}

describe('linear time on adversarial input', () => {
  it.each([
    'a', '0', ' ', '-', '=', 'A', '~', ':', '.', '@',
    'sk-', 'AKIA', 'xoxb-1-', 'ghp_', 'eyJ', 'Q~', 'AIza',
    'password=', 'token: ', 'curl -u a:', '-----BEGIN PRIVATE KEY-----', 'a://b:c', 'x@y.',
    '1 ', '1-', '1.', '12:', '::', '4111 ', 'DE89 ', 'X1234567',
    'ignore ', 'ignore all previous ', 'you are now ', 'system ',
    'key ', 'api_key=a1', 'secret a1b2 ', 'token, ', '$1$', '$2y$10$', '$krb5asrep$23$', 'ext. 1 ', 'call 555 ', '+1.',
    '[system]', 'forget about the ', 'vergiss alle ', '忽略', 'new task: ',
  ])('repeated %j', (unit) => {
    let best = ratio(unit);
    for (let attempt = 0; attempt < 2 && best >= 10; attempt++) best = Math.min(best, ratio(unit));
    expect(best).toBeLessThan(10);
  });

  it('scans 1 MB of one repeated character in well under a second', () => {
    const t0 = performance.now();
    scan('a'.repeat(1 << 20));
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
