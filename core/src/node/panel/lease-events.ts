import { revoke } from '../../panel/settle.ts';
import type { SqlExecutor } from '../../panel/store-port.ts';
import { appendAudit } from './store/audit-repo.ts';
import { pushEvent } from './store/device-repo.ts';
import { leaseById, listLeases, updateLease, saveBudgets } from './store/ledger-repo.ts';
import { currentBudgets } from './store/period-roll.ts';
import { appError } from '../../domain/errors.ts';
import { actorName, type Actor, type PanelContext } from './panel-context.ts';
import type { Lease } from '../../panel/lease.ts';

/** Revokes one lease inside the caller's transaction: audited, and pushed to the device that holds it. */
export async function revokeLeaseIn(ctx: PanelContext, ex: SqlExecutor, lease: Lease, actor: Actor, why: string): Promise<boolean> {
  if (lease.state !== 'active' && lease.state !== 'expired') return false;
  const now = ctx.clock.now();
  const out = revoke({ lease, ...(await currentBudgets(ex, lease.agentId, lease.teamId, now, ctx.timeZone)) }, ctx.policy, now);
  await updateLease(ex, out.lease);
  await saveBudgets(ex, lease.agentId, lease.teamId, out.agent, out.team);
  await appendAudit(ex, now, { actor: actorName(actor), action: 'lease.revoked', target: lease.id, details: { agentId: lease.agentId, deviceId: lease.deviceId, why } });
  await pushEvent(ex, lease.deviceId, 'lease.revoked', { lease: lease.id, agentId: lease.agentId, why }, now);
  return true;
}

/** Revokes every open lease matching a filter (an agent stopped, a device revoked). */
export async function revokeLeasesWhere(ctx: PanelContext, ex: SqlExecutor, match: (l: Lease) => boolean, actor: Actor, why: string): Promise<number> {
  let n = 0;
  for (const l of await listLeases(ex, { open: true })) {
    if (match(l) && (await revokeLeaseIn(ctx, ex, l, actor, why))) n++;
  }
  return n;
}

/** Tells every device that holds or may hold an agent's leases: the owner's devices. */
export async function pushToAgentDevices(ex: SqlExecutor, ownerId: string, type: string, data: Record<string, unknown>, now: number): Promise<void> {
  const devices = await ex.all<{ id: string }>('SELECT id FROM devices WHERE user_id = ? AND revoked_at IS NULL', [ownerId]);
  for (const d of devices) await pushEvent(ex, d.id, type, data, now);
}

/** A lead or admin revokes one lease by id. */
export async function revokeLease(ctx: PanelContext, actor: Actor, leaseId: string): Promise<boolean> {
  return ctx.db.tx(async (ex) => {
    const lease = await leaseById(ex, leaseId);
    if (!lease) throw appError('NOT_FOUND', `no lease ${leaseId}`);
    return revokeLeaseIn(ctx, ex, lease, actor, 'revoked by an administrator');
  });
}
