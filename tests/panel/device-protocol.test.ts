import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPanelError } from '../../core/src/panel/errors.ts';
import { listAgentViews } from '../../core/src/node/panel/admin-service.ts';
import { revokeDevice } from '../../core/src/node/panel/device-auth.ts';
import { CLI, rec, startFixture, type PanelFixture } from './panel-fixture.ts';

let fx: PanelFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.close();
});

const bot = async () => (await listAgentViews(fx.panel.ctx)).find((a) => a.name === 'bot')!;

async function refused(p: Promise<unknown>, reason: string): Promise<void> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(isPanelError(e) ? e.reason : e).toBe(reason);
}

describe('device protocol over HTTP (real SQLite, loopback)', () => {
  it('enrols, leases, reports, refreshes and closes with the ledger exact to the µ$', async () => {
    const dev = await fx.device();
    const g = await dev.grant({ agent: 'bot', requestedMicros: 5_000_000, minUsefulMicros: 10_000 });
    expect(g.grantedMicros).toBe(5_000_000);
    expect(g.epoch).toBe(1);
    expect((await bot()).reservedMicros).toBe(5_000_000);

    const u = await dev.report(g.lease, { epoch: g.epoch, batchId: 'b1', records: [rec(1), rec(2), rec(3)] });
    expect(u.acceptedThroughSeq).toBe(3);
    // gpt-4o-mini: $0.15/Mtok in, $0.60/Mtok out → 1000 in + 500 out = 150 + 300 = 450 µ$ a call.
    expect(u.capturedMicros).toBe(3 * 450);

    const r = await dev.refresh(g.lease, { epoch: g.epoch, reportedThroughSeq: 3, requestedMicros: 5_000_000 });
    expect(r.grantedTotalMicros).toBe(5_000_000 + 1_350);
    const c = await dev.close(g.lease, { epoch: g.epoch, finalSeq: 3 });
    expect(c).toMatchObject({ capturedMicros: 1_350, releasedMicros: 5_000_000, state: 'closed' });
    const a = await bot();
    expect(a.committedMicros).toBe(1_350);
    expect(a.reservedMicros).toBe(0);
  });

  it('refuses unsigned, wrong-device, revoked-device and reused-nonce requests with the ledger unchanged', async () => {
    const dev = await fx.device();
    const g = await dev.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    const before = await fx.ledger();
    const path = `/v1/device/leases/${g.lease}/usage`;
    const body = JSON.stringify({ epoch: g.epoch, batchId: 'x', records: [rec(1)] });
    const post = (headers: Record<string, string>) => fetch(`${fx.panel.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    const unsigned = await post({});
    expect(unsigned.status).toBe(401);

    // Another enrolled device signs with its own key but claims this device's id: the signature fails.
    const other = await fx.device('other@example.com', 'other');
    const forged = other.signHeaders('POST', path, body, await dev.nonce());
    expect((await post({ ...forged, 'ic-device': dev.identity.deviceId })).status).toBe(401);
    // Or signs as itself for a lease it does not hold: not found, nothing learned.
    expect((await post(other.signHeaders('POST', path, body, await other.nonce()))).status).toBe(404);

    // A nonce works once.
    const nonce = await dev.nonce();
    const headers = dev.signHeaders('POST', path, body, nonce);
    const first = await post(headers);
    expect(first.status).toBe(200);
    const afterFirst = await fx.ledger();
    const replay = await post(headers);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { reason: string } }).error.reason).toBe('bad_nonce');
    expect(await fx.ledger()).toEqual(afterFirst);

    // A body changed after signing fails.
    const tampered = await fetch(`${fx.panel.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...dev.signHeaders('POST', path, body, await dev.nonce()) }, body: body.replace('"x"', '"y"') });
    expect(tampered.status).toBe(401);

    await revokeDevice(fx.panel.ctx, CLI, dev.identity.deviceId);
    const revokedBefore = await fx.ledger();
    await refused(dev.report(g.lease, { epoch: g.epoch, batchId: 'z', records: [rec(2)] }), 'device_revoked');
    await refused(dev.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 }), 'device_revoked');
    expect(await fx.ledger()).toEqual(revokedBefore);
    expect(before).not.toEqual(afterFirst);
  });

  it('fences a stale epoch: refresh refused with the ledger unchanged, its usage still accepted', async () => {
    const dev = await fx.device();
    const g1 = await dev.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    const g2 = await dev.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    expect(g2.epoch).toBe(g1.epoch + 1);
    const before = await fx.ledger();
    await refused(dev.refresh(g1.lease, { epoch: g1.epoch, reportedThroughSeq: 0, requestedMicros: 1_000_000 }), 'stale_epoch');
    await refused(dev.refresh(g2.lease, { epoch: g1.epoch, reportedThroughSeq: 0, requestedMicros: 1_000_000 }), 'stale_epoch');
    expect(await fx.ledger()).toEqual(before);
    const u = await dev.report(g1.lease, { epoch: g1.epoch, batchId: 'late', records: [rec(1)] });
    expect(u.capturedMicros).toBe(450);
    await dev.close(g2.lease, { epoch: g2.epoch, finalSeq: 0 });
  });

  it('counts a batch replayed five times, in sequence and concurrently, once', async () => {
    const dev = await fx.device();
    const g = await dev.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    const committed = (await bot()).committedMicros;
    const batch = { epoch: g.epoch, batchId: 'same', records: [rec(1), rec(2)] };
    for (let i = 0; i < 5; i++) await dev.report(g.lease, batch);
    await Promise.all(Array.from({ length: 5 }, () => dev.report(g.lease, batch)));
    expect((await bot()).committedMicros).toBe(committed + 900);
    // Same seq, other content: refused, nothing changes.
    const before = await fx.ledger();
    await refused(dev.report(g.lease, { ...batch, records: [{ ...rec(1), callId: batch.records[0]!.callId, outputTokens: 1 }] }), 'seq_conflict');
    expect(await fx.ledger()).toEqual(before);
  });

  it('releases on close only what the records leave, whatever the device claims; needs every seq first', async () => {
    const dev = await fx.device();
    const g = await dev.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    await dev.report(g.lease, { epoch: g.epoch, batchId: 'a', records: [rec(1), rec(2), rec(4)] });
    await refused(dev.close(g.lease, { epoch: g.epoch, finalSeq: 4 }), 'need_seqs');
    await dev.report(g.lease, { epoch: g.epoch, batchId: 'b', records: [rec(3)] });
    // The device claims one call; the panel holds four records and releases granted − 4 calls.
    const c = await dev.close(g.lease, { epoch: g.epoch, finalSeq: 1 });
    expect(c.capturedMicros).toBe(4 * 450);
    expect(c.releasedMicros).toBe(g.grantedMicros - 4 * 450);
    const again = await dev.close(g.lease, { epoch: g.epoch, finalSeq: 1 });
    expect(again.state).toBe('closed');
  });

  it('spends an enrolment code once', async () => {
    const { issueEnrolCode } = await import('../../core/src/node/panel/device-auth.ts');
    const { enrolDevice } = await import('../../core/src/node/panel/device-client.ts');
    const { code } = await issueEnrolCode(fx.panel.ctx, CLI, { user: 'dev@example.com' });
    const info = { deviceName: 'a', platform: 'linux', appVersion: 't' };
    await enrolDevice(fx.panel.url, code, info);
    await refused(enrolDevice(fx.panel.url, code, info), 'bad_code');
  });
});
