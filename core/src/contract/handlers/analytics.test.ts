import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../domain/clock.ts';
import { isAppError } from '../../domain/errors.ts';
import { PeriodCalendar } from '../../domain/period.ts';
import { openStore, type Store } from '../../node/store/open-store.ts';
import { nodeTokenMinter } from '../../node/token-minter.ts';
import { AgentService } from '../../services/agent-service.ts';
import { AnalyticsService } from '../../services/analytics-service.ts';
import { dispatch } from '../dispatch.ts';
import { analyticsHandlers } from './analytics.ts';
import type { Handlers } from './types.ts';

const now = Date.parse('2025-06-15T12:00Z');
let dir: string;
let store: Store;
let handlers: Handlers;
let zone = 'Asia/Kolkata';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'analytics-contract-'));
  store = openStore(dir, 'instance-a');
  const clock = new ManualClock(now - 30 * 86_400_000);
  const agents = new AgentService({ agents: store.agents, providers: store.providers, ledger: store.ledger, audit: store.audit, minter: nodeTokenMinter, clock, calendar: new PeriodCalendar('UTC') });
  const { agent } = agents.create({ name: 'bot', budgetMicros: 10_000_000, period: 'monthly' }, 'test');
  const at = now - 86_400_000;
  const call = { callId: 'c1', agentId: agent.id, agentName: 'bot', endpoint: '/v1/chat/completions', model: 'gpt-4o', periodKey: '2025-06' };
  store.ledger.reserve({ ...call, providerId: 'p', providerName: 'openai', stream: true, amount: 5_000, startedAt: at, requestBody: null });
  const usage = { inputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0 };
  store.ledger.settle('c1', { usage, cost: 1_234, outcome: 'ok', httpStatus: 200, usageEstimated: false, finishedAt: at + 5, latencyMs: 5, responseBody: null });
  clock.set(now);
  const analytics = new AnalyticsService({ queries: store.analytics, agents, clock });
  // Only the analytics operations are called here.
  handlers = analyticsHandlers({ analytics, timeZone: () => zone }) as unknown as Handlers;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (op: string, input: unknown) => dispatch(handlers, op, input, { actor: 'test' });

describe('analytics operations through the contract', () => {
  it('serves spend in the configured time zone, up to now by default', async () => {
    const r = (await call('analytics.spend', { since: now - 7 * 86_400_000, groupBy: ['agent', 'day'] })) as Record<string, unknown>;
    expect(r).toMatchObject({ timeZone: 'Asia/Kolkata', until: now, totals: { calls: 1, costMicros: 1_234 } });
    expect(r.rows).toEqual([{ agent: 'bot', bucket: '2025-06-14', bucketStart: Date.parse('2025-06-13T18:30Z'), calls: 1, refused: 0, costMicros: 1_234, inputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 5 }]);
    zone = 'America/Los_Angeles';
    const la = (await call('analytics.spend', { since: now - 7 * 86_400_000, groupBy: ['day'] })) as { rows: { bucket: string }[] };
    expect(la.rows.map((x) => x.bucket)).toEqual(['2025-06-14']);
  });

  it('refuses day and hour together, and a range that ends before it starts', async () => {
    await expect(call('analytics.spend', { since: 0, groupBy: ['day', 'hour'] })).rejects.toSatisfy((e) => isAppError(e, 'INVALID_INPUT'));
    await expect(call('analytics.spend', { since: now + 1 })).rejects.toSatisfy((e) => isAppError(e, 'INVALID_INPUT'));
    await expect(call('analytics.topCalls', { since: 0, limit: 0 })).rejects.toSatisfy((e) => isAppError(e, 'INVALID_INPUT'));
  });

  it('serves budgets with a default 7-day window and top calls without bodies', async () => {
    const b = (await call('analytics.budgets', {})) as { windowDays: number; agents: Record<string, unknown>[] };
    expect(b.windowDays).toBe(7);
    expect(b.agents[0]).toMatchObject({ agent: 'bot', spentMicros: 1_234, remainingMicros: 10_000_000 - 1_234, burnMicrosPerDay: Math.round(1_234 / 7) });
    const top = (await call('analytics.topCalls', { since: 0 })) as Record<string, unknown>[];
    expect(top).toHaveLength(1);
    expect(top[0]).toMatchObject({ id: 'c1', costMicros: 1_234, stream: true });
    expect(top[0]).not.toHaveProperty('requestBody');
  });
});
