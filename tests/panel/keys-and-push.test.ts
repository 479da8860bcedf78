import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAgentViews, setAgentStatus } from '../../core/src/node/panel/admin-service.ts';
import type { PanelDeviceClient} from '../../core/src/node/panel/device-client.ts';
import { type DeviceEvent } from '../../core/src/node/panel/device-client.ts';
import { revokeLease } from '../../core/src/node/panel/lease-events.ts';
import { CLI, PROVIDER_KEY, rec, startFixture, type PanelFixture } from './panel-fixture.ts';

let fx: PanelFixture;
beforeAll(async () => {
  fx = await startFixture({ ttlMs: 1_500, settleWindowMs: 1_000 });
});
afterAll(async () => {
  await fx.close();
});

const until = async (check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('sealed keys', () => {
  it('a key envelope opens only on its device, lease and epoch; a tampered one fails', async () => {
    const dev = await fx.device();
    const g = await dev.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    expect(g.keyMode).toBe('sealed');
    const env = g.keyEnvelopes[0]!;
    expect(JSON.stringify(g)).not.toContain(PROVIDER_KEY);
    expect(await dev.openKey(env, { id: g.lease, epoch: g.epoch })).toBe(PROVIDER_KEY);

    const other = await fx.device('dev@example.com', 'second');
    await expect(other.openKey(env, { id: g.lease, epoch: g.epoch })).rejects.toThrow(/another device/);
    // The same envelope relabelled for the other device: the panel's signature no longer matches.
    const relabelled = { ...env, info: env.info.replace(dev.identity.deviceId, other.identity.deviceId) };
    await expect(other.openKey(relabelled, { id: g.lease, epoch: g.epoch })).rejects.toThrow(/not signed/);
    await expect(dev.openKey(env, { id: g.lease, epoch: g.epoch + 1 })).rejects.toThrow();
    const flipped = env.ct.slice(0, -2) + (env.ct.endsWith('AA') ? 'BB' : 'AA');
    await expect(dev.openKey({ ...env, ct: flipped }, { id: g.lease, epoch: g.epoch })).rejects.toThrow();
    // A signed but re-sealed ciphertext (wrong tag) also fails: use another lease's ciphertext under this signature.
    const g2 = await other.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    await expect(dev.openKey({ ...env, ct: g2.keyEnvelopes[0]!.ct }, { id: g.lease, epoch: g.epoch })).rejects.toThrow();
  });

  it('keeps the provider key encrypted at rest: no file in the data folder holds it', () => {
    for (const f of readdirSync(fx.dir)) {
      expect(readFileSync(join(fx.dir, f)).includes(Buffer.from(PROVIDER_KEY))).toBe(false);
    }
  });
});

describe('push and the reaper', () => {
  it('pushes a revocation over SSE, resumes with Last-Event-ID without repeats, and repeats directives on responses', async () => {
    const dev = await fx.device();
    const g = await dev.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    const seen: DeviceEvent[] = [];
    let stop = new AbortController();
    // From event 0: a new device has missed nothing, whenever its stream is up. (How fast a push arrives is a
    // benchmark figure, not a timed assertion: it arrives at once in process, else within the 1 s poll.)
    const stream = dev.events((e) => seen.push(e), { signal: stop.signal, lastEventId: '0' });
    await revokeLease(fx.panel.ctx, CLI, g.lease);
    await until(() => seen.some((e) => e.event === 'lease.revoked'));
    stop.abort();
    await stream;
    const lastId = seen.at(-1)!.id!;

    // While disconnected the agent is stopped; on reconnect only the new event arrives, once.
    await setAgentStatus(fx.panel.ctx, CLI, 'bot', 'suspended');
    try {
    const resumed: DeviceEvent[] = [];
    stop = new AbortController();
    const again = dev.events((e) => resumed.push(e), { signal: stop.signal, lastEventId: lastId });
    await until(() => resumed.some((e) => e.event === 'agent.stopped'));
    await new Promise((r) => setTimeout(r, 300));
    stop.abort();
    await again;
    expect(resumed.filter((e) => e.event === 'lease.revoked')).toHaveLength(0);
    expect(resumed.filter((e) => e.event === 'agent.stopped')).toHaveLength(1);

    // The same directives ride on every protocol response.
    const u = await dev.report(g.lease, { epoch: g.epoch, batchId: 'r', records: [rec(1)] });
    expect(u.directives).toContainEqual({ type: 'lease.revoked', lease: g.lease, agent: 'bot' });
    expect(u.directives).toContainEqual({ type: 'agent.stopped', agent: 'bot' });
    } finally {
      await setAgentStatus(fx.panel.ctx, CLI, 'bot', 'active');
    }
  });

  it('expires and settles an abandoned lease, releasing exactly what was not captured', async () => {
    const dev: PanelDeviceClient = await fx.device();
    const before = (await listAgentViews(fx.panel.ctx)).find((a) => a.name === 'bot')!;
    const g = await dev.grant({ agent: 'bot', requestedMicros: 2_000_000, minUsefulMicros: 10_000 });
    await dev.report(g.lease, { epoch: g.epoch, batchId: 'x', records: [rec(1), rec(2), rec(3)] });
    // The device vanishes; after TTL + settle window the reaper returns the rest.
    await until(async () => (await fx.panel.ctx.db.get<{ state: string }>('SELECT state FROM leases WHERE id = ?', [g.lease]))?.state === 'settled', 6_000);
    const after = (await listAgentViews(fx.panel.ctx)).find((a) => a.name === 'bot')!;
    expect(after.committedMicros - before.committedMicros).toBe(1_350);
    const held = await fx.panel.ctx.db.get<{ n: number | null }>("SELECT SUM(granted_micros - captured_micros) AS n FROM leases WHERE agent_id = ? AND state IN ('active', 'expired', 'revoked')", [after.id]);
    expect(after.reservedMicros).toBe(held?.n ?? 0);
    const row = await fx.panel.ctx.db.get<{ captured_micros: number }>('SELECT captured_micros FROM leases WHERE id = ?', [g.lease]);
    expect(row?.captured_micros).toBe(1_350);
    // Late usage still commits, flagged late.
    await dev.report(g.lease, { epoch: g.epoch, batchId: 'y', records: [rec(4)] });
    const late = await fx.panel.ctx.db.get<{ late: number }>('SELECT late FROM usage_records WHERE lease_id = ? AND seq = 4', [g.lease]);
    expect(late?.late).toBe(1);
  });
});
