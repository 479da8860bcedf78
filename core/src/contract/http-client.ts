import type { AppErrorShape } from '../domain/errors.ts';
import { createTransportClient, type ApiClient, type Envelope } from './client.ts';

export interface HttpClientOptions {
  /** The gateway's URL, e.g. http://127.0.0.1:8733 */
  baseUrl: string;
  /** The admin token; omit in a browser session that authenticates with its cookie. */
  token?: string;
  fetch?: typeof fetch;
}

/** The admin contract over HTTP (`POST /admin/api/<operation>`), as used by the web dashboard and tests. */
export function createHttpClient(o: HttpClientOptions): ApiClient {
  const doFetch = o.fetch ?? fetch;
  return createTransportClient(async (operation, input): Promise<Envelope> => {
    const res = await doFetch(`${o.baseUrl}/admin/api/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
      body: JSON.stringify(input ?? {}),
    });
    const body = (await res.json().catch(() => undefined)) as { result?: unknown; error?: AppErrorShape } | undefined;
    if (res.ok && body && 'result' in body) return { ok: true, result: body.result };
    return {
      ok: false,
      error: body?.error ?? { code: 'INTERNAL', status: res.status, message: `the admin API answered HTTP ${res.status}` },
    };
  });
}
