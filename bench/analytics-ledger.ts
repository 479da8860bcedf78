/**
 * The generated ledger of bench/analytics.ts: twelve agents over a year of calls, skewed the way real use is
 * (a few agents and models dominate, working hours, growth), reproducible from a fixed seed.
 */
import { randomUUID } from 'node:crypto';
import { tzOffset } from '@date-fns/tz';
import type { BudgetPeriod, PeriodCalendar } from '../core/src/domain/period.ts';
import type { Store } from '../core/src/node/store/open-store.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** "Now" for the whole run: the generated year ends here. */
export const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);
export const YEAR_START = NOW - 365 * DAY;

// The generated ledger ------------------------------------------------------------------------------------

/** Provider, then USD per million tokens: input, output, cache read, cache write. */
const MODELS: Record<string, [string, number, number, number, number]> = {
  'gpt-4o-mini': ['openai', 0.15, 0.6, 0.075, 0],
  'gpt-4o': ['openai', 2.5, 10, 1.25, 0],
  'o3-mini': ['openai', 1.1, 4.4, 0.55, 0],
  'text-embedding-3-small': ['openai', 0.02, 0, 0, 0],
  'claude-sonnet-4': ['anthropic', 3, 15, 0.3, 3.75],
  'claude-3-5-haiku': ['anthropic', 0.8, 4, 0.08, 1],
  'claude-opus-4': ['anthropic', 15, 75, 1.5, 18.75],
  'llama3.1:8b': ['ollama', 0, 0, 0, 0],
};
/** Twelve agents, Zipf-weighted; each uses a few models, one much more than the others. */
const AGENTS: { name: string; period: BudgetPeriod; models: [string, number][] }[] = [
  { name: 'support-bot', period: 'monthly', models: [['gpt-4o-mini', 70], ['text-embedding-3-small', 25], ['claude-3-5-haiku', 5]] },
  { name: 'code-review', period: 'monthly', models: [['claude-sonnet-4', 80], ['claude-opus-4', 5], ['gpt-4o', 15]] },
  { name: 'research-agent', period: 'weekly', models: [['claude-opus-4', 20], ['claude-sonnet-4', 50], ['o3-mini', 30]] },
  { name: 'triage', period: 'daily', models: [['gpt-4o-mini', 90], ['llama3.1:8b', 10]] },
  { name: 'sales-assist', period: 'monthly', models: [['gpt-4o', 60], ['gpt-4o-mini', 40]] },
  { name: 'docs-writer', period: 'monthly', models: [['claude-sonnet-4', 70], ['claude-3-5-haiku', 30]] },
  { name: 'data-cleaner', period: 'daily', models: [['llama3.1:8b', 60], ['gpt-4o-mini', 40]] },
  { name: 'ci-fixer', period: 'weekly', models: [['o3-mini', 70], ['gpt-4o', 30]] },
  { name: 'search-indexer', period: 'total', models: [['text-embedding-3-small', 100]] },
  { name: 'eval-runner', period: 'monthly', models: [['gpt-4o', 30], ['claude-sonnet-4', 30], ['o3-mini', 20], ['claude-3-5-haiku', 20]] },
  { name: 'intern-sandbox', period: 'daily', models: [['gpt-4o-mini', 50], ['claude-3-5-haiku', 50]] },
  { name: 'nightly-report', period: 'monthly', models: [['claude-opus-4', 100]] },
];

/** Deterministic PRNG (mulberry32), so every run generates the same ledger. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20260315);
const lognormal = (median: number, sigma: number): number => {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return Math.round(median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
};
function pick<T>(items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![0];
}

/** Call start times over the year: busier on working hours and weekdays, growing threefold over the year. */
function timestamps(n: number, timeZone: string): Float64Array {
  const out = new Float64Array(n);
  const offset = tzOffset(timeZone, new Date(YEAR_START)) * 60_000; // the shape needs no DST precision
  let i = 0;
  while (i < n) {
    const t = YEAR_START + random() * 365 * DAY;
    const local = new Date(t + offset);
    const hour = local.getUTCHours();
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    const w = (hour >= 8 && hour < 19 ? 1 : 0.15) * (weekend ? 0.3 : 1) * (0.5 + (t - YEAR_START) / (365 * DAY));
    if (random() * 1.5 < w) out[i++] = Math.floor(t);
  }
  return out.sort();
}

