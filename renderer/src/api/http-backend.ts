import { createHttpClient } from '../../../core/src/contract/http-client.ts';
import { errorFromShape } from '../../../core/src/contract/client.ts';
import { AdminEventSchema, type AdminEvent } from '../../../core/src/contract/events.ts';
import type { AppErrorShape } from '../../../core/src/domain/errors.ts';
import type { Backend, LiveState, SessionAuth } from './backend.ts';

const EVENT_TYPES = AdminEventSchema.options.map((o) => o.shape.type.value);

async function post(path: string, body: unknown, doFetch: typeof fetch): Promise<unknown> {
  const res = await doFetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const parsed = (await res.json().catch(() => undefined)) as { result?: unknown; error?: AppErrorShape } | undefined;
  if (res.ok && parsed && 'result' in parsed) return parsed.result;
  throw errorFromShape(parsed?.error ?? { code: 'INTERNAL', status: res.status, message: `the gateway answered HTTP ${res.status}` });
}

/** Login over the gateway's session routes: the session cookie is HttpOnly, so this page never sees it. */
export function httpSessionAuth(doFetch: typeof fetch = fetch.bind(globalThis)): SessionAuth {
  return {
    async isLoggedIn() {
      const res = await doFetch('/admin/session', { headers: { accept: 'application/json' } });
      if (!res.ok) return false;
      const body = (await res.json()) as { result?: { authenticated?: boolean } };
      return body.result?.authenticated === true;
    },
    async login(credential) {
      await post('/admin/login', credential, doFetch);
    },
    async logout() {
      await post('/admin/logout', {}, doFetch);
    },
  };
}

/** The same dashboard served by `iron-cage serve`: same-origin fetch with the session cookie, events over SSE. */
export function createHttpBackend(loc: Location = window.location): Backend {
  const port = loc.port ? Number(loc.port) : loc.protocol === 'https:' ? 443 : 80;
  return {
    kind: 'http',
    client: createHttpClient({ baseUrl: loc.origin, fetch: fetch.bind(globalThis) }),
    gatewayUrl: loc.origin,
    port,
    auth: httpSessionAuth(),
    subscribe(listener, onState) {
      const source = new EventSource('/admin/api/events');
      const state = (s: LiveState): void => onState?.(s);
      state('connecting');
      source.onopen = () => state('live');
      // EventSource reconnects on its own; tell the page it is not live in the meantime.
      source.onerror = () => state('reconnecting');
      const onEvent = (m: MessageEvent<string>): void => {
        const parsed = AdminEventSchema.safeParse(JSON.parse(m.data));
        if (parsed.success) listener(parsed.data as AdminEvent);
      };
      for (const t of EVENT_TYPES) source.addEventListener(t, onEvent);
      return () => source.close();
    },
  };
}
