import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { Agent as UndiciAgent, request } from 'undici';
import { familyOf, type ProviderType } from '../../domain/provider.ts';
import { API_FAMILIES } from '../../providers/index.ts';
import type { UpstreamProvider } from '../../ports/store.ts';

/** Client headers worth passing on: API versions and betas change what the provider does. */
const FORWARDED_REQUEST_HEADERS = ['anthropic-version', 'anthropic-beta', 'openai-beta', 'accept'] as const;

/** Provider response headers a client may rely on (request ids for support, rate-limit hints for back-off). */
function isForwardedResponseHeader(name: string): boolean {
  return (
    name === 'content-type' ||
    name === 'retry-after' ||
    name === 'x-request-id' ||
    name === 'request-id' ||
    name.startsWith('x-ratelimit-') ||
    name.startsWith('anthropic-ratelimit-') ||
    name.startsWith('openai-')
  );
}

export function upstreamUrl(provider: UpstreamProvider, path: string): string {
  // openai-compatible providers always have a base URL (the service requires one); the others default to
  // their first-party API.
  return `${provider.baseUrl ?? API_FAMILIES[familyOf(provider.type)].defaultBaseUrl}${path}`;
}

/** Authentication for the provider: the IC token the agent sent never goes upstream. */
function authHeaders(type: ProviderType, baseUrl: string | null, key: string | null): Record<string, string> {
  if (key === null) return {};
  // Azure OpenAI's v1 endpoint takes API keys in `api-key`.
  if (type === 'openai-compatible' && baseUrl !== null && /\.azure\.com(?:[:/]|$)/.test(baseUrl)) return { 'api-key': key };
  return API_FAMILIES[familyOf(type)].authHeaders(key);
}

export function upstreamHeaders(
  provider: UpstreamProvider,
  key: string | null,
  client: IncomingHttpHeaders,
  bodyLength: number,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(bodyLength),
    ...authHeaders(provider.type, provider.baseUrl, key),
  };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const v = client[name];
    if (typeof v === 'string') headers[name] = v;
  }
  if (provider.type === 'anthropic' && !headers['anthropic-version']) headers['anthropic-version'] = '2023-06-01';
  return headers;
}

export function clientHeaders(upstream: Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value !== undefined && isForwardedResponseHeader(name)) out[name] = value;
  }
  return out;
}

/** One keep-alive connection pool for every provider, so calls skip the TCP and TLS handshakes. */
export function createUpstreamDispatcher(connectTimeoutMs = 10_000): UndiciAgent {
  // Per-call first-byte and idle timeouts are set on each request (see upstream-attempts.ts).
  return new UndiciAgent({ keepAliveTimeout: 30_000, connections: 256, connect: { timeout: connectTimeoutMs }, headersTimeout: 600_000, bodyTimeout: 600_000 });
}

export { request as undiciRequest };
