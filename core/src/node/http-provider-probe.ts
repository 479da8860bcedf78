import { request, type Dispatcher } from 'undici';
import type { Clock } from '../domain/clock.ts';
import type { ProbeResult, ProviderProbe } from '../ports/provider-probe.ts';
import type { UpstreamProvider } from '../ports/store.ts';
import type { KeyRing } from './gateway/key-ring.ts';
import { upstreamHeaders, upstreamUrl } from './gateway/upstream.ts';

const PROBE_TIMEOUT_MS = 10_000;

/** Lists the provider's models with its key: a cheap call that proves the URL answers and the key is accepted. */
export class HttpProviderProbe implements ProviderProbe {
  constructor(
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    private readonly dispatcher?: Dispatcher,
  ) {}

  async probe(provider: UpstreamProvider): Promise<ProbeResult> {
    const started = this.clock.monotonic();
    const elapsed = (): number => Math.round(this.clock.monotonic() - started);
    try {
      const key = await this.keys.keyFor(provider);
      const headers = upstreamHeaders(provider, key, {}, 0);
      delete headers['content-type'];
      delete headers['content-length'];
      const res = await request(upstreamUrl(provider, '/models'), {
        method: 'GET',
        headers,
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      });
      const body = (await res.body.json().catch(() => undefined)) as { data?: unknown[] } | undefined;
      const models = Array.isArray(body?.data) ? body.data.length : null;
      if (res.statusCode < 400) {
        return { ok: true, status: res.statusCode, latencyMs: elapsed(), message: 'the provider answered and accepted the key', models };
      }
      const why = res.statusCode === 401 || res.statusCode === 403 ? 'the provider refused the key' : 'the provider answered with an error';
      return { ok: false, status: res.statusCode, latencyMs: elapsed(), message: `${why} (HTTP ${res.statusCode})`, models: null };
    } catch (e) {
      // The message names the cause (refused, timed out, DNS), never a header or the key.
      return { ok: false, status: null, latencyMs: elapsed(), message: `could not reach the provider: ${(e as Error).message}`, models: null };
    }
  }
}
