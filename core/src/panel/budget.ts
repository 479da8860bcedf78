import type { Micros } from '../domain/money.ts';

/**
 * A central budget (an agent's, or a team's cap on its agents together). `available = limit − committed − reserved`
 * is kept ≥ 0 by every grant; only usage that arrives after its lease settled can push past it, and that excess is
 * counted in `overshoot` so it is visible rather than silent.
 */
export interface Budget {
  limit: Micros;
  committed: Micros;
  reserved: Micros;
  overshoot: Micros;
}

export function available(b: Budget): Micros {
  return Math.max(0, b.limit - b.committed - b.reserved);
}

/** Reserves `delta` (a grant or top-up); the caller has checked it fits. */
export function reserve(b: Budget, delta: Micros): Budget {
  return { ...b, reserved: b.reserved + delta };
}

/** Moves money between states: `cost` becomes committed, and the lease's reserve changes by `reserveDelta` (≤ 0). */
export function capture(b: Budget, cost: Micros, reserveDelta: Micros): Budget {
  const before = Math.max(0, b.committed + b.reserved - b.limit);
  const committed = b.committed + cost;
  const reserved = b.reserved + reserveDelta;
  const after = Math.max(0, committed + reserved - b.limit);
  return { ...b, committed, reserved, overshoot: b.overshoot + Math.max(0, after - before) };
}

export function release(b: Budget, amount: Micros): Budget {
  return { ...b, reserved: b.reserved - amount };
}
