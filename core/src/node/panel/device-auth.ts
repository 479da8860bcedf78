import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { appError } from '../../domain/errors.ts';
import { panelError } from '../../panel/errors.ts';
import { actorName, type Actor, type PanelContext } from './panel-context.ts';
import { revokeLeasesWhere } from './lease-events.ts';
import { newId, newSecret, sha256Hex } from './secrets.ts';
import { appendAudit } from './store/audit-repo.ts';
import * as devices from './store/device-repo.ts';
import { userByEmail } from './store/people-repo.ts';

/** Nonces live 5 minutes: long enough for a slow request, short enough that a stolen one is soon worthless. */
export const NONCE_TTL_MS = 300_000;

/** What a device signs: the request, bound to its id and a nonce the panel issued (RFC 9421 / DPoP in spirit). */
export function signingString(method: string, path: string, body: string | Uint8Array, deviceId: string, nonce: string): string {
  const digest = createHash('sha256').update(body).digest('hex');
  return `IC-PANEL-1\n${method.toUpperCase()}\n${path}\n${digest}\n${deviceId}\n${nonce}`;
}

export function enrolProofString(code: string, signPub: string, kemPub: string): string {
  return `IC-ENROL-1\n${code}\n${signPub}\n${kemPub}`;
}

export function verifyEd25519(pubB64u: string, message: string, sigB64u: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: pubB64u }, format: 'jwk' });
    return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(sigB64u, 'base64url'));
  } catch {
    return false;
  }
}

/** An enrolment code as printed: the secret, and the pinned certificate fingerprint when the panel has one. */
export function formatCode(secret: string, fingerprint: string | null): string {
  return fingerprint ? `${secret}~${fingerprint}` : secret;
}

export function parseCode(code: string): { secret: string; fingerprint: string | null } {
  const [secret = '', fingerprint] = code.trim().split('~');
  return { secret, fingerprint: fingerprint ?? null };
}

export async function issueEnrolCode(ctx: PanelContext, actor: Actor, input: { user: string; ttlMin?: number; fingerprint?: string | null }): Promise<{ code: string; user: string; expiresAt: number }> {
  const ttlMin = input.ttlMin ?? 15;
  if (!Number.isInteger(ttlMin) || ttlMin < 1 || ttlMin > 24 * 60) throw appError('INVALID_INPUT', '--ttl-min must be a whole number of minutes from 1 to 1440');
  return ctx.db.tx(async (ex) => {
    const user = await userByEmail(ex, input.user);
    if (!user || user.disabled_at !== null) throw appError('NOT_FOUND', `no user ${input.user}`);
    const secret = newSecret('ice');
    const now = ctx.clock.now();
    const expiresAt = now + ttlMin * 60_000;
    await devices.insertCode(ex, { code_hash: sha256Hex(secret), user_id: user.id, created_by: actorName(actor), expires_at: expiresAt, used_at: null, device_id: null });
    await appendAudit(ex, now, { actor: actorName(actor), action: 'device.code_issued', target: user.email, details: { expiresAt } });
    return { code: formatCode(secret, input.fingerprint ?? null), user: user.email, expiresAt };
  });
}

export interface EnrolRequest {
  code: string;
  deviceName: string;
  platform: string;
  appVersion: string;
  signPub: string;
  kemPub: string;
  proof: string;
}

