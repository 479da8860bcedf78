import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FundingSource, GrantRequest, Slice } from './funding-source.ts';
import { sliceGrant, sliceRequest } from './slice-size.ts';
import { Wallet, type WalletOptions } from './wallet.ts';

/** A budget in memory: what every wallet holds plus what was spent never exceeds the limit. */
class MemoryFunding implements FundingSource {
  held = 0;
  spent = 0;
  grants = 0;
  constructor(public limit: number) {}
  grant(req: GrantRequest): Slice | null {
    const granted = sliceGrant(req.requested, req.minUseful, this.limit - this.spent - this.held);
    if (granted === null) return null;
    this.grants++;
    this.held += granted;
    return { agentId: req.agentId, granted, epoch: 0, spendBeforeMono: null };
  }
  giveBack(_agentId: string, amount: number): void {
    this.held -= amount;
  }
  /** A wallet's call settled: money moves from held to spent. */
  spend(cost: number): void {
    this.held -= cost;
    this.spent += cost;
  }
}

const mono = 0;
const options = (funding: FundingSource, over: Partial<WalletOptions> = {}): WalletOptions => ({
  funding,
  monotonic: () => mono,
  now: () => 0,
  maxWaitMs: 50,
  horizonMs: 2_000,
  maxSliceMicros: 1_000,
  lowWater: 0.25,
  retryMs: 1,
  ...over,
});

describe('slice sizing', () => {
  it('asks for the pace over the horizon, never less than the call waiting, never more than the cap', () => {
    expect(sliceRequest(100, 0, 2_000, 10_000)).toBe(100);
    expect(sliceRequest(100, 1_000, 2_000, 10_000)).toBe(2_000);
    expect(sliceRequest(100, 1_000_000, 2_000, 10_000)).toBe(10_000);
  });

  it('grants at most half the headroom, down to exactly one call near the limit, and nothing below it', () => {
    expect(sliceGrant(1_000, 10, 10_000)).toBe(1_000);
    expect(sliceGrant(1_000, 10, 1_000)).toBe(500);
    expect(sliceGrant(1_000, 10, 15)).toBe(10);
    expect(sliceGrant(1_000, 10, 9)).toBeNull();
  });
});

describe('a wallet', () => {
  it('reserves synchronously from its slice, and refills ahead below the low-water mark', async () => {
    const funding = new MemoryFunding(100_000);
    const w = new Wallet('a', options(funding));
    expect(await w.reserve(100)).toBe(true);
    const grantsAfterFirst = funding.grants;
    w.settle(100, 100);
    funding.spend(100);
    // The first slice was sized for the call waiting; the next is sized by the pace, and refilled ahead of need.
    expect(await w.reserve(10)).toBe(true);
    let sync = 0;
    for (let i = 0; i < 200; i++) {
      if (w.tryReserve(10)) {
        sync++;
        w.settle(10, 10);
        funding.spend(10);
      }
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(sync).toBe(200);
    expect(funding.grants).toBeGreaterThan(grantsAfterFirst + 1);
    expect(funding.spent + funding.held).toBeLessThanOrEqual(funding.limit);
  });

  it('refuses after the bounded wait when the budget cannot cover the call', async () => {
    const funding = new MemoryFunding(50);
    const w = new Wallet('a', options(funding, { monotonic: () => Date.now() }));
    expect(await w.reserve(100)).toBe(false);
    expect(funding.held).toBe(0);
  });

  it('never lets wallets together spend past the limit, and spends it all when calls are equal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 120 }), async (wallets, fit, cost, order) => {
        const funding = new MemoryFunding(fit * cost);
        const ws = Array.from({ length: wallets }, (_, i) => new Wallet(`w${i}`, options(funding, { monotonic: () => Date.now() })));
        const results = await Promise.all(
          order.map(async (k) => {
            const w = ws[k % wallets]!;
            const ok = await w.reserve(cost);
            await new Promise((r) => setTimeout(r, 0));
            if (ok) {
              w.settle(cost, cost);
              funding.spend(cost);
            }
            expect(funding.spent + funding.held).toBeLessThanOrEqual(funding.limit);
            return ok;
          }),
        );
        for (const w of ws) w.drain();
        expect(funding.spent).toBeLessThanOrEqual(funding.limit);
        expect(results.filter(Boolean).length).toBe(Math.min(order.length, fit));
        expect(funding.held).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('fails a waiting call with the funding source\'s error, not as over budget, and grants again once it works', async () => {
    const funding = new MemoryFunding(1_000);
    let broken: Error | undefined = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const source: FundingSource = {
      grant: (req) => {
        if (broken) throw broken;
        return funding.grant(req);
      },
      giveBack: (a, m) => funding.giveBack(a, m),
    };
    const errors: unknown[] = [];
    const wallet = new Wallet('a', options(source, { onError: (e) => errors.push(e) }));
    await expect(wallet.reserve(100)).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(errors).toHaveLength(1);
    broken = undefined;
    await expect(wallet.reserve(100)).resolves.toBe(true);
  });
});
