import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInjectionModel } from './injection/model.ts';
import { scanText } from './scan.ts';

/**
 * Adversarial inputs must cost work linear in their length: no detector may hold a super-linear regex. Each case
 * is scanned at n and 8n characters; a linear scan does about 8x the work, a quadratic one about 64x. The work is
 * measured as this process's CPU time (`process.cpuUsage`), not wall-clock time: time spent waiting for a core on
 * a loaded machine is not counted, so other processes cannot inflate one side of the ratio. The bound (32x) leaves
 * a factor of four for cache, JIT and GC noise and still fails a quadratic scan by a factor of two; both sides are
 * warmed, then each is the median of several runs. How fast a scan is (10 KB in ≤ 0.5 ms median) is measured by
 * `npm run eval:guard`, never asserted here.
 */
const model = parseInjectionModel(JSON.parse(readFileSync('resources/guard/injection-model.json', 'utf8')));
const scan = (t: string): unknown => scanText(t, { injection: { model } });
const N = 60_000;
const GROWTH = 8;
const BOUND = 32;

/** CPU microseconds (user + system) of this process spent in `fn`. */
function cpuMicros(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return d.user + d.system;
}

/** The median CPU cost of scanning `text` over `runs` runs (the least would favour a lucky run of the small side). */
function medianCpu(text: string, runs = 5): number {
  const costs = Array.from({ length: runs }, () => cpuMicros(() => scan(text))).sort((a, b) => a - b);
  return costs[Math.floor(runs / 2)]!;
}

/** CPU cost of scanning `unit` repeated to GROWTH·N characters over its cost at N characters. */
function growth(unit: string, n = N): number {
  const small = unit.repeat(Math.ceil(n / unit.length));
  const large = unit.repeat(Math.ceil((GROWTH * n) / unit.length));
  // Both sides warmed first, so the JIT's first compilations are not counted on either.
  scan(small);
  scan(large);
  // The small side is floored at 2 ms of CPU so that clock granularity cannot make the ratio large.
  return medianCpu(large, 3) / Math.max(medianCpu(small, 5), 2_000);
}

describe('linear time on adversarial input', () => {
  it.each([
    'a', '0', ' ', '-', '=', 'A', '~', ':', '.', '@',
    'sk-', 'AKIA', 'xoxb-1-', 'ghp_', 'eyJ', 'Q~', 'AIza',
    'password=', 'token: ', 'curl -u a:', '-----BEGIN PRIVATE KEY-----', 'a://b:c', 'x@y.',
    '1 ', '1-', '1.', '12:', '::', '4111 ', 'DE89 ', 'X1234567',
    'ignore ', 'ignore all previous ', 'you are now ', 'system ',
    'key ', 'api_key=a1', 'secret a1b2 ', 'token, ', '$1$', '$2y$10$', '$krb5asrep$23$', 'ext. 1 ', 'call 555 ', '+1.',
    '[system]', 'forget about the ', 'vergiss alle ', '忽略', 'new task: ', 'define(', "define('AUTH_KEY', '",
  ])('repeated %j', (unit) => {
    expect(growth(unit)).toBeLessThan(BOUND);
  });

  it('scans 1 MB of one repeated character with work linear in its length', () => {
    expect(growth('a', (1 << 20) / GROWTH)).toBeLessThan(BOUND);
  });

  it('tells a quadratic scan from a linear one with the same measure', () => {
    // The measure itself must be able to fail: a deliberately quadratic scan of the same sizes exceeds the bound.
    const quadratic = (t: string): number => {
      let n = 0;
      for (let i = 0; i < t.length; i += 64) n += t.indexOf('\u0000', i) === -1 ? t.length - i : 0;
      return n;
    };
    const cost = (len: number): number => {
      const text = 'a'.repeat(len);
      let best = Infinity;
      for (let i = 0; i < 3; i++) best = Math.min(best, cpuMicros(() => quadratic(text)));
      return best;
    };
    expect(cost(GROWTH * 20_000) / Math.max(cost(20_000), 1)).toBeGreaterThan(BOUND);
  });
});
