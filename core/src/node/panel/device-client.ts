import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { createParser } from 'eventsource-parser';
import type { z } from 'zod';
import type { ErrorCode } from '../../domain/errors.ts';
import { PanelError, type ProtocolReason } from '../../panel/errors.ts';
import {
  CloseResponseSchema,
  EnrolResponseSchema,
  ErrorBodySchema,
  GrantResponseSchema,
  NonceResponseSchema,
  RefreshResponseSchema,
  SIG_HEADERS,
  UsageResponseSchema,
  type KeyEnvelope,
  type UsageRecordDto,
} from '../../panel/messages.ts';
import { enrolProofString, parseCode, signingString } from './device-auth.ts';
import { generateKemKeyPair, openEnvelope } from './key-envelope.ts';

/**
 * The device side of the panel protocol: enrolment, signed requests over panel nonces, grant, refresh, usage,
 * close, the push stream and key envelopes. The gateway's PanelFunding builds on it; the panel's tests use it as
 * the scripted device. It holds keys in memory only: persisting `DeviceIdentity` (keychain or a 0600 file) is the
 * caller's job.
 */
export interface DeviceIdentity {
  deviceId: string;
  /** Ed25519 private key, PKCS#8 DER, base64url. */
  signPrivate: string;
  signPub: string;
  kemPub: string;
  kemPrivate: string;
  /** The panel's envelope-signing key, pinned at enrolment. */
  panelSignPub: string;
}

export interface DeviceInfo {
  deviceName: string;
  platform: string;
  appVersion: string;
}

type Fetch = typeof fetch;

async function parseOrThrow<T extends z.ZodType>(res: Response, schema: T): Promise<z.infer<T>> {
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = ErrorBodySchema.safeParse(body);
    if (e.success) {
      const { code, message, reason, details } = e.data.error;
      throw new PanelError(code as ErrorCode, (reason ?? 'bad_signature') as ProtocolReason, message, details);
    }
    throw new PanelError('UPSTREAM_ERROR', 'bad_signature', `the panel answered ${res.status}`);
  }
  return schema.parse(body);
}

