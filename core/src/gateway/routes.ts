import { adapterFor, endpointKindForPath, familyOf, type EndpointKind } from '../providers/index.ts';
import type { ApiFamily } from '../domain/usage.ts';

/** A metered API route: what it is, which API family speaks it, and where it goes upstream. */
export interface CallRoute {
  kind: EndpointKind;
  family: ApiFamily;
  /** Appended to the provider's base URL (which ends in its version segment, e.g. /v1). */
  upstreamPath: string;
}

export type Route =
  | { type: 'call'; route: CallRoute }
  | { type: 'models' }
  | { type: 'health' }
  | { type: 'not-found'; hint: string }
  | { type: 'method-not-allowed'; allow: string };

// Built once: the request path only looks routes up.
const callRoutes = new Map<EndpointKind, CallRoute>();
function callRoute(kind: EndpointKind): CallRoute {
  let route = callRoutes.get(kind);
  if (!route) {
    route = { kind, family: familyOf(kind), upstreamPath: adapterFor(kind).path(kind) };
    callRoutes.set(kind, route);
  }
  return route;
}

/** Matches a request line to a route; the query string is ignored. */
export function matchRoute(method: string, rawPath: string): Route {
  const q = rawPath.indexOf('?');
  const path = q === -1 ? rawPath : rawPath.slice(0, q);
  const kind = endpointKindForPath(path);
  if (kind) return method === 'POST' ? { type: 'call', route: callRoute(kind) } : { type: 'method-not-allowed', allow: 'POST' };
  if (path === '/v1/models') return method === 'GET' ? { type: 'models' } : { type: 'method-not-allowed', allow: 'GET' };
  if (path === '/healthz') return method === 'GET' ? { type: 'health' } : { type: 'method-not-allowed', allow: 'GET' };
  const hint = endpointKindForPath(`/v1${path}`)
    ? ` (did you mean /v1${path}? An OpenAI client's base URL must end in /v1)`
    : '';
  return { type: 'not-found', hint };
}
