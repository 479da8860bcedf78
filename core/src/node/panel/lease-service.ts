import { appError } from '../../domain/errors.ts';
import { panelError } from '../../panel/errors.ts';
import { grant, grantTiming } from '../../panel/grant.ts';
import type { Lease } from '../../panel/lease.ts';
import { refresh } from '../../panel/refresh.ts';
import { close, expire, isDue } from '../../panel/settle.ts';
import type { SqlExecutor } from '../../panel/store-port.ts';
import { recordUsage, type UsageRecordIn } from '../../panel/usage.ts';
import { panelPricer } from './panel-pricing.ts';
import type { PanelContext } from './panel-context.ts';
import { newId } from './secrets.ts';
import { appendAudit } from './store/audit-repo.ts';
import type { DeviceRow } from './store/device-repo.ts';
import * as ledger from './store/ledger-repo.ts';
import { agentByName, agentById, type AgentRow } from './store/people-repo.ts';
import { currentBudgets } from './store/period-roll.ts';

export interface Directive {
  type: 'lease.revoked' | 'agent.stopped' | 'device.revoked';
  lease?: string;
  agent?: string;
}

/** What a device must obey, derived from the ledger on every response, so a blocked push channel loses nothing. */
export async function directivesFor(ex: SqlExecutor, deviceId: string): Promise<Directive[]> {
  const rows = await ex.all<{ id: string; state: string; name: string; status: string }>(
    "SELECT l.id, l.state, a.name, a.status FROM leases l JOIN agents a ON a.id = l.agent_id WHERE l.device_id = ? AND l.state IN ('active', 'expired', 'revoked') ORDER BY l.created_at",
    [deviceId],
  );
  const out: Directive[] = [];
  const stopped = new Set<string>();
  for (const r of rows) {
    if (r.state === 'revoked') out.push({ type: 'lease.revoked', lease: r.id, agent: r.name });
    if (r.status === 'suspended' && !stopped.has(r.name)) {
      stopped.add(r.name);
      out.push({ type: 'agent.stopped', agent: r.name });
    }
  }
  return out;
}

function leaseAudit(l: Lease): Record<string, unknown> {
  return { agentId: l.agentId, deviceId: l.deviceId, epoch: l.epoch, grantedMicros: l.granted, capturedMicros: l.captured, state: l.state };
}

async function ownLease(ex: SqlExecutor, device: DeviceRow, leaseId: string): Promise<Lease> {
  const lease = await ledger.leaseById(ex, leaseId);
  // Another device's lease is reported as absent: a device learns nothing about leases it does not hold.
  if (!lease || lease.deviceId !== device.id) throw appError('NOT_FOUND', `no lease ${leaseId} on this device`);
  return lease;
}

export interface GrantInput {
  agent: string;
  requestedMicros: number;
  minUsefulMicros: number;
  burnRate: number;
}

export async function grantLease(ctx: PanelContext, device: DeviceRow, input: GrantInput): Promise<{ lease: Lease; agent: AgentRow; timing: ReturnType<typeof grantTiming> }> {
  return ctx.db.tx(async (ex) => {
    const agent = await agentByName(ex, input.agent);
    if (!agent || agent.owner_id !== device.user_id) throw appError('NOT_FOUND', `no agent ${input.agent} for this device`);
    if (agent.status !== 'active') throw panelError('AGENT_SUSPENDED', 'agent_suspended', `agent ${agent.name} is suspended`);
    const now = ctx.clock.now();
    const budgets = await currentBudgets(ex, agent.id, agent.team_id, now, ctx.timeZone);
    const out = grant(
      {
        ...budgets,
        current: await ledger.activeLease(ex, agent.id, device.id),
        epoch: await ledger.currentEpoch(ex, agent.id, device.id),
        otherActiveDevices: await ledger.otherActiveDevices(ex, agent.id, device.id),
      },
      { agentId: agent.id, teamId: agent.team_id, deviceId: device.id, requested: input.requestedMicros, minUseful: input.minUsefulMicros, burnRate: input.burnRate },
      ctx.policy,
      now,
      newId('lease'),
    );
    if (out.frozen) {
      await ledger.updateLease(ex, out.frozen);
      await appendAudit(ex, now, { actor: `device:${device.id}`, action: 'lease.frozen', target: out.frozen.id, details: leaseAudit(out.frozen) });
    }
    await ledger.insertLease(ex, out.lease);
    await ledger.saveEpoch(ex, agent.id, device.id, out.lease.epoch);
    await ledger.saveBudgets(ex, agent.id, agent.team_id, out.agent, out.team);
    await appendAudit(ex, now, { actor: `device:${device.id}`, action: 'lease.granted', target: out.lease.id, details: leaseAudit(out.lease) });
    return { lease: out.lease, agent, timing: grantTiming(ctx.policy) };
  });
}

