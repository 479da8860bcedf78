import type { Lease } from '../../panel/lease.ts';
import type { PanelContext } from './panel-context.ts';
import { listDevices } from './store/device-repo.ts';
import { listLeases, listUsage } from './store/ledger-repo.ts';
import { agentByName, listAgents, listUsers } from './store/people-repo.ts';
import { appError } from '../../domain/errors.ts';

/** Read models for lists: stable JSON shapes, money as integer µ$ in `…Micros` fields. */
export interface LeaseView {
  id: string;
  agent: string;
  device: string;
  epoch: number;
  grantedMicros: number;
  capturedMicros: number;
  highSeq: number;
  state: Lease['state'];
  expiresAt: number;
  settleAt: number;
  createdAt: number;
}

export async function leaseViews(ctx: PanelContext, filter: { open?: boolean; deviceId?: string } = {}): Promise<LeaseView[]> {
  const names = new Map((await listAgents(ctx.db)).map((a) => [a.id, a.name]));
  return (await listLeases(ctx.db, filter)).map((l) => ({
    id: l.id,
    agent: names.get(l.agentId) ?? l.agentId,
    device: l.deviceId,
    epoch: l.epoch,
    grantedMicros: l.granted,
    capturedMicros: l.captured,
    highSeq: l.highSeq,
    state: l.state,
    expiresAt: l.expiresAt,
    settleAt: l.settleAt,
    createdAt: l.createdAt,
  }));
}

export interface DeviceView {
  id: string;
  user: string;
  name: string;
  platform: string;
  appVersion: string;
  createdAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
  openLeases: number;
}

export async function deviceViews(ctx: PanelContext, userId?: string): Promise<DeviceView[]> {
  const emails = new Map((await listUsers(ctx.db)).map((u) => [u.id, u.email]));
  const open = await listLeases(ctx.db, { open: true });
  return (await listDevices(ctx.db, userId)).map((d) => ({
    id: d.id,
    user: emails.get(d.user_id) ?? d.user_id,
    name: d.name,
    platform: d.platform,
    appVersion: d.app_version,
    createdAt: Number(d.created_at),
    lastSeenAt: d.last_seen_at === null ? null : Number(d.last_seen_at),
    revokedAt: d.revoked_at === null ? null : Number(d.revoked_at),
    openLeases: open.filter((l) => l.deviceId === d.id).length,
  }));
}

export interface UsageView {
  agent: string;
  lease: string;
  seq: number;
  callId: string;
  provider: string;
  model: string;
  status: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costMicros: number;
  clientCostMicros: number;
  late: boolean;
  flagged: boolean;
  at: number;
}

export async function usageViews(ctx: PanelContext, filter: { agent?: string; since?: number }): Promise<{ records: UsageView[]; totalMicros: number }> {
  let agentId: string | undefined;
  if (filter.agent) {
    const a = await agentByName(ctx.db, filter.agent);
    if (!a) throw appError('NOT_FOUND', `no agent named ${filter.agent}`);
    agentId = a.id;
  }
  const names = new Map((await listAgents(ctx.db)).map((a) => [a.id, a.name]));
  const rows = (await listUsage(ctx.db, { agentId, since: filter.since })).filter((r) => !r.duplicateCall);
  const records = rows.map((r) => ({
    agent: names.get(r.agentId) ?? r.agentId,
    lease: r.leaseId,
    seq: r.seq,
    callId: r.callId,
    provider: r.provider,
    model: r.model,
    status: r.status,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cacheReadTokens: r.cacheReadTokens,
    cacheWriteTokens: r.cacheWriteTokens,
    costMicros: r.costMicros,
    clientCostMicros: r.clientCostMicros,
    late: r.late,
    flagged: r.flagged,
    at: r.at,
  }));
  return { records, totalMicros: records.reduce((s, r) => s + r.costMicros, 0) };
}
