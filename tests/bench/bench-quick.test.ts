import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RawResults } from '../../bench/results-types.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

// The benchmark's short run, so CI keeps the harness working. It asserts the harness measured every
// configuration and that the budget held, never a timing: performance targets live in BENCHMARKS.md.
describe('npm run bench -- --quick', () => {
  it('starts every configuration, measures each, and reports zero overshoot', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick'], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(run.status, run.stderr.slice(-2_000)).toBe(0);
    const results = JSON.parse(readFileSync(`${REPO}/bench/results/quick.json.tmp`, 'utf8')) as RawResults;
    expect(results.meta.mode).toBe('quick');
    for (const target of Object.keys(results.latency)) {
      const rounds = results.latency[target as keyof typeof results.latency];
      expect(rounds?.length, target).toBeGreaterThan(0);
    }
    expect(Object.keys(results.latency)).toEqual(expect.arrayContaining(['bare', 'gateway']));
    expect(Object.keys(results.firstText ?? {})).toEqual(expect.arrayContaining(['bare', 'gateway']));
    expect(results.overshoot).toMatchObject({ overshootMicros: 0 });
  }, 180_000);
});
