import { appError } from './errors.ts';

// Cloud metadata services hand out credentials to whoever can reach them; a provider URL must never point there.
const METADATA_HOSTS = new Set([
  '169.254.169.254',
  '169.254.170.2',
  'metadata.google.internal',
  'metadata.goog',
  '100.100.100.200',
  '[fd00:ec2::254]',
]);

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits (mapped, compatible, NAT64). */
const EMBEDDED_V4 = /^\[(?:::ffff:|::ffff:0:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/;

/**
 * The host as the blocklist compares it: lower case, without the trailing dots DNS ignores, and an IPv4 address
 * embedded in an IPv6 one written as IPv4 (`[::ffff:169.254.169.254]` reaches the same service).
 */
function canonicalHost(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  const v4 = EMBEDDED_V4.exec(host);
  if (!v4) return host;
  const hi = parseInt(v4[1]!, 16);
  const lo = parseInt(v4[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * Validates a user-supplied provider base URL: http(s) only, no credentials, no query,
 * no cloud-metadata or link-local address. Returns it normalised without a trailing slash,
 * with `/v1` added to a bare host.
 */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw appError('INVALID_INPUT', `not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw appError('INVALID_INPUT', `a provider URL must use http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw appError('INVALID_INPUT', 'a provider URL must not carry credentials; give the key with --key-stdin or --key-env');
  }
  const host = canonicalHost(url.hostname);
  if (METADATA_HOSTS.has(host) || host.startsWith('169.254.') || host.startsWith('[fe80:')) {
    throw appError('INVALID_INPUT', `a provider URL must not point at a link-local or cloud-metadata address (${host})`);
  }
  if (url.search || url.hash) {
    throw appError('INVALID_INPUT', 'a provider URL must not have a query or fragment');
  }
  // A base URL is everything before `/chat/completions` or `/messages`, as in the OpenAI SDK
  // (https://openrouter.ai/api/v1, http://localhost:11434/v1); a bare host means the usual /v1.
  const path = url.pathname.replace(/\/+$/, '') || '/v1';
  return `${url.protocol}//${url.host}${path}`;
}