/** Writes a skewed year of `calls` calls (and the budget windows they add up to) into the store. */
export function generate(store: Store, calendar: PeriodCalendar, calls: number): { agentIds: Map<string, string> } {
  const agentIds = new Map<string, string>();
  for (const a of AGENTS) {
    const id = randomUUID();
    store.agents.create(id, { name: a.name, limits: [{ period: a.period, limitMicros: 1 }], allowedModels: null, providers: { openai: null, anthropic: null }, logBodies: false }, YEAR_START - 30 * DAY);
    agentIds.set(a.name, id);
  }
  const providerIds = new Map(['openai', 'anthropic', 'ollama'].map((p) => [p, randomUUID()]));
  const weights = AGENTS.map((a, i) => [a, 1 / (i + 1) ** 1.1] as const);
  const insert = store.db.prepare(
    `INSERT INTO calls (id, agent_id, agent_name, provider_id, provider_name, endpoint, model, stream, period_key, state,
       reserved_micros, cost_micros, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
       outcome, http_status, usage_estimated, started_at, finished_at, latency_ms, instance_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench')`,
  );
  const times = timestamps(calls, calendar.timeZone);
  store.db.transaction(() => {
    times.forEach((t, i) => {
      const a = pick(weights);
      const model = pick(a.models);
      const [provider, pin, pout, pcr, pcw] = MODELS[model]!;
      const embedding = model.startsWith('text-embedding');
      const roll = random();
      const inFlight = i >= calls - 5;
      const state = inFlight ? 'reserved' : roll < 0.025 ? 'refused' : roll < 0.04 ? 'released' : 'settled';
      const settled = state === 'settled';
      const prompt = Math.max(1, lognormal(embedding ? 300 : 1_800, 1));
      const cacheRead = settled && !embedding && random() < 0.3 ? Math.floor(prompt * 0.6) : 0;
      const cacheWrite = settled && provider === 'anthropic' && random() < 0.1 ? Math.floor(prompt * 0.3) : 0;
      const input = settled ? prompt - cacheRead - cacheWrite : 0;
      const output = settled && !embedding ? Math.max(1, lognormal(350, 0.9)) : 0;
      const cost = settled ? Math.ceil(input * pin + output * pout + cacheRead * pcr + cacheWrite * pcw) : 0;
      const latency = Math.max(50, lognormal(embedding ? 120 : 2_500, 0.7));
      insert.run(
        randomUUID(), agentIds.get(a.name), a.name, state === 'refused' ? null : providerIds.get(provider),
        state === 'refused' ? null : provider, provider === 'anthropic' ? '/v1/messages' : embedding ? '/v1/embeddings' : '/v1/chat/completions',
        model, random() < 0.4 ? 1 : 0, calendar.windowAt(a.period, t).key, state, cost + 5_000, cost,
        input, cacheRead, cacheWrite, output, 0, settled ? 'ok' : state === 'refused' ? 'budget_exceeded' : state === 'released' ? 'upstream_error' : 'in_flight',
        settled ? 200 : state === 'refused' ? 402 : state === 'released' ? 502 : null, settled && random() < 0.003 ? 1 : 0,
        t, inFlight ? null : t + latency, inFlight ? null : latency,
      );
    });
    // Budget windows as the ledger would have kept them; limits leave most agents headroom, one very little.
    store.db.exec(`INSERT INTO spend_buckets (agent_id, hour_start, spent_micros)
      SELECT agent_id, (started_at / 3600000) * 3600000, SUM(cost_micros) FROM calls
      WHERE state = 'settled' AND cost_micros > 0 GROUP BY 1, 2`);
    store.db.exec(`UPDATE agent_spend SET
      spent_micros = (SELECT COALESCE(SUM(cost_micros), 0) FROM calls c WHERE c.agent_id = agent_spend.agent_id AND c.state = 'settled'),
      reserved_micros = (SELECT COALESCE(SUM(reserved_micros), 0) FROM calls c WHERE c.agent_id = agent_spend.agent_id AND c.state = 'reserved')`);
    AGENTS.forEach((a, i) => {
      const id = agentIds.get(a.name)!;
      const w = store.ledger.windows(id, NOW)[0];
      const used = (w?.spentMicros ?? 0) + (w?.reservedMicros ?? 0);
      store.db.prepare('UPDATE agent_limits SET limit_micros = ? WHERE agent_id = ?').run(Math.max(1_000_000, Math.ceil(used * (i === 1 ? 1.05 : 1.5 + i / 4))), id);
    });
  })();
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return { agentIds };
}

