import type { Micros } from '../domain/money.ts';

export type LeaseState = 'active' | 'expired' | 'settled' | 'closed' | 'revoked';

/** A lease lends part of a budget to one device for one agent, until it is closed or settles. */
export interface Lease {
  id: string;
  agentId: string;
  teamId: string | null;
  deviceId: string;
  epoch: number;
  granted: Micros;
  captured: Micros;
  /** Highest seq such that every seq from 1 to it has been recorded. */
  highSeq: number;
  state: LeaseState;
  ttlMs: number;
  expiresAt: number;
  settleAt: number;
  createdAt: number;
}

/** Leases in these states still hold `granted − captured` in reserve: usage may still arrive for them. */
export function isReserving(state: LeaseState): boolean {
  return state === 'active' || state === 'expired' || state === 'revoked';
}

export function heldBy(l: Lease): Micros {
  return isReserving(l.state) ? Math.max(0, l.granted - l.captured) : 0;
}

/** The timing a panel lends with; `leaseSizeMax` is the largest lease (MODEL-C's $10). */
export interface LeasePolicy {
  ttlMs: number;
  settleWindowMs: number;
  leaseSizeMin: Micros;
  leaseSizeMax: Micros;
  /** A device reports at least this often (ms); also handed to the device in the grant. */
  reportEveryMs: number;
  /** What a device may spend while it cannot reach the panel, at most. */
  offlineCap: Micros;
}

export const DEFAULT_POLICY: LeasePolicy = {
  ttlMs: 300_000,
  settleWindowMs: 120_000,
  leaseSizeMin: 500_000,
  leaseSizeMax: 10_000_000,
  reportEveryMs: 5_000,
  offlineCap: 2_000_000,
};

/** When a device should refresh: at a third of the TTL. */
export function refreshAfterMs(p: LeasePolicy): number {
  return Math.floor(p.ttlMs / 3);
}
