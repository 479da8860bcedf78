import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../domain/clock.ts';
import { addUser, createAgent, listAgentViews } from './admin-service.ts';
import { closeLease, grantLease, reportUsage } from './lease-service.ts';
import { openPanel } from './open-panel.ts';
import type { PanelContext } from './panel-context.ts';
import { insertDevice, type DeviceRow } from './store/device-repo.ts';

let ctx: PanelContext | undefined;
let dir = '';
afterEach(async () => {
  await ctx?.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('budget periods on the panel', () => {
  it('starts committed from zero in a new daily window, in the panel time zone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ic-panel-period-'));
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    ctx = openPanel({ dataDir: dir, clock, timeZone: 'UTC' });
    const cli = { kind: 'cli' } as const;
    const user = await addUser(ctx, cli, { email: 'dev@example.com', role: 'member', password: 'correct horse battery' });
    await createAgent(ctx, cli, { name: 'bot', owner: 'dev@example.com', budgetMicros: 2_000_000, period: 'daily' });
    const device: DeviceRow = { id: 'dev_1', user_id: user.id, name: 'l', platform: 'linux', app_version: 't', sign_pub: 'x', kem_pub: 'y', created_at: clock.now(), last_seen_at: null, revoked_at: null };
    await insertDevice(ctx.db, device);
    const g = await grantLease(ctx, device, { agent: 'bot', requestedMicros: 2_000_000, minUsefulMicros: 1_000, burnRate: 0 });
    const r = { seq: 1, callId: 'c1', provider: 'openai', model: 'gpt-4o-mini', status: 'ok', inputTokens: 100_000, outputTokens: 100_000, cacheReadTokens: 0, cacheWriteTokens: 0, clientCostMicros: 75_000 };
    await reportUsage(ctx, device, g.lease.id, { epoch: g.lease.epoch, batchId: 'b', records: [r] });
    await closeLease(ctx, device, g.lease.id, { epoch: g.lease.epoch, finalSeq: 1, reason: 'done' });
    expect((await listAgentViews(ctx))[0]).toMatchObject({ committedMicros: 75_000, availableMicros: 1_925_000 });
    // The same day: only what is left can be lent.
    const same = await grantLease(ctx, device, { agent: 'bot', requestedMicros: 2_000_000, minUsefulMicros: 1_000, burnRate: 0 });
    expect(same.lease.granted).toBe(1_925_000);
    await closeLease(ctx, device, same.lease.id, { epoch: same.lease.epoch, finalSeq: 0, reason: 'done' });
    clock.advance(24 * 3_600_000);
    const next = await grantLease(ctx, device, { agent: 'bot', requestedMicros: 2_000_000, minUsefulMicros: 1_000, burnRate: 0 });
    expect(next.lease.granted).toBe(2_000_000);
    expect((await listAgentViews(ctx))[0]?.committedMicros).toBe(0);
  });
});
