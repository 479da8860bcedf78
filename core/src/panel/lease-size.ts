import type { Micros } from '../domain/money.ts';
import { refreshAfterMs, type LeasePolicy } from './lease.ts';

export interface SizeInput {
  /** What the device asks for. */
  requested: Micros;
  /** One call's worst case: a lease smaller than this is useless. */
  minUseful: Micros;
  /** The device's recent spend per second, in µ$/s (0 when unknown). */
  burnRate: number;
  /** Free money: the smaller of the agent's and its team's `available`. */
  available: Micros;
  /** Devices other than the asker already holding an active lease on the agent. */
  otherActiveDevices: number;
}

/**
 * How much to lend. Adaptive: enough for two refresh intervals at the current burn rate, clamped to the policy's
 * min and max, and capped at a fair share of what is left so one device cannot starve the others. Last mile: once
 * `available < 3 × min`, a lease covers one call's worst case only, so overshoot stays 0 however the race ends.
 * Returns 0 when nothing useful fits (the caller answers 402).
 */
export function leaseSize(p: LeasePolicy, s: SizeInput): Micros {
  const want = Math.max(s.requested, 0);
  if (s.available < s.minUseful || want < s.minUseful) return 0;
  if (s.available < 3 * p.leaseSizeMin) return Math.min(s.minUseful, s.available);
  // An unknown burn rate (a first grant) lends up to the maximum; the request and the fair share still cap it.
  const adaptive = s.burnRate > 0 ? clamp(Math.ceil(s.burnRate * 2 * (refreshAfterMs(p) / 1000)), p.leaseSizeMin, p.leaseSizeMax) : p.leaseSizeMax;
  const fairShare = Math.floor(s.available / (s.otherActiveDevices + 1));
  const size = Math.min(want, adaptive, fairShare, s.available);
  return size >= s.minUseful ? size : Math.min(s.minUseful, s.available);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
