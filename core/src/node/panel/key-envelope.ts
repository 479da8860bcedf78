import { sign } from 'node:crypto';
import { Aes256Gcm, CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { appError } from '../../domain/errors.ts';
import type { KeyEnvelope } from '../../panel/messages.ts';
import { verifyEd25519 } from './device-auth.ts';
import type { PanelKeys } from './panel-keys.ts';

/**
 * Sealed provider keys (RFC 9180 HPKE, base mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, from the
 * maintained @hpke packages). `info` binds the envelope to one device, lease and epoch, so a copied envelope opens
 * nowhere else; the panel signs `info`, `enc` and the ciphertext so a device accepts only what its panel sealed.
 */
export const hpkeSuite = (): CipherSuite => new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

export function envelopeInfo(deviceId: string, leaseId: string, epoch: number, provider: string): string {
  return `iron-cage/key-envelope/v1|device=${deviceId}|lease=${leaseId}|epoch=${epoch}|provider=${provider}`;
}

const signed = (e: Pick<KeyEnvelope, 'info' | 'enc' | 'ct'>): string => `${e.info}\n${e.enc}\n${e.ct}`;
const b64u = (b: ArrayBuffer | Uint8Array): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('base64url');

export async function sealKey(
  keys: PanelKeys,
  to: { deviceId: string; kemPub: string },
  lease: { id: string; epoch: number },
  provider: { name: string; type: string; baseUrl: string | null },
  apiKey: string,
): Promise<KeyEnvelope> {
  const suite = hpkeSuite();
  const recipientPublicKey = await suite.kem.deserializePublicKey(Buffer.from(to.kemPub, 'base64url'));
  const info = envelopeInfo(to.deviceId, lease.id, lease.epoch, provider.name);
  const sender = await suite.createSenderContext({ recipientPublicKey, info: new TextEncoder().encode(info) });
  const ct = b64u(await sender.seal(new TextEncoder().encode(apiKey)));
  const enc = b64u(sender.enc);
  const sig = sign(null, Buffer.from(signed({ info, enc, ct }), 'utf8'), keys.signingKey).toString('base64url');
  return { provider: provider.name, type: provider.type, baseUrl: provider.baseUrl, enc, ct, info, sig };
}

/**
 * Opens an envelope on its device: the panel's signature must verify with the key pinned at enrolment, `info` must
 * name this device, lease and epoch, and the HPKE tag must check. Anything else throws; the key stays in memory.
 */
export async function openEnvelope(
  e: KeyEnvelope,
  me: { deviceId: string; kemPrivate: string; panelSignPub: string },
  lease: { id: string; epoch: number },
): Promise<string> {
  if (!verifyEd25519(me.panelSignPub, signed(e), e.sig)) throw appError('UNAUTHORIZED', 'the key envelope is not signed by this panel');
  if (e.info !== envelopeInfo(me.deviceId, lease.id, lease.epoch, e.provider)) throw appError('UNAUTHORIZED', 'the key envelope was sealed for another device, lease or epoch');
  const suite = hpkeSuite();
  const recipientKey = await suite.kem.deserializePrivateKey(Buffer.from(me.kemPrivate, 'base64url'));
  try {
    const recipient = await suite.createRecipientContext({ recipientKey, enc: Buffer.from(e.enc, 'base64url'), info: new TextEncoder().encode(e.info) });
    return new TextDecoder().decode(await recipient.open(Buffer.from(e.ct, 'base64url')));
  } catch {
    throw appError('UNAUTHORIZED', 'the key envelope does not open with this device key');
  }
}

/** A device's X25519 key pair as base64url raw bytes. */
export async function generateKemKeyPair(): Promise<{ kemPub: string; kemPrivate: string }> {
  const suite = hpkeSuite();
  const kp = await suite.kem.generateKeyPair();
  return { kemPub: b64u(await suite.kem.serializePublicKey(kp.publicKey)), kemPrivate: b64u(await suite.kem.serializePrivateKey(kp.privateKey)) };
}
