import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'undici';
import type { ApiFamily } from '../../domain/usage.ts';
import type { Caller } from '../../ports/store.ts';
import { authenticate } from './admit-call.ts';
import type { GatewayContext } from './context.ts';
import { upstreamHeaders, upstreamUrl } from './upstream.ts';

interface ModelList {
  data: { id: string }[];
}

function isModelList(v: unknown): v is ModelList {
  return typeof v === 'object' && v !== null && Array.isArray((v as ModelList).data);
}

/**
 * `GET /v1/models`: the provider's own list, narrowed to the models the agent may use. Both SDKs use this
 * path; an `anthropic-version` header says which API's list is wanted. Costs nothing, so it is not metered.
 */
export async function listModels(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, family: ApiFamily): Promise<void> {
  const caller = authenticate(ctx, req);
  const providerId = caller.providerIds[family];
  const provider = providerId === null ? undefined : ctx.providers.upstream(providerId);
  let list: ModelList | undefined;
  if (provider) {
    try {
      const key = await ctx.keys.keyFor(provider);
      const headers = upstreamHeaders(provider, key, req.headers, 0);
      delete headers['content-type'];
      delete headers['content-length'];
      const up = await request(upstreamUrl(provider, '/models'), { method: 'GET', headers, dispatcher: ctx.dispatcher });
      const body: unknown = await up.body.json().catch(() => undefined);
      if (up.statusCode < 400 && isModelList(body)) list = body;
    } catch (e) {
      ctx.logger.warn('could not list provider models', { provider: provider.name, error: (e as Error).message });
    }
  }
  const filtered = narrow(list, caller, family);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(filtered));
}

function narrow(list: ModelList | undefined, caller: Caller, family: ApiFamily): unknown {
  const allowed = caller.allowedModels;
  if (list) {
    return allowed === null ? list : { ...list, data: list.data.filter((m) => allowed.includes(m.id)) };
  }
  // Without the provider's list, the agent's allow-list is the best answer we have.
  const ids = allowed ?? [];
  if (family === 'anthropic') {
    const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: new Date(0).toISOString() }));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  }
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'iron-cage' })) };
}
