import type { Budget } from './budget.ts';
import { grant, type Budgets, type GrantRequest } from './grant.ts';
import type { Lease, LeasePolicy } from './lease.ts';
import { refresh, type RefreshRequest } from './refresh.ts';
import { close, expire, isDue, revoke, type CloseRequest } from './settle.ts';
import { recordUsage, type PriceRecord, type UsageBatch, type UsageRecord } from './usage.ts';

/**
 * The whole panel ledger in memory, driving the same pure transitions the stores run inside their transactions.
 * It is the reference the property tests check the invariants on, and documents how a store composes a slice.
 */
export class MemoryLedger {
  readonly agents = new Map<string, Budget & { teamId: string | null }>();
  readonly teams = new Map<string, Budget>();
  readonly leases = new Map<string, Lease>();
  readonly records = new Map<string, UsageRecord>();
  private readonly epochs = new Map<string, number>();
  private nextId = 1;

  constructor(private readonly policy: LeasePolicy, private readonly price: PriceRecord) {}

  private budgets(agentId: string): Budgets {
    const a = this.agents.get(agentId);
    if (!a) throw new Error(`no agent ${agentId}`);
    return { agent: a, team: a.teamId ? (this.teams.get(a.teamId) ?? null) : null };
  }

  private store(agentId: string, b: Budgets, lease?: Lease): void {
    const a = this.agents.get(agentId);
    if (!a) throw new Error(`no agent ${agentId}`);
    this.agents.set(agentId, { ...b.agent, teamId: a.teamId });
    if (a.teamId && b.team) this.teams.set(a.teamId, b.team);
    if (lease) this.leases.set(lease.id, lease);
  }

  private otherActiveDevices(agentId: string, deviceId: string): number {
    const devices = new Set<string>();
    for (const l of this.leases.values()) if (l.agentId === agentId && l.state === 'active' && l.deviceId !== deviceId) devices.add(l.deviceId);
    return devices.size;
  }

  grant(req: Omit<GrantRequest, 'teamId'>, now: number): Lease {
    const key = `${req.agentId}/${req.deviceId}`;
    const current = [...this.leases.values()].find((l) => l.agentId === req.agentId && l.deviceId === req.deviceId && l.state === 'active') ?? null;
    const teamId = this.agents.get(req.agentId)?.teamId ?? null;
    const out = grant(
      { ...this.budgets(req.agentId), current, epoch: this.epochs.get(key) ?? 0, otherActiveDevices: this.otherActiveDevices(req.agentId, req.deviceId) },
      { ...req, teamId },
      this.policy,
      now,
      `L${this.nextId++}`,
    );
    this.epochs.set(key, out.lease.epoch);
    if (out.frozen) this.leases.set(out.frozen.id, out.frozen);
    this.store(req.agentId, out, out.lease);
    return out.lease;
  }

  refresh(leaseId: string, req: RefreshRequest, now: number): Lease {
    const lease = this.lease(leaseId);
    const out = refresh(
      { ...this.budgets(lease.agentId), lease, epoch: this.epoch(lease), otherActiveDevices: this.otherActiveDevices(lease.agentId, lease.deviceId) },
      req,
      this.policy,
      now,
    );
    this.store(lease.agentId, out, out.lease);
    return out.lease;
  }

  usage(leaseId: string, batch: UsageBatch, now: number): { inserted: UsageRecord[]; duplicates: number[] } {
    const lease = this.lease(leaseId);
    const knownBySeq = new Map<number, UsageRecord>();
    const knownCallIds = new Set<string>();
    const seqsAbove = new Set<number>();
    for (const r of this.records.values()) {
      if (r.leaseId === leaseId && r.seq > lease.highSeq) seqsAbove.add(r.seq);
    }
    for (const r of batch.records) {
      const k = this.records.get(`${leaseId}#${r.seq}`);
      if (k) knownBySeq.set(r.seq, k);
      if ([...this.records.values()].some((x) => x.callId === r.callId)) knownCallIds.add(r.callId);
    }
    const out = recordUsage({ ...this.budgets(lease.agentId), lease, knownBySeq, knownCallIds, seqsAbove }, batch, this.price, now);
    for (const r of out.inserted) this.records.set(`${leaseId}#${r.seq}`, r);
    this.store(lease.agentId, out, out.lease);
    return out;
  }

  close(leaseId: string, req: CloseRequest): number {
    const lease = this.lease(leaseId);
    const out = close({ ...this.budgets(lease.agentId), lease }, req, this.epoch(lease));
    this.store(lease.agentId, out, out.lease);
    return out.released;
  }

  revoke(leaseId: string, now: number): void {
    const lease = this.lease(leaseId);
    const out = revoke({ ...this.budgets(lease.agentId), lease }, this.policy, now);
    this.store(lease.agentId, out, out.lease);
  }

  /** The reaper: one pass over every lease that is due. */
  reap(now: number): void {
    for (const lease of [...this.leases.values()]) {
      if (!isDue(lease, now)) continue;
      let out = expire({ ...this.budgets(lease.agentId), lease }, now);
      if (isDue(out.lease, now)) out = expire(out, now);
      this.store(lease.agentId, out, out.lease);
    }
  }

  private lease(id: string): Lease {
    const l = this.leases.get(id);
    if (!l) throw new Error(`no lease ${id}`);
    return l;
  }

  private epoch(l: Lease): number {
    return this.epochs.get(`${l.agentId}/${l.deviceId}`) ?? 0;
  }
}
