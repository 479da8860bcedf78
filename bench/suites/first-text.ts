/**
 * Time to the first *text* of a streamed answer (the first non-empty `delta.content`, not the first SSE envelope)
 * against an upstream that sends a token every 20 ms, as a chat UI or an agent sees it. Guardrails hold back only
 * what could still become a finding, so with the default policy the first word should leave as soon as it arrives.
 *
 * Part of `npm run bench`; on its own (starts the emulator and both gateways, measures, prints, stops):
 *   node --import tsx bench/suites/first-text.ts [--quick]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { interleaved } from '../interleave.ts';
import type { Figure } from '../results-types.ts';
import type { Server } from '../processes.ts';
import { median, summarize, type Summary } from '../stats.ts';
import type { Target, TargetName } from '../stack.ts';
import { CHAT_PATH, MODEL, PROVIDER_KEY } from '../workload.ts';

/** The paced upstream: one word per event, 20 ms apart. */
export const TOKEN_INTERVAL_MS = 20;
const BODY = JSON.stringify({
  model: MODEL,
  max_tokens: 8,
  stream: true,
  messages: [{ role: 'user', content: `Say a few words. #emu:output-tokens=8 #emu:chunk-delay-ms=${TOKEN_INTERVAL_MS}` }],
});

export interface FirstTextRound {
  /** Request start to the first SSE bytes. */
  firstChunk: Summary;
  /** Request start to the first event carrying generated text. */
  firstText: Summary;
  /** First SSE bytes to the first text: how long text lags behind the stream's first envelope. */
  textLag: Summary;
}

export type FirstTextResult = Partial<Record<TargetName, FirstTextRound[]>>;

export interface FirstTextPlan {
  rounds: number;
  requests: number;
}

export const FIRST_TEXT_FULL: FirstTextPlan = { rounds: 5, requests: 12 };
export const FIRST_TEXT_QUICK: FirstTextPlan = { rounds: 1, requests: 3 };

/** Whether an SSE `data:` payload is a chat chunk with generated text. */
function carriesText(data: string): boolean {
  if (!data.startsWith('{')) return false;
  const chunk = JSON.parse(data) as { choices?: { delta?: { content?: unknown } }[] };
  return chunk.choices?.some((c) => typeof c.delta?.content === 'string' && c.delta.content !== '') ?? false;
}