/** Enrols a device with a one-time code: the code is spent whatever happens next, and the device proves its key. */
export async function enrolDevice(ctx: PanelContext, req: EnrolRequest): Promise<{ deviceId: string; panelSignPub: string; nonce: string }> {
  const { secret } = parseCode(req.code);
  if (!verifyEd25519(req.signPub, enrolProofString(secret, req.signPub, req.kemPub), req.proof)) {
    throw panelError('UNAUTHORIZED', 'bad_signature', 'the enrolment proof does not verify with the device key');
  }
  if (Buffer.from(req.kemPub, 'base64url').length !== 32) throw appError('INVALID_INPUT', 'kemPub must be a raw X25519 public key (32 bytes, base64url)');
  return ctx.db.tx(async (ex) => {
    const now = ctx.clock.now();
    const deviceId = newId('dev');
    const code = await devices.consumeCode(ex, sha256Hex(secret), deviceId, now);
    if (!code) throw panelError('UNAUTHORIZED', 'bad_code', 'the enrolment code is unknown, used or expired');
    await devices.insertDevice(ex, {
      id: deviceId,
      user_id: code.user_id,
      name: req.deviceName,
      platform: req.platform,
      app_version: req.appVersion,
      sign_pub: req.signPub,
      kem_pub: req.kemPub,
      created_at: now,
      last_seen_at: now,
      revoked_at: null,
    });
    const nonce = randomBytes(18).toString('base64url');
    await devices.insertNonce(ex, nonce, deviceId, now + NONCE_TTL_MS);
    await appendAudit(ex, now, { actor: `device:${deviceId}`, action: 'device.enrolled', target: deviceId, details: { userId: code.user_id, name: req.deviceName, platform: req.platform } });
    return { deviceId, panelSignPub: ctx.keys.signingPub, nonce };
  });
}

/** Hands a device a fresh nonce. Anyone may ask, but a nonce is bound to its device and useless without its key. */
export async function issueNonce(ctx: PanelContext, deviceId: string): Promise<string> {
  return ctx.db.tx(async (ex) => {
    const d = await devices.deviceById(ex, deviceId);
    if (!d || d.revoked_at !== null) throw panelError('UNAUTHORIZED', d ? 'device_revoked' : 'unknown_device', 'this device is not enrolled or was revoked');
    const nonce = randomBytes(18).toString('base64url');
    const now = ctx.clock.now();
    await devices.purgeNonces(ex, now);
    await devices.insertNonce(ex, nonce, deviceId, now + NONCE_TTL_MS);
    return nonce;
  });
}

export interface SignedRequest {
  method: string;
  path: string;
  body: string | Uint8Array;
  deviceId: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
}

/** Checks a device request's signature and spends its nonce; throws 401 with the reason otherwise. */
export async function authenticateDevice(ctx: PanelContext, r: SignedRequest): Promise<devices.DeviceRow> {
  if (!r.deviceId || !r.nonce || !r.signature) throw panelError('UNAUTHORIZED', 'bad_signature', 'device requests must be signed (ic-device, ic-nonce, ic-signature)');
  const { deviceId, nonce, signature } = r;
  return ctx.db.tx(async (ex) => {
    const d = await devices.deviceById(ex, deviceId);
    if (!d) throw panelError('UNAUTHORIZED', 'unknown_device', 'unknown device');
    if (d.revoked_at !== null) throw panelError('UNAUTHORIZED', 'device_revoked', 'this device was revoked');
    if (!verifyEd25519(d.sign_pub, signingString(r.method, r.path, r.body, deviceId, nonce), signature)) {
      throw panelError('UNAUTHORIZED', 'bad_signature', 'the request signature does not verify');
    }
    const now = ctx.clock.now();
    if (!(await devices.spendNonce(ex, nonce, deviceId, now))) throw panelError('UNAUTHORIZED', 'bad_nonce', 'the nonce is unknown, used or expired: ask for a new one');
    await devices.touchDevice(ex, deviceId, now);
    return d;
  });
}

/** Revokes a device: every lease it holds is revoked, it gets no more nonces or envelopes, and it is told. */
export async function revokeDevice(ctx: PanelContext, actor: Actor, deviceId: string): Promise<{ device: string; leasesRevoked: number }> {
  return ctx.db.tx(async (ex) => {
    const d = await devices.deviceById(ex, deviceId);
    if (!d) throw appError('NOT_FOUND', `no device ${deviceId}`);
    const now = ctx.clock.now();
    await devices.pushEvent(ex, deviceId, 'device.revoked', { deviceId }, now);
    const leasesRevoked = await revokeLeasesWhere(ctx, ex, (l) => l.deviceId === deviceId, actor, 'device revoked');
    if (await devices.revokeDeviceRow(ex, deviceId, now)) await appendAudit(ex, now, { actor: actorName(actor), action: 'device.revoked', target: deviceId });
    await ex.run('DELETE FROM nonces WHERE device_id = ?', [deviceId]);
    return { device: deviceId, leasesRevoked };
  });
}