/** Enrols this machine with a one-time code; returns the identity to keep. */
export async function enrolDevice(panelUrl: string, code: string, info: DeviceInfo, f: Fetch = fetch): Promise<DeviceIdentity> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signPub = String(publicKey.export({ format: 'jwk' }).x);
  const { kemPub, kemPrivate } = await generateKemKeyPair();
  const proof = sign(null, Buffer.from(enrolProofString(parseCode(code).secret, signPub, kemPub), 'utf8'), privateKey).toString('base64url');
  const res = await f(`${panelUrl}/v1/device/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, ...info, signPub, kemPub, proof }),
  });
  const out = await parseOrThrow(res, EnrolResponseSchema);
  return { deviceId: out.deviceId, signPrivate: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'), signPub, kemPub, kemPrivate, panelSignPub: out.panelSignPub };
}

export interface DeviceEvent {
  id: string | undefined;
  event: string;
  data: unknown;
}

export class PanelDeviceClient {
  private readonly nonces: string[] = [];
  private readonly key;

  constructor(readonly panelUrl: string, readonly identity: DeviceIdentity, private readonly f: Fetch = fetch) {
    this.key = createPrivateKey({ key: Buffer.from(identity.signPrivate, 'base64url'), format: 'der', type: 'pkcs8' });
  }

  /** The signature headers for one request (exposed for tests that forge or replay requests). */
  signHeaders(method: string, path: string, body: string, nonce: string): Record<string, string> {
    const sig = sign(null, Buffer.from(signingString(method, path, body, this.identity.deviceId, nonce), 'utf8'), this.key).toString('base64url');
    return { [SIG_HEADERS.device]: this.identity.deviceId, [SIG_HEADERS.nonce]: nonce, [SIG_HEADERS.signature]: sig };
  }

  /** A nonce from the pool (each signed response refills it), or a fresh one from the panel. */
  async nonce(): Promise<string> {
    const n = this.nonces.pop();
    if (n) return n;
    const res = await this.f(`${this.panelUrl}/v1/device/nonce`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deviceId: this.identity.deviceId }) });
    return (await parseOrThrow(res, NonceResponseSchema)).nonce;
  }

  private async call<T extends z.ZodType>(path: string, body: unknown, schema: T): Promise<z.infer<T>> {
    const text = JSON.stringify(body);
    const full = `/v1/device${path}`;
    const res = await this.f(`${this.panelUrl}${full}`, { method: 'POST', headers: { 'content-type': 'application/json', ...this.signHeaders('POST', full, text, await this.nonce()) }, body: text });
    const out = await parseOrThrow(res, schema);
    const next = (out as { nextNonce?: unknown }).nextNonce;
    if (typeof next === 'string') this.nonces.push(next);
    return out;
  }

  grant(req: { agent: string; requestedMicros: number; minUsefulMicros: number; burnRate?: number }) {
    return this.call('/leases', { burnRate: 0, ...req }, GrantResponseSchema);
  }

  refresh(lease: string, req: { epoch: number; reportedThroughSeq: number; requestedMicros: number; burnRate?: number }) {
    return this.call(`/leases/${encodeURIComponent(lease)}/refresh`, req, RefreshResponseSchema);
  }

  report(lease: string, req: { epoch: number; batchId: string; records: UsageRecordDto[] }) {
    return this.call(`/leases/${encodeURIComponent(lease)}/usage`, req, UsageResponseSchema);
  }

  close(lease: string, req: { epoch: number; finalSeq: number; reason?: string }) {
    return this.call(`/leases/${encodeURIComponent(lease)}/close`, { reason: 'done', ...req }, CloseResponseSchema);
  }

  /**
   * A provider call through the panel's relay (relay-mode agents): `providerPath` is e.g. /v1/chat/completions.
   * The answer is the provider's own response, streamed as it arrives; the panel records it under `seq` and `callId`.
   */
  async relay(lease: string, seq: number, callId: string, providerPath: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    const text = JSON.stringify(body);
    const path = `/v1/device/relay/${encodeURIComponent(lease)}/${seq}/${encodeURIComponent(callId)}${providerPath}`;
    return this.f(`${this.panelUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...this.signHeaders('POST', path, text, await this.nonce()) }, body: text, signal });
  }

  /** Opens a sealed provider key into memory; throws if it was tampered with or sealed for someone else. */
  openKey(envelope: KeyEnvelope, lease: { id: string; epoch: number }): Promise<string> {
    return openEnvelope(envelope, { deviceId: this.identity.deviceId, kemPrivate: this.identity.kemPrivate, panelSignPub: this.identity.panelSignPub }, lease);
  }

  /** Follows the push stream until `signal` aborts; resumes after `lastEventId` when given. */
  async events(onEvent: (e: DeviceEvent) => void, opts: { signal: AbortSignal; lastEventId?: string }): Promise<void> {
    const path = '/v1/device/events';
    const headers: Record<string, string> = { accept: 'text/event-stream', ...this.signHeaders('GET', path, '', await this.nonce()) };
    if (opts.lastEventId) headers['last-event-id'] = opts.lastEventId;
    const res = await this.f(`${this.panelUrl}${path}`, { headers, signal: opts.signal });
    if (!res.ok || !res.body) await parseOrThrow(res, NonceResponseSchema);
    const parser = createParser({
      onEvent: (m) => onEvent({ id: m.id, event: m.event ?? 'message', data: safeJson(m.data) }),
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch (e) {
      if (!opts.signal.aborted) throw e;
    }
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** The raw Ed25519 public key of a PKCS#8 private key (for checks in tests and tools). */
export function publicOf(signPrivate: string): string {
  return String(createPublicKey(createPrivateKey({ key: Buffer.from(signPrivate, 'base64url'), format: 'der', type: 'pkcs8' })).export({ format: 'jwk' }).x);
}
