import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

// One output token costs 1 µ$ and input is free: a call capped at 100 output tokens that produces 100 costs
// exactly its reservation, so the caps below fit a known number of calls.
const CALL_COST = 100;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function burst(harness: Harness, n: number): Promise<{ ok: number; refused: number; other: number }> {
  const results = await Promise.allSettled(
    Array.from({ length: n }, (_, i) =>
      i % 2
        ? harness.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: CALL_COST, messages: [{ role: 'user', content: `go #emu:output-tokens=${CALL_COST}` }] })
        : harness.openai.chat.completions
            .create({ model: 'gpt-4o-mini', max_tokens: CALL_COST, stream: true, messages: [{ role: 'user', content: `go #emu:output-tokens=${CALL_COST}` }] })
            .then(async (s) => {
              for await (const chunk of s) void chunk;
            }),
    ),
  );
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  const refused = results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'budget_exceeded').length;
  return { ok, refused, other: n - ok - refused };
}

/** Spend per hour bucket and per day, straight from the ledger's tables. */
function spendBy(harness: Harness): { hours: number[]; days: number[]; calls: number } {
  const db = harness.rt.store.db;
  const hours = (db.prepare('SELECT spent_micros AS s FROM spend_buckets ORDER BY hour_start').all() as { s: number }[]).map((r) => r.s);
  const days = (db.prepare('SELECT SUM(spent_micros) AS s FROM spend_buckets GROUP BY hour_start / 86400000').all() as { s: number }[]).map((r) => r.s);
  const calls = (db.prepare("SELECT COALESCE(SUM(cost_micros), 0) AS s FROM calls WHERE state = 'settled'").get() as { s: number }).s;
  return { hours, days, calls };
}

describe('several budget windows at once, under concurrency', () => {
  it('1,000 concurrent calls against an hourly cap smaller than the daily one: overshoot 0 on both', async () => {
    h = await startHarness({ budgetUsd: 1, period: 'daily' });
    h.rt.pricing.setOverride({ model: 'gpt-4o-mini', inputPerMtok: 0, outputPerMtok: 1_000_000 }, 'test');
    h.rt.store.settings.set('timezone', 'UTC');
    h.rt.agents.update({ name: 'agent-1', limits: [{ period: 'hourly', limitMicros: 10 * CALL_COST }, { period: 'daily', limitMicros: 30 * CALL_COST }] }, 'test');
    // The gateway picks up price overrides and settings on its config poll.
    await new Promise((r) => setTimeout(r, 1_200));

    const first = await burst(h, 1_000);
    expect(first.other).toBe(0);
    let s = spendBy(h);
    // The hourly cap binds: 10 calls per hour window touched (one, unless the test straddles an hour).
    expect(first.ok).toBe(10 * s.hours.length);
    expect(Math.max(...s.hours)).toBeLessThanOrEqual(10 * CALL_COST);
    expect(s.calls).toBe(first.ok * CALL_COST);

    // Raise the hourly cap above the daily one: now the daily cap binds, counting what was already spent.
    h.rt.agents.update({ name: 'agent-1', limits: [{ period: 'hourly', limitMicros: 50 * CALL_COST }, { period: 'daily', limitMicros: 30 * CALL_COST }] }, 'test');
    const second = await burst(h, 1_000);
    expect(second.other).toBe(0);
    s = spendBy(h);
    expect(Math.max(...s.hours)).toBeLessThanOrEqual(50 * CALL_COST);
    expect(Math.max(...s.days)).toBeLessThanOrEqual(30 * CALL_COST);
    expect(s.calls).toBe((first.ok + second.ok) * CALL_COST);
    if (s.days.length === 1) expect(first.ok + second.ok).toBe(30);
    const view = h.rt.agents.get('agent-1');
    expect(view.budgets.map((b) => b.period)).toEqual(['hourly', 'daily']);
    for (const b of view.budgets) {
      expect(b.reservedMicros).toBe(0);
      expect(b.spentMicros).toBeLessThanOrEqual(b.limitMicros);
    }
  }, 120_000);
});