export async function refreshLease(ctx: PanelContext, device: DeviceRow, leaseId: string, input: { epoch: number; reportedThroughSeq: number; requestedMicros: number; burnRate?: number }): Promise<Lease> {
  return ctx.db.tx(async (ex) => {
    const lease = await ownLease(ex, device, leaseId);
    const agent = await agentById(ex, lease.agentId);
    if (agent?.status !== 'active') throw panelError('AGENT_SUSPENDED', 'agent_suspended', 'the agent is suspended');
    const now = ctx.clock.now();
    const out = refresh(
      {
        ...(await currentBudgets(ex, lease.agentId, lease.teamId, now, ctx.timeZone)),
        lease,
        epoch: await ledger.currentEpoch(ex, lease.agentId, device.id),
        otherActiveDevices: await ledger.otherActiveDevices(ex, lease.agentId, device.id),
      },
      { epoch: input.epoch, reportedThroughSeq: input.reportedThroughSeq, requested: input.requestedMicros, burnRate: input.burnRate ?? 0 },
      ctx.policy,
      now,
    );
    await ledger.updateLease(ex, out.lease);
    await ledger.saveBudgets(ex, lease.agentId, lease.teamId, out.agent, out.team);
    if (out.toppedUp > 0) await appendAudit(ex, now, { actor: `device:${device.id}`, action: 'lease.topped_up', target: lease.id, details: { ...leaseAudit(out.lease), toppedUpMicros: out.toppedUp } });
    return out.lease;
  });
}

export async function reportUsage(ctx: PanelContext, device: DeviceRow, leaseId: string, input: { epoch: number; batchId: string; records: UsageRecordIn[] }): Promise<{ lease: Lease; duplicates: number[]; inserted: number }> {
  return ctx.db.tx(async (ex) => {
    const lease = await ownLease(ex, device, leaseId);
    const now = ctx.clock.now();
    const ctxRows = await ledger.usageContext(ex, lease, input.records.map((r) => r.seq), input.records.map((r) => r.callId));
    const price = await panelPricer(ctx, ex);
    const out = recordUsage({ ...(await currentBudgets(ex, lease.agentId, lease.teamId, now, ctx.timeZone)), lease, ...ctxRows }, { epoch: input.epoch, records: input.records }, price, now);
    for (const r of out.inserted) await ledger.insertRecord(ex, lease.agentId, r);
    await ledger.updateLease(ex, out.lease);
    await ledger.saveBudgets(ex, lease.agentId, lease.teamId, out.agent, out.team);
    const charged = out.inserted.filter((r) => !r.duplicateCall);
    if (charged.length > 0) {
      await appendAudit(ex, now, {
        actor: `device:${device.id}`,
        action: 'lease.captured',
        target: lease.id,
        details: { batchId: input.batchId, records: charged.length, costMicros: charged.reduce((s, r) => s + r.costMicros, 0), late: charged.some((r) => r.late), flagged: charged.filter((r) => r.flagged).length },
      });
    }
    return { lease: out.lease, duplicates: out.duplicates, inserted: out.inserted.length };
  });
}

export async function closeLease(ctx: PanelContext, device: DeviceRow, leaseId: string, input: { epoch: number; finalSeq: number; reason: string }): Promise<{ lease: Lease; released: number }> {
  return ctx.db.tx(async (ex) => {
    const lease = await ownLease(ex, device, leaseId);
    const now = ctx.clock.now();
    const out = close({ ...(await currentBudgets(ex, lease.agentId, lease.teamId, now, ctx.timeZone)), lease }, { epoch: input.epoch, finalSeq: input.finalSeq }, await ledger.currentEpoch(ex, lease.agentId, device.id));
    if (out.lease.state !== lease.state) {
      await ledger.updateLease(ex, out.lease);
      await ledger.saveBudgets(ex, lease.agentId, lease.teamId, out.agent, out.team);
      await appendAudit(ex, now, { actor: `device:${device.id}`, action: 'lease.closed', target: lease.id, details: { ...leaseAudit(out.lease), releasedMicros: out.released, reason: input.reason } });
    }
    return { lease: out.lease, released: out.released };
  });
}

/** The reaper: moves due leases to expired, then settled (releasing their reserve). Safe to run anywhere, any time. */
export async function reapLeases(ctx: PanelContext): Promise<number> {
  return ctx.db.tx(async (ex) => {
    const now = ctx.clock.now();
    let n = 0;
    for (const lease of await ledger.dueLeases(ex, now)) {
      const first = expire({ ...(await currentBudgets(ex, lease.agentId, lease.teamId, now, ctx.timeZone)), lease }, now);
      // A lease past both its expiry and its settle time moves through both in one pass.
      const second = isDue(first.lease, now) ? expire(first, now) : { ...first, released: 0 };
      const out = { ...second, released: first.released + second.released };
      await ledger.updateLease(ex, out.lease);
      await ledger.saveBudgets(ex, lease.agentId, lease.teamId, out.agent, out.team);
      await appendAudit(ex, now, { actor: 'panel', action: `lease.${out.lease.state}`, target: lease.id, details: { ...leaseAudit(out.lease), releasedMicros: out.released } });
      n++;
    }
    await ex.run('DELETE FROM device_events WHERE at < ?', [now - 24 * 3_600_000]);
    return n;
  });
}
