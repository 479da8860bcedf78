import { createParser } from 'eventsource-parser';
import { appError } from '../../domain/errors.ts';
import type { Usage } from '../../domain/usage.ts';
import { adapterFor, endpointKindForPath, familyOf, inspectRequest, prepareRequest, extractUsage, createStreamMeter } from '../../providers/index.ts';
import type { EndpointKind, ProviderType } from '../../providers/types.ts';
import { panelError } from '../../panel/errors.ts';
import { reportUsage } from './lease-service.ts';
import type { PanelContext } from './panel-context.ts';
import { panelPricer } from './panel-pricing.ts';
import type { DeviceRow } from './store/device-repo.ts';
import { leaseById } from './store/ledger-repo.ts';
import { agentById, providerByName, type ProviderRow } from './store/people-repo.ts';

/** Output cap injected when a relayed request names none, as the local gateway does. */
const DEFAULT_MAX_OUTPUT = 4_096;

export interface RelayCall {
  leaseId: string;
  seq: number;
  callId: string;
  /** The provider path, e.g. /v1/chat/completions or /v1/messages. */
  path: string;
  body: string;
}

/**
 * Relay (strict) mode: the panel calls the provider with its own key and streams the answer back unbuffered,
 * then records the call on the device's lease exactly as a direct call's usage record would be (same seq, call id,
 * pricing and idempotency), so a relayed call is charged like a direct one and the key never leaves the panel.
 */
export async function relayCall(ctx: PanelContext, device: DeviceRow, call: RelayCall, signal?: AbortSignal): Promise<Response> {
  const lease = await leaseById(ctx.db, call.leaseId);
  if (!lease || lease.deviceId !== device.id) throw appError('NOT_FOUND', `no lease ${call.leaseId} on this device`);
  const agent = await agentById(ctx.db, lease.agentId);
  if (!agent || agent.key_mode !== 'relay') throw appError('CONFLICT', 'this agent is not in relay mode: open its sealed key instead');
  if (agent.status !== 'active') throw panelError('AGENT_SUSPENDED', 'agent_suspended', `agent ${agent.name} is suspended`);
  if (lease.state !== 'active' || ctx.clock.now() >= lease.expiresAt) throw panelError('CONFLICT', 'lease_not_active', `lease ${lease.id} is ${lease.state}`);
  if (lease.granted - lease.captured <= 0) throw panelError('BUDGET_EXCEEDED', 'insufficient_budget', 'the lease is spent: refresh it first');
  const kind = endpointKindForPath(call.path);
  if (!kind) throw appError('NOT_FOUND', `the relay does not serve ${call.path}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(call.body) as Record<string, unknown>;
  } catch {
    throw appError('INVALID_REQUEST', 'the request body is not JSON');
  }
  const facts = inspectRequest(kind, body);
  const allowed = agent.allowed_models ? (JSON.parse(agent.allowed_models) as string[]) : null;
  if (allowed && !allowed.includes(facts.model)) throw appError('MODEL_NOT_ALLOWED', `agent ${agent.name} may not use ${facts.model}`);
  const provider = await providerFor(ctx, JSON.parse(agent.providers) as string[], kind);
  const adapter = adapterFor(kind);
  const prepared = prepareRequest(kind, body, { providerType: provider.type as ProviderType, defaultMaxOutputTokens: DEFAULT_MAX_OUTPUT });
  const upstream = await fetch(`${(provider.base_url ?? adapter.defaultBaseUrl).replace(/\/$/, '')}${adapter.path(kind)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...adapter.authHeaders(ctx.keys.decrypt(provider.key_ciphertext)) },
    body: JSON.stringify(prepared.body),
    signal,
  }).catch(() => {
    throw appError('UPSTREAM_ERROR', `provider ${provider.name} is unreachable`);
  });

  const record = async (usage: Usage | undefined, status: 'ok' | 'error'): Promise<void> => {
    const u = usage ?? { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
    const r = { seq: call.seq, callId: call.callId, provider: provider.name, model: facts.model, status, inputTokens: u.inputTokens, outputTokens: u.outputTokens, cacheReadTokens: u.cacheReadTokens, cacheWriteTokens: u.cacheWriteTokens, clientCostMicros: 0 };
    const price = await panelPricer(ctx, ctx.db);
    await reportUsage(ctx, device, lease.id, { epoch: lease.epoch, batchId: `relay:${call.callId}`, records: [{ ...r, clientCostMicros: price(r) ?? 0 }] });
  };

  const headers = { 'content-type': upstream.headers.get('content-type') ?? 'application/json', 'cache-control': 'no-store' };
  const isStream = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
  if (!isStream || !upstream.body) {
    const text = await upstream.text();
    let usage: Usage | undefined;
    try {
      usage = extractUsage(kind, JSON.parse(text));
    } catch {
      usage = undefined;
    }
    if (upstream.ok || usage) await record(usage, upstream.ok ? 'ok' : 'error');
    return new Response(text, { status: upstream.status, headers });
  }
  // Stream: each chunk passes straight through as it arrives; a meter reads the same bytes on the side.
  const meter = createStreamMeter(kind);
  const parser = createParser({ onEvent: (m) => meter.push(m.event, m.data) });
  const decoder = new TextDecoder();
  const through = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      parser.feed(decoder.decode(chunk, { stream: true }));
    },
    async flush() {
      await record(meter.usage() ?? meter.partialUsage(), 'ok');
    },
  });
  return new Response(upstream.body.pipeThrough(through), { status: upstream.status, headers });
}

async function providerFor(ctx: PanelContext, names: string[], kind: EndpointKind): Promise<ProviderRow> {
  const family = familyOf(kind);
  for (const name of names) {
    const p = await providerByName(ctx.db, name);
    if (p && (family === 'anthropic' ? p.type === 'anthropic' : p.type !== 'anthropic')) return p;
  }
  throw appError('NO_PROVIDER', `the agent has no ${family} provider`);
}
