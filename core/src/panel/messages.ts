import { z } from 'zod';

/**
 * The device protocol's wire messages (MODEL-C.md), one zod schema each: the panel validates requests with them and
 * the device client validates responses with them. Money is integer µ$; names are camelCase on the wire.
 */
const Micros = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Count = z.number().int().nonnegative().max(1e12);
const B64u = z.string().regex(/^[A-Za-z0-9_-]+$/).max(200);

export const EnrolRequestSchema = z.object({
  code: z.string().min(8).max(300),
  deviceName: z.string().min(1).max(100),
  platform: z.string().min(1).max(40),
  appVersion: z.string().min(1).max(40),
  signPub: B64u,
  kemPub: B64u,
  proof: B64u,
});
export const EnrolResponseSchema = z.object({ deviceId: z.string(), panelSignPub: z.string(), nonce: z.string() });

export const NonceRequestSchema = z.object({ deviceId: z.string().min(1).max(100) });
export const NonceResponseSchema = z.object({ nonce: z.string() });

export const DirectiveSchema = z.object({ type: z.enum(['lease.revoked', 'agent.stopped', 'device.revoked']), lease: z.string().optional(), agent: z.string().optional() });
export type DirectiveDto = z.infer<typeof DirectiveSchema>;

/** Fields every signed response carries: the next nonce, and what the device must obey now. */
const Signed = { nextNonce: z.string(), directives: z.array(DirectiveSchema) };

export const KeyEnvelopeSchema = z.object({
  provider: z.string(),
  type: z.string(),
  baseUrl: z.string().nullable(),
  enc: B64u.max(100),
  ct: z.string().regex(/^[A-Za-z0-9_-]+$/).max(20_000),
  info: z.string(),
  sig: B64u,
});
export type KeyEnvelope = z.infer<typeof KeyEnvelopeSchema>;

export const GrantRequestSchema = z.object({
  agent: z.string().min(1).max(100),
  requestedMicros: Micros,
  minUsefulMicros: Micros.min(1),
  burnRate: z.number().nonnegative().max(1e12).default(0),
});
export const GrantResponseSchema = z.object({
  lease: z.string(),
  agent: z.string(),
  epoch: z.number().int(),
  grantedMicros: Micros,
  ttlMs: z.number().int(),
  refreshAfterMs: z.number().int(),
  settleWindowMs: z.number().int(),
  reportEveryMs: z.number().int(),
  offlineCapMicros: Micros,
  expiresAt: z.number().int(),
  keyMode: z.enum(['sealed', 'relay']),
  keyEnvelopes: z.array(KeyEnvelopeSchema),
  ...Signed,
});
export type GrantResponse = z.infer<typeof GrantResponseSchema>;

export const RefreshRequestSchema = z.object({ epoch: z.number().int().min(1), reportedThroughSeq: Count, requestedMicros: Micros, burnRate: z.number().nonnegative().max(1e12).optional() });
export const RefreshResponseSchema = z.object({ grantedTotalMicros: Micros, capturedMicros: Micros, ttlMs: z.number().int(), expiresAt: z.number().int(), ...Signed });

export const UsageRecordSchema = z.object({
  seq: z.number().int().min(1).max(1e12),
  callId: z.string().min(1).max(200),
  provider: z.string().min(1).max(100),
  model: z.string().min(1).max(200),
  status: z.enum(['ok', 'error', 'unknown', 'cancelled']),
  inputTokens: Count,
  outputTokens: Count,
  cacheReadTokens: Count.default(0),
  cacheWriteTokens: Count.default(0),
  clientCostMicros: Micros,
});
export type UsageRecordDto = z.input<typeof UsageRecordSchema>;

export const UsageRequestSchema = z.object({
  epoch: z.number().int().min(1),
  batchId: z.string().min(1).max(100),
  records: z.array(UsageRecordSchema).min(1).max(1000),
});
export const UsageResponseSchema = z.object({ acceptedThroughSeq: Count, duplicates: z.array(z.number().int()), capturedMicros: Micros, leaseRemainingMicros: Micros, ...Signed });

export const CloseRequestSchema = z.object({ epoch: z.number().int().min(1), finalSeq: Count, reason: z.string().max(200).default('done') });
export const CloseResponseSchema = z.object({ capturedMicros: Micros, releasedMicros: Micros, state: z.string(), ...Signed });

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), status: z.number(), message: z.string(), reason: z.string().optional(), details: z.record(z.string(), z.unknown()).optional() }),
});

/** Header names of a signed device request. */
export const SIG_HEADERS = { device: 'ic-device', nonce: 'ic-nonce', signature: 'ic-signature' } as const;
