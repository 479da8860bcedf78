import type { Micros } from '../domain/money.ts';
import type { FundingSource } from './funding-source.ts';
import { BurnRate, sliceRequest } from './slice-size.ts';

export interface WalletOptions {
  funding: FundingSource;
  /** Monotonic milliseconds (durations, deadlines). */
  monotonic: () => number;
  /** Wall-clock milliseconds (which budget windows a grant is checked against). */
  now: () => number;
  /** How long a call the wallet cannot cover waits for a refill before it is refused. */
  maxWaitMs: number;
  /** A slice should last this long at the recent pace. */
  horizonMs: number;
  maxSliceMicros: Micros;
  /** Refill ahead of need once what is left falls below this share of the last grant. */
  lowWater: number;
  /** Pause between two refused grants while calls wait (another process may give money back). */
  retryMs: number;
  onError?: (e: unknown) => void;
}

interface Waiter {
  amount: Micros;
  deadline: number;
  resolve: (ok: boolean) => void;
  /** The funding source failed (not a refusal): the call fails with its error, not as over budget. */
  reject: (e: unknown) => void;
}

/**
 * One agent's money in this process. Reserving is a synchronous check-and-decrement against money already
 * granted; a call the wallet cannot cover waits (bounded) for a refill from the funding source. The sum
 * `available + open` is exactly what the funding source has granted and not yet seen spent or given back.
 */
export class Wallet {
  /** Granted money not reserved by any call. */
  private available = 0;
  /** Reserved by calls under way. */
  private open = 0;
  private lastGrant = 0;
  private lastUse = 0;
  private refilling = false;
  private deadline: number | null = null;
  private readonly waiters: Waiter[] = [];
  private readonly burn = new BurnRate();

  constructor(
    readonly agentId: string,
    private readonly o: WalletOptions,
  ) {}

  /** Money held: granted to this process, not yet spent or given back. */
  get held(): Micros {
    return this.available + this.open;
  }

  get idleSince(): number {
    return this.lastUse;
  }

  get busy(): boolean {
    return this.open > 0 || this.waiters.length > 0 || this.refilling;
  }

  /** Takes `amount` now if the wallet holds it (and no earlier call is waiting); never waits. */
  tryReserve(amount: Micros): boolean {
    if (this.waiters.length > 0 || !this.spendable(amount)) return false;
    this.take(amount);
    if (this.available < this.lastGrant * this.o.lowWater && !this.refilling) this.refillAhead();
    return true;
  }

  /** Takes `amount`: at once when held, otherwise after a refill; false when none came in time. */
  reserve(amount: Micros): boolean | Promise<boolean> {
    if (this.tryReserve(amount)) return true;
    return new Promise<boolean>((resolve, reject) => {
      this.waiters.push({ amount, deadline: this.o.monotonic() + this.o.maxWaitMs, resolve, reject });
      this.pump();
    });
  }

  /** A call finished costing `cost` of its `reserved`: the rest is available again. */
  settle(reserved: Micros, cost: Micros): void {
    this.open -= reserved;
    this.available += reserved - cost;
    this.burn.add(cost, this.o.monotonic());
    this.serveWaiters();
  }

  /** A call cost nothing: its whole reservation is available again. */
  release(reserved: Micros): void {
    this.settle(reserved, 0);
  }

  /** Gives back every unreserved micro-dollar (idle wallet, changed budget, shutdown); returns how much. */
  drain(): Micros {
    const amount = this.available;
    if (amount <= 0) return 0;
    this.available = 0;
    this.lastGrant = 0;
    this.giveBack(amount);
    return amount;
  }

  private spendable(amount: Micros): boolean {
    if (this.deadline !== null && this.o.monotonic() >= this.deadline) return false;
    return this.available >= amount;
  }

  private take(amount: Micros): void {
    this.available -= amount;
    this.open += amount;
    this.lastUse = this.o.monotonic();
  }

  private serveWaiters(): void {
    let head = this.waiters[0];
    while (head && this.spendable(head.amount)) {
      this.waiters.shift();
      this.take(head.amount);
      head.resolve(true);
      head = this.waiters[0];
    }
    if (this.waiters.length > 0) this.pump();
  }

  private pump(): void {
    if (this.refilling) return;
    this.refilling = true;
    this.refillForWaiters()
      .catch((e: unknown) => {
        this.o.onError?.(e);
        for (const w of this.waiters.splice(0)) w.reject(e);
      })
      .finally(() => {
        this.refilling = false;
        if (this.waiters.length > 0) this.pump();
      });
  }

  private async refillForWaiters(): Promise<void> {
    while (this.waiters.length > 0) {
      const head = this.waiters[0]!;
      const need = Math.max(1, head.amount - this.available);
      const queued = this.waiters.reduce((s, w) => s + w.amount, 0) - this.available;
      const granted = await this.grant(Math.max(need, queued), need);
      if (granted) {
        this.serveWaiters();
        continue;
      }
      // Starved: what is left here is smaller than the call waiting, and may be all another process needs.
      if (this.available > 0 && this.open === 0) this.drain();
      const now = this.o.monotonic();
      while (this.waiters[0] && this.waiters[0].deadline <= now) this.waiters.shift()!.resolve(false);
      if (this.waiters.length > 0) await new Promise((r) => setTimeout(r, this.o.retryMs));
    }
  }

  private refillAhead(): void {
    this.refilling = true;
    this.grant(this.lastGrant, 1)
      .catch((e: unknown) => this.o.onError?.(e))
      .finally(() => {
        this.refilling = false;
        this.serveWaiters();
      });
  }

  private async grant(need: Micros, minUseful: Micros): Promise<boolean> {
    const requested = sliceRequest(need, this.burn.microsPerSec, this.o.horizonMs, this.o.maxSliceMicros);
    const slice = await this.o.funding.grant({ agentId: this.agentId, requested, minUseful, burnMicrosPerSec: this.burn.microsPerSec, at: this.o.now() });
    if (!slice || slice.granted <= 0) return false;
    this.available += slice.granted;
    this.lastGrant = slice.granted;
    this.deadline = slice.spendBeforeMono;
    return true;
  }

  private giveBack(amount: Micros): void {
    try {
      const done = this.o.funding.giveBack(this.agentId, amount);
      if (done instanceof Promise) done.catch((e: unknown) => this.o.onError?.(e));
    } catch (e) {
      this.o.onError?.(e);
    }
  }
}
