import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.ts';
import { EMPTY_USAGE } from '../domain/usage.ts';
import { openRuntime, type Runtime } from '../node/runtime.ts';
import { silentLogger } from '../ports/logger.ts';
import { TIMEZONE_SETTING } from './pricing-service.ts';

// Real SQLite file, real services; the clock is ours so "the same month" is certain.
let dir: string;
let rt: Runtime;
const clock = new ManualClock();
let n = 0;

beforeEach(() => {
  clock.set(Date.UTC(2026, 10, 18, 9, 30));
  dir = mkdtempSync(join(tmpdir(), 'budget-windows-'));
  rt = openRuntime({ dataDir: dir, clock, logger: silentLogger });
  rt.store.settings.set(TIMEZONE_SETTING, 'UTC');
  rt.reloadSharedConfig();
});
afterEach(() => {
  rt.close();
  rmSync(dir, { recursive: true, force: true });
});

function agentId(name: string): string {
  return rt.agents.get(name).id;
}

/** Reserves `reserve` for one call and settles it at `cost`; false when the ledger refuses the reservation. */
function spend(name: string, reserve: number, cost = reserve): boolean {
  const callId = `call-${++n}`;
  const ok = rt.store.ledger.reserve({
    callId, agentId: agentId(name), agentName: name, providerId: 'p', providerName: 'p', endpoint: '/chat/completions',
    model: 'm', stream: false, periodKey: 'x', amount: reserve, startedAt: clock.now(), requestBody: null,
  });
  if (ok) {
    rt.store.ledger.settle(callId, {
      usage: EMPTY_USAGE, cost, outcome: 'ok', httpStatus: 200, usageEstimated: false, finishedAt: clock.now(), latencyMs: 1, responseBody: null,
    });
  }
  return ok;
}

describe('budget windows are sums of hourly buckets', () => {
  it('keeps what was spent today when the period changes from daily to weekly or monthly', () => {
    rt.agents.create({ name: 'bot', budgetMicros: 10_000_000, period: 'daily' }, 'test');
    expect(spend('bot', 1_000, 468)).toBe(true);
    for (const period of ['weekly', 'monthly', 'total', 'hourly'] as const) {
      const a = rt.agents.update({ name: 'bot', period }, 'test');
      expect(a.limits).toEqual([{ period, limitMicros: 10_000_000 }]);
      expect(a.budget).toMatchObject({ period, spentMicros: 468, reservedMicros: 0, remainingMicros: 10_000_000 - 468 });
    }
  });

  it('a used-up $50 daily budget cannot spend another $50 after a switch to $50 monthly in the same month', () => {
    rt.agents.create({ name: 'bot', budgetMicros: 50_000_000, period: 'daily' }, 'test');
    expect(spend('bot', 50_000_000)).toBe(true);
    expect(spend('bot', 1)).toBe(false);
    rt.agents.update({ name: 'bot', budgetMicros: 50_000_000, period: 'monthly' }, 'test');
    expect(spend('bot', 1)).toBe(false);
    clock.advance(3 * 86_400_000); // later the same month: still spent
    expect(spend('bot', 1)).toBe(false);
    expect(rt.agents.get('bot').budget).toMatchObject({ period: 'monthly', spentMicros: 50_000_000, remainingMicros: 0 });
    clock.set(Date.UTC(2026, 11, 1, 0, 0)); // the next month starts afresh
    expect(spend('bot', 50_000_000)).toBe(true);
  });

  it('holds several caps at once: a call must fit every window', () => {
    rt.agents.create({ name: 'bot', budgetMicros: 0, limits: [{ period: 'monthly', limitMicros: 500 }, { period: 'hourly', limitMicros: 5 }, { period: 'daily', limitMicros: 50 }] }, 'test');
    expect(rt.agents.get('bot').limits.map((l) => l.period)).toEqual(['hourly', 'daily', 'monthly']);
    let admitted = 0;
    // 30 hours, 10 calls an hour of 1 µ$ each: 5 an hour fit, and the daily cap stops the tenth hour.
    for (let hour = 0; hour < 30; hour++) {
      for (let i = 0; i < 10; i++) if (spend('bot', 1)) admitted++;
      const windows = rt.store.ledger.windows(agentId('bot'), clock.now());
      for (const w of windows) expect(w.spentMicros).toBeLessThanOrEqual(w.limitMicros);
      clock.advance(3_600_000);
    }
    // 2026-11-18 09:30 → 14.5 hours left of the day (15 hourly windows × 5 = 75 > 50): day one caps at 50,
    // day two (hours 15–29 → 15 hours) also caps at 50.
    expect(admitted).toBe(100);
    const view = rt.agents.get('bot');
    expect(view.budgets.map((b) => [b.period, b.spentMicros])).toEqual([
      ['hourly', 0],
      ['daily', 50],
      ['monthly', 100],
    ]);
  });

  it('changes one cap of several, refuses an ambiguous change, and leaves nothing half-applied', () => {
    rt.agents.create({ name: 'bot', budgetMicros: 0, limits: [{ period: 'hourly', limitMicros: 5 }, { period: 'daily', limitMicros: 50 }] }, 'test');
    rt.agents.update({ name: 'bot', budgetMicros: 7, period: 'hourly' }, 'test');
    expect(rt.agents.get('bot').limits).toEqual([{ period: 'hourly', limitMicros: 7 }, { period: 'daily', limitMicros: 50 }]);
    expect(() => rt.agents.update({ name: 'bot', budgetMicros: 9 }, 'test')).toThrow(/several budgets/);
    const auditBefore = rt.auditTrail.list({ limit: 100 }).length;
    // A bad provider name used to leave the new budget committed: now nothing changes and nothing is audited.
    expect(() => rt.agents.update({ name: 'bot', budgetMicros: 1, period: 'hourly', providerNames: ['nope'] }, 'test')).toThrow(/no provider/);
    expect(rt.agents.get('bot').limits[0]).toEqual({ period: 'hourly', limitMicros: 7 });
    expect(rt.auditTrail.list({ limit: 100 })).toHaveLength(auditBefore);
    expect(() => rt.agents.update({ name: 'bot', limits: [] }, 'test')).toThrow();
    expect(() => rt.agents.update({ name: 'bot', limits: [{ period: 'daily', limitMicros: 1 }, { period: 'daily', limitMicros: 2 }] }, 'test')).toThrow();
  });
});