async function once(pool: Pool, t: Target): Promise<{ firstChunk: number; firstText: number }> {
  const t0 = performance.now();
  const { statusCode, body } = await pool.request({
    path: CHAT_PATH,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.auth}` },
    body: BODY,
  });
  let firstChunk = Number.NaN;
  let firstText = Number.NaN;
  let pending = '';
  for await (const chunk of body) {
    const now = performance.now() - t0;
    if (Number.isNaN(firstChunk)) firstChunk = now;
    if (!Number.isNaN(firstText)) continue;
    pending += (chunk as Buffer).toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    if (lines.some((l) => l.startsWith('data: ') && carriesText(l.slice(6)))) firstText = now;
  }
  if (statusCode !== 200 || Number.isNaN(firstText)) throw new Error(`${t.name}: status ${statusCode}, no text in the stream`);
  return { firstChunk, firstText };
}

/** Sequential paced streams per target, targets interleaved round by round. */
export async function firstTextTimes(targets: readonly Target[], plan: FirstTextPlan): Promise<FirstTextResult> {
  const byName = new Map(targets.map((t) => [t.name, t]));
  return interleaved(plan.rounds, targets.map((t) => t.name), async (name) => {
    const t = byName.get(name)!;
    const pool = new Pool(t.origin, { connections: 1, pipelining: 1 });
    try {
      await once(pool, t); // warm the connection and the path
      const samples: Array<{ firstChunk: number; firstText: number }> = [];
      for (let i = 0; i < plan.requests; i++) samples.push(await once(pool, t));
      return {
        firstChunk: summarize(samples.map((s) => s.firstChunk)),
        firstText: summarize(samples.map((s) => s.firstText)),
        textLag: summarize(samples.map((s) => s.firstText - s.firstChunk)),
      };
    } finally {
      await pool.destroy();
    }
  });
}

/** What default guardrails add to the time to first text: per round, guarded p50 − gateway p50; the median. */
export function addedByGuardrails(r: FirstTextResult): number {
  const on = r.guarded ?? [];
  const off = r.gateway ?? [];
  return median(on.map((x, i) => x.firstText.p50 - (off[i]?.firstText.p50 ?? Number.NaN)));
}

/** The table rows: absolute time to first text per configuration, and what default guardrails add to it. */
export function firstTextFigures(r: FirstTextResult): Figure[] {
  const section = `Streaming, paced upstream (a token every ${TOKEN_INTERVAL_MS} ms), c=1`;
  const values: Figure['values'] = {};
  for (const [name, rounds] of Object.entries(r)) values[name as TargetName] = median(rounds.map((x) => x.firstText.p50));
  const ratio: Figure['ratio'] = {};
  const bare = r.bare ?? [];
  for (const g of ['gateway', 'guarded'] as const) {
    const mine = r[g];
    if (mine && bare.length) ratio[g] = median(mine.map((x, i) => x.firstText.p50 / (bare[i]?.firstText.p50 ?? Number.NaN)));
  }
  const added = addedByGuardrails(r);
  const lag: Figure['values'] = {};
  for (const [name, rounds] of Object.entries(r)) lag[name as TargetName] = median(rounds.map((x) => x.textLag?.p50 ?? Number.NaN));
  return [
    { section, metric: 'Time to first text p50 (absolute)', unit: 'ms', values, ratio },
    { section, metric: 'First envelope to first text p50', unit: 'ms', values: lag, ratio: {} },
    {
      section,
      metric: 'Added by default guardrails: time to first text p50 (on − off)',
      unit: 'ms',
      values: { guarded: added },
      ratio: {},
      target: '≤ 5 ms',
      met: { guarded: added <= 5 },
    },
  ];
}

async function standalone(): Promise<void> {
  // Loaded here, so that the figures above can be imported without the process machinery.
  const { bundleHelpers, ensureFreshCli } = await import('../build.ts');
  const { killAllStarted, stop } = await import('../processes.ts');
  const { prepareGatewayData, startEmulator, startGatewayProcess, targetOf } = await import('../stack.ts');
  const { values } = parseArgs({ options: { quick: { type: 'boolean' } } });
  ensureFreshCli();
  const bundles = await bundleHelpers(join(mkdtempSync(join(tmpdir(), 'iron-cage-bench-')), 'bundles'));
  const servers: Server[] = [];
  try {
    const emulator = await startEmulator(bundles);
    servers.push(emulator);
    const targets = [targetOf('direct', emulator, PROVIDER_KEY)];
    for (const name of ['gateway', 'guarded'] as const) {
      const data = prepareGatewayData(emulator.url);
      const server = await startGatewayProcess(data.dataDir, name === 'guarded');
      servers.push(server);
      targets.push(targetOf(name, server, data.token));
    }
    const result = await firstTextTimes(targets, values.quick ? FIRST_TEXT_QUICK : FIRST_TEXT_FULL);
    const ms = (v: number): string => v.toFixed(1);
    for (const [name, rounds] of Object.entries(result)) {
      console.log(
        `${name.padEnd(8)} first text p50 per round ${rounds.map((r) => ms(r.firstText.p50)).join(' ')} ms; ` +
          `first envelope ${rounds.map((r) => ms(r.firstChunk.p50)).join(' ')} ms; envelope to text ${rounds.map((r) => ms(r.textLag.p50)).join(' ')} ms`,
      );
    }
    console.log(`added by default guardrails (p50): ${addedByGuardrails(result).toFixed(2)} ms (target ≤ 5 ms)`);
  } finally {
    for (const s of servers.reverse()) await stop(s.child);
    killAllStarted();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await standalone();
