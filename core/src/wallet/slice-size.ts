import type { Micros } from '../domain/money.ts';

/** How big a slice to ask for: enough for `horizonMs` at the recent pace, never less than the call waiting. */
export function sliceRequest(need: Micros, burnMicrosPerSec: number, horizonMs: number, maxSlice: Micros): Micros {
  const byPace = Math.ceil((burnMicrosPerSec * horizonMs) / 1_000);
  return Math.max(need, Math.min(maxSlice, byPace));
}

/**
 * How much of `headroom` to grant. Half the headroom at most (others may be asking too), so grants shrink
 * geometrically as the budget drains until each covers exactly one call; null below `minUseful`.
 */
export function sliceGrant(requested: Micros, minUseful: Micros, headroom: Micros): Micros | null {
  if (headroom < minUseful || minUseful <= 0 && headroom <= 0) return null;
  return Math.min(requested, headroom, Math.max(minUseful, Math.floor(headroom / 2)));
}

/** Exponentially weighted spending pace in µ$ per second. */
export class BurnRate {
  private rate = 0;
  private last: number | undefined;

  constructor(private readonly halfLifeMs = 2_000) {}

  /** Adds `amount` spent at monotonic time `now`. */
  add(amount: Micros, now: number): void {
    const dt = this.last === undefined ? this.halfLifeMs : Math.max(1, now - this.last);
    this.last = now;
    const decay = Math.pow(0.5, dt / this.halfLifeMs);
    this.rate = this.rate * decay + (amount * 1_000 * (1 - decay)) / dt;
  }

  get microsPerSec(): number {
    return this.rate;
  }
}
