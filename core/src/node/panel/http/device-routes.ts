import { Hono } from 'hono';
import { appError } from '../../../domain/errors.ts';
import type { Context } from 'hono';
import { SIG_HEADERS, CloseRequestSchema, EnrolRequestSchema, GrantRequestSchema, NonceRequestSchema, RefreshRequestSchema, UsageRequestSchema, type KeyEnvelope } from '../../../panel/messages.ts';
import { authenticateDevice, enrolDevice, issueNonce } from '../device-auth.ts';
import { sealKey } from '../key-envelope.ts';
import { closeLease, directivesFor, grantLease, refreshLease, reportUsage } from '../lease-service.ts';
import type { PanelContext } from '../panel-context.ts';
import { providerByName, type AgentRow } from '../store/people-repo.ts';
import type { DeviceRow } from '../store/device-repo.ts';
import { relayCall } from '../relay.ts';
import { deviceEvents } from './device-events.ts';
import { json } from './validate.ts';

export type DeviceEnv = { Variables: { device: DeviceRow } };

/** The device protocol: enrolment and nonces unsigned, everything else signed by the device key over a panel nonce. */
export function deviceRoutes(ctx: PanelContext): Hono<DeviceEnv> {
  const app = new Hono<DeviceEnv>();

  app.post('/enrol', json(EnrolRequestSchema), async (c) => c.json(await enrolDevice(ctx, c.req.valid('json'))));
  app.post('/nonce', json(NonceRequestSchema), async (c) => c.json({ nonce: await issueNonce(ctx, c.req.valid('json').deviceId) }));

  const signed = new Hono<DeviceEnv>();
  signed.use(async (c, next) => {
    const body = c.req.method === 'GET' ? '' : await c.req.text();
    const device = await authenticateDevice(ctx, {
      method: c.req.method,
      path: c.req.path,
      body,
      deviceId: c.req.header(SIG_HEADERS.device),
      nonce: c.req.header(SIG_HEADERS.nonce),
      signature: c.req.header(SIG_HEADERS.signature),
    });
    c.set('device', device);
    await next();
  });

  /** Every signed answer hands out the next nonce and repeats what the device must obey. */
  const reply = async (c: Context<DeviceEnv>, body: Record<string, unknown>): Promise<Response> => {
    const device = c.get('device');
    return c.json({ ...body, nextNonce: await issueNonce(ctx, device.id), directives: await directivesFor(ctx.db, device.id) });
  };

  signed.post('/leases', json(GrantRequestSchema), async (c) => {
    const device = c.get('device');
    const { lease, agent, timing } = await grantLease(ctx, device, c.req.valid('json'));
    const keyEnvelopes = agent.key_mode === 'sealed' ? await envelopesFor(ctx, device, agent, lease) : [];
    return reply(c, {
      lease: lease.id,
      agent: agent.name,
      epoch: lease.epoch,
      grantedMicros: lease.granted,
      ...timing,
      expiresAt: lease.expiresAt,
      keyMode: agent.key_mode,
      keyEnvelopes,
    });
  });

  signed.post('/leases/:id/refresh', json(RefreshRequestSchema), async (c) => {
    const lease = await refreshLease(ctx, c.get('device'), c.req.param('id'), c.req.valid('json'));
    return reply(c, { grantedTotalMicros: lease.granted, capturedMicros: lease.captured, ttlMs: lease.ttlMs, expiresAt: lease.expiresAt });
  });

  signed.post('/leases/:id/usage', json(UsageRequestSchema), async (c) => {
    const body = c.req.valid('json');
    const out = await reportUsage(ctx, c.get('device'), c.req.param('id'), body);
    return reply(c, {
      acceptedThroughSeq: out.lease.highSeq,
      duplicates: out.duplicates,
      capturedMicros: out.lease.captured,
      leaseRemainingMicros: Math.max(0, out.lease.granted - out.lease.captured),
    });
  });

  signed.post('/leases/:id/close', json(CloseRequestSchema), async (c) => {
    const out = await closeLease(ctx, c.get('device'), c.req.param('id'), c.req.valid('json'));
    return reply(c, { capturedMicros: out.lease.captured, releasedMicros: out.released, state: out.lease.state });
  });

  signed.get('/events', (c) => deviceEvents(ctx, c));

  // Relay: the provider path follows the lease, seq and call id, so the signature covers all of them.
  signed.post('/relay/:lease/:seq/:callId/*', async (c) => {
    const seq = Number(c.req.param('seq'));
    if (!Number.isSafeInteger(seq) || seq < 1) throw appError('INVALID_INPUT', 'seq must be a whole number ≥ 1');
    const prefix = `/v1/device/relay/${c.req.param('lease')}/${c.req.param('seq')}/${c.req.param('callId')}`;
    const path = c.req.path.slice(prefix.length);
    return relayCall(ctx, c.get('device'), { leaseId: c.req.param('lease'), seq, callId: c.req.param('callId'), path, body: await c.req.text() }, c.req.raw.signal);
  });

  app.route('/', signed);
  return app;
}

async function envelopesFor(ctx: PanelContext, device: DeviceRow, agent: AgentRow, lease: { id: string; epoch: number }): Promise<KeyEnvelope[]> {
  const out: KeyEnvelope[] = [];
  for (const name of JSON.parse(agent.providers) as string[]) {
    const p = await providerByName(ctx.db, name);
    if (!p) continue;
    out.push(await sealKey(ctx.keys, { deviceId: device.id, kemPub: device.kem_pub }, lease, { name: p.name, type: p.type, baseUrl: p.base_url }, ctx.keys.decrypt(p.key_ciphertext)));
  }
  return out;
}
