import type { Micros } from '../domain/money.ts';
import { reserve } from './budget.ts';
import { panelError } from './errors.ts';
import { freeFor, type Budgets } from './grant.ts';
import type { Lease, LeasePolicy } from './lease.ts';
import { leaseSize } from './lease-size.ts';

export interface RefreshSlice extends Budgets {
  lease: Lease;
  /** The highest epoch handed out for the lease's agent and device. */
  epoch: number;
  otherActiveDevices: number;
}

export interface RefreshRequest {
  epoch: number;
  reportedThroughSeq: number;
  requested: Micros;
  /** µ$/s the device spent recently; 0 when unknown. */
  burnRate?: number;
}

export interface RefreshOutcome extends Budgets {
  lease: Lease;
  toppedUp: Micros;
}

/** Checks the lease may still be refreshed or closed by this epoch; throws the protocol's 409s otherwise. */
export function checkEpoch(lease: Lease, currentEpoch: number, requestEpoch: number): void {
  if (requestEpoch !== lease.epoch || currentEpoch !== lease.epoch) {
    throw panelError('CONFLICT', 'stale_epoch', `lease ${lease.id} was superseded (epoch ${currentEpoch})`, { epoch: currentEpoch });
  }
}

/** Extends an active lease's TTL and tops it up to what the panel would lend now. Needs every reported seq first. */
export function refresh(s: RefreshSlice, req: RefreshRequest, p: LeasePolicy, now: number): RefreshOutcome {
  const { lease } = s;
  checkEpoch(lease, s.epoch, req.epoch);
  if (lease.state !== 'active') {
    throw panelError('CONFLICT', 'lease_not_active', `lease ${lease.id} is ${lease.state}`, { state: lease.state });
  }
  if (now >= lease.expiresAt) {
    throw panelError('CONFLICT', 'lease_expired', `lease ${lease.id} expired`, { state: 'expired' });
  }
  if (req.reportedThroughSeq > lease.highSeq) {
    throw panelError('CONFLICT', 'need_seqs', `report seqs ${lease.highSeq + 1}–${req.reportedThroughSeq} first`, {
      fromSeq: lease.highSeq + 1,
      throughSeq: req.reportedThroughSeq,
    });
  }
  const remaining = Math.max(0, lease.granted - lease.captured);
  const free = freeFor(s);
  const target = free > 0 ? leaseSize(p, { requested: req.requested, minUseful: 1, burnRate: req.burnRate ?? 0, available: free + remaining, otherActiveDevices: s.otherActiveDevices }) : 0;
  const toppedUp = Math.max(0, Math.min(target - remaining, free));
  const extended: Lease = { ...lease, granted: lease.granted + toppedUp, expiresAt: now + p.ttlMs, settleAt: now + p.ttlMs + p.settleWindowMs };
  return {
    agent: reserve(s.agent, toppedUp),
    team: s.team ? reserve(s.team, toppedUp) : null,
    lease: extended,
    toppedUp,
  };
}
