import type { Micros } from '../domain/money.ts';
import { release } from './budget.ts';
import { panelError } from './errors.ts';
import type { Budgets } from './grant.ts';
import { heldBy, type Lease, type LeasePolicy } from './lease.ts';
import { checkEpoch } from './refresh.ts';

export interface LeaseSlice extends Budgets {
  lease: Lease;
}

export interface CloseRequest {
  epoch: number;
  finalSeq: number;
}

export interface CloseOutcome extends Budgets {
  lease: Lease;
  released: Micros;
}

/** Returns what a lease still holds to its budgets and ends it in `state`. */
function end(s: LeaseSlice, state: 'closed' | 'settled'): CloseOutcome {
  const released = heldBy(s.lease);
  return {
    lease: { ...s.lease, state },
    agent: release(s.agent, released),
    team: s.team ? release(s.team, released) : null,
    released,
  };
}

/**
 * Ends a lease at the device's request. Every seq up to `finalSeq` must be recorded first (409 `need_seqs`).
 * What is released is computed from the records, never from a figure the device claims. Idempotent.
 */
export function close(s: LeaseSlice, req: CloseRequest, currentEpoch: number): CloseOutcome {
  const { lease } = s;
  if (lease.state === 'closed' || lease.state === 'settled') return { ...s, released: 0 };
  if (req.epoch !== lease.epoch) checkEpoch(lease, currentEpoch, req.epoch);
  if (req.finalSeq > lease.highSeq) {
    throw panelError('CONFLICT', 'need_seqs', `report seqs ${lease.highSeq + 1}–${req.finalSeq} before closing`, {
      fromSeq: lease.highSeq + 1,
      throughSeq: req.finalSeq,
    });
  }
  return end(s, 'closed');
}

/** The lead (or a device revocation) stops a lease: no refresh, and it settles after the settle window. */
export function revoke(s: LeaseSlice, p: LeasePolicy, now: number): LeaseSlice {
  const { lease } = s;
  if (lease.state !== 'active' && lease.state !== 'expired') return s;
  return { ...s, lease: { ...lease, state: 'revoked', expiresAt: Math.min(lease.expiresAt, now), settleAt: Math.min(lease.settleAt, now + p.settleWindowMs) } };
}

/** The reaper's step for one lease: active → expired at `expiresAt`, then → settled at `settleAt`, releasing. */
export function expire(s: LeaseSlice, now: number): CloseOutcome {
  const { lease } = s;
  if ((lease.state === 'active' || lease.state === 'expired' || lease.state === 'revoked') && now >= lease.settleAt) return end(s, 'settled');
  if (lease.state === 'active' && now >= lease.expiresAt) return { ...s, lease: { ...lease, state: 'expired' }, released: 0 };
  return { ...s, released: 0 };
}

/** Whether the reaper has work on this lease at `now`. */
export function isDue(l: Lease, now: number): boolean {
  return (l.state === 'active' && now >= l.expiresAt) || ((l.state === 'expired' || l.state === 'revoked') && now >= l.settleAt);
}
