import { panelError } from '../../panel/errors.ts';
import { actorName, type Actor, type PanelContext } from './panel-context.ts';
import { appendAudit } from './store/audit-repo.ts';

/**
 * After a restore from a backup, devices may hold leases the backup never saw: the restored ledger thinks that
 * money is available. So the panel grants nothing new (no new lease, no top-up) until every such lease has lapsed
 * on its own: TTL + settle window after the restore. The restore is an audited fact, so every instance that
 * starts within the window agrees on when it ends.
 */
export const RESTORED_ACTION = 'panel.restored';

export async function markRestored(ctx: PanelContext, actor: Actor, note?: string): Promise<{ restoredAt: number; grantsFrozenUntil: number }> {
  const restoredAt = ctx.clock.now();
  await ctx.db.tx((ex) => appendAudit(ex, restoredAt, { actor: actorName(actor), action: RESTORED_ACTION, target: null, details: { note: note ?? 'restored from a backup' } }));
  return { restoredAt, grantsFrozenUntil: restoredAt + ctx.policy.ttlMs + ctx.policy.settleWindowMs };
}

/** When new grants may resume, or null when the panel is not inside a post-restore window. */
export async function readGrantsFrozenUntil(ctx: PanelContext): Promise<number | null> {
  const r = await ctx.db.get<{ at: number }>('SELECT at FROM panel_audit WHERE action = ? ORDER BY seq DESC LIMIT 1', [RESTORED_ACTION]);
  if (!r) return null;
  const until = Number(r.at) + ctx.policy.ttlMs + ctx.policy.settleWindowMs;
  return until > ctx.clock.now() ? until : null;
}

/** Throws while grants are frozen after a restore. */
export function assertGrantsOpen(ctx: PanelContext, now: number): void {
  const until = ctx.grantsFrozenUntil;
  if (until && now < until) {
    throw panelError('CONFLICT', 'panel_restoring', `the panel was restored from a backup: it grants nothing new until ${new Date(until).toISOString()} (TTL + settle window), so that leases missing from the backup lapse first`, { retryAfterMs: until - now });
  }
}
