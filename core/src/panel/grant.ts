import type { Micros } from '../domain/money.ts';
import { available, reserve, type Budget } from './budget.ts';
import { panelError } from './errors.ts';
import { refreshAfterMs, type Lease, type LeasePolicy } from './lease.ts';
import { leaseSize } from './lease-size.ts';

/** The budgets a lease draws on: its agent's, and its team's cap when the team has one. */
export interface Budgets {
  agent: Budget;
  team: Budget | null;
}

export interface GrantSlice extends Budgets {
  /** The device's current active lease on this agent, if any: a new grant freezes it. */
  current: Lease | null;
  /** The highest epoch handed out for this agent and device (0 if none). */
  epoch: number;
  otherActiveDevices: number;
}

export interface GrantRequest {
  agentId: string;
  teamId: string | null;
  deviceId: string;
  requested: Micros;
  minUseful: Micros;
  burnRate: number;
}

export interface GrantOutcome extends Budgets {
  lease: Lease;
  frozen: Lease | null;
}

/** Free money for an agent: its own `available`, capped by its team's. */
export function freeFor(b: Budgets): Micros {
  return Math.min(available(b.agent), b.team ? available(b.team) : Number.MAX_SAFE_INTEGER);
}

/** Lends part of the budget to a device. Bumps the epoch and freezes the device's previous lease on the agent. */
export function grant(s: GrantSlice, req: GrantRequest, p: LeasePolicy, now: number, leaseId: string): GrantOutcome {
  const size = leaseSize(p, {
    requested: req.requested,
    minUseful: req.minUseful,
    burnRate: req.burnRate,
    available: freeFor(s),
    otherActiveDevices: s.otherActiveDevices,
  });
  if (size <= 0) {
    throw panelError('BUDGET_EXCEEDED', 'insufficient_budget', 'the budget has less left than one useful call', {
      availableMicros: freeFor(s),
      minUsefulMicros: req.minUseful,
    });
  }
  const frozen = s.current ? freeze(s.current, p, now) : null;
  const lease: Lease = {
    id: leaseId,
    agentId: req.agentId,
    teamId: req.teamId,
    deviceId: req.deviceId,
    epoch: s.epoch + 1,
    granted: size,
    captured: 0,
    highSeq: 0,
    state: 'active',
    ttlMs: p.ttlMs,
    expiresAt: now + p.ttlMs,
    settleAt: now + p.ttlMs + p.settleWindowMs,
    createdAt: now,
  };
  return { agent: reserve(s.agent, size), team: s.team ? reserve(s.team, size) : null, lease, frozen };
}

/** A superseded lease takes no refresh; it keeps its reserve until it settles, since usage may still arrive. */
export function freeze(l: Lease, p: LeasePolicy, now: number): Lease {
  if (l.state !== 'active') return l;
  return { ...l, state: 'expired', expiresAt: Math.min(l.expiresAt, now), settleAt: Math.min(l.settleAt, now + p.settleWindowMs) };
}

/** What the grant response tells the device about timing. */
export function grantTiming(p: LeasePolicy): { ttlMs: number; refreshAfterMs: number; settleWindowMs: number; reportEveryMs: number; offlineCapMicros: Micros } {
  return { ttlMs: p.ttlMs, refreshAfterMs: refreshAfterMs(p), settleWindowMs: p.settleWindowMs, reportEveryMs: p.reportEveryMs, offlineCapMicros: p.offlineCap };
}
