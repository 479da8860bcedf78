import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { anthropicMessages } from './anthropic-messages.ts';
import { parseDirectives } from './directives.ts';
import { malformedJsonError, notFoundError, scenarioError, unauthorizedError } from './errors.ts';
import { readBody, responseHeaders, sendError, sendJson, JSON_TYPE, SSE_TYPE } from './http-io.ts';
import type { IdSource } from './ids.ts';
import { anthropicModels, openaiModels } from './models.ts';
import { openaiChat } from './openai-chat.ts';
import { openaiEmbeddings } from './openai-embeddings.ts';
import { openaiResponses } from './openai-responses.ts';
import type { Route } from './route.ts';
import { waitUnlessGone, writeFrames } from './sse.ts';
import { isRecord } from './tokens.ts';

/** One request as the emulator received it; `body` is the parsed JSON, or the raw text when it did not parse. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface HandlerSettings {
  apiKey: string | undefined;
  chunkDelayMs: number;
  firstByteDelayMs: number;
  defaultOutputTokens: number;
  ids: IdSource;
  record(request: RecordedRequest): void;
}

// `GET /v1/models` serves both APIs; the Anthropic SDK always sends `anthropic-version`.
const ROUTES = new Map<string, (headers: IncomingHttpHeaders) => Route>([
  ['POST /v1/chat/completions', () => openaiChat],
  ['POST /v1/responses', () => openaiResponses],
  ['POST /v1/embeddings', () => openaiEmbeddings],
  ['POST /v1/messages', () => anthropicMessages],
  ['GET /v1/models', (headers) => (headers['anthropic-version'] === undefined ? openaiModels : anthropicModels)],
]);

function presentedKeys(headers: IncomingHttpHeaders): { bearer: string | undefined; xApiKey: string | undefined } {
  const auth = headers.authorization;
  const xApiKey = headers['x-api-key'];
  return {
    bearer: auth?.startsWith('Bearer ') ? auth.slice(7) : undefined,
    xApiKey: typeof xApiKey === 'string' ? xApiKey : undefined,
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The request pipeline: record, route, authenticate, parse, validate, apply the scenario, answer. */
export async function handleRequest(settings: HandlerSettings, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const requestId = settings.ids.next('req_');

  const raw = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
  if (raw === 'aborted') return;
  const parsed = raw === '' || raw === 'too-large' ? undefined : parseJson(raw);
  settings.record({ method, path: url, headers: req.headers, body: parsed?.ok ? parsed.value : raw || undefined });

  const pick = ROUTES.get(`${method} ${path}`);
  if (!pick) return sendError(res, 'openai', notFoundError(method, path), requestId);
  const route = pick(req.headers);
  if (settings.apiKey !== undefined) {
    const { bearer, xApiKey } = presentedKeys(req.headers);
    if (bearer !== settings.apiKey && xApiKey !== settings.apiKey) {
      return sendError(res, route.flavour, unauthorizedError(route.flavour, bearer ?? xApiKey), requestId);
    }
  }
  if (raw === 'too-large') return sendError(res, route.flavour, { status: 413, message: 'Request body too large.' }, requestId);
  let body: Record<string, unknown> = {};
  if (route.hasBody) {
    if (!parsed?.ok || !isRecord(parsed.value)) return sendError(res, route.flavour, malformedJsonError(route.flavour), requestId);
    body = parsed.value;
  }
  const invalid = route.validate(body);
  if (invalid) return sendError(res, route.flavour, invalid, requestId);

  const scenario = parseDirectives(route.directiveText(body));
  // Never answered: the client's disconnect or close() destroying the socket ends it; nothing waits on a timer.
  if (scenario.hang) return;
  const firstByteDelayMs = scenario.firstByteDelayMs ?? settings.firstByteDelayMs;
  if (firstByteDelayMs > 0 && !(await waitUnlessGone(res, firstByteDelayMs))) return;
  if (scenario.status !== undefined) return sendError(res, route.flavour, scenarioError(route.flavour, scenario.status), requestId);

  const reply = route.respond(body, scenario, {
    ids: settings.ids,
    defaultOutputTokens: settings.defaultOutputTokens,
    now: Math.floor(Date.now() / 1000),
  });
  if (reply.kind === 'json') return sendJson(res, 200, responseHeaders(route.flavour, requestId, JSON_TYPE), reply.body);
  const headers = responseHeaders(route.flavour, requestId, SSE_TYPE);
  headers['cache-control'] = 'no-cache';
  res.writeHead(200, headers);
  await writeFrames(res, reply.frames, {
    chunkDelayMs: scenario.chunkDelayMs ?? settings.chunkDelayMs,
    dropAfter: scenario.dropAfter,
    endAfter: scenario.endAfter,
  });
}
