import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { errorBody, type ApiError, type Flavour } from './errors.ts';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** `readBody` could not deliver the body. */
export type BodyFailure = 'aborted' | 'too-large';

/** Reads the whole request body as UTF-8; past 16 MiB it keeps draining but stops collecting. */
export function readBody(req: IncomingMessage): Promise<string | BodyFailure> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) resolve('too-large');
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    // A body that closes before 'end' was abandoned by the client (or by close()); the promise settles only once.
    req.on('close', () => resolve('aborted'));
    req.on('error', () => resolve('aborted'));
  });
}

// Static parts of the real providers' headers, shared by every response.
const OPENAI_HEADERS: Readonly<OutgoingHttpHeaders> = {
  'openai-version': '2020-10-01',
  'openai-processing-ms': '1',
  'access-control-expose-headers': 'X-Request-ID',
  'x-ratelimit-limit-requests': '10000',
  'x-ratelimit-limit-tokens': '30000000',
  'x-ratelimit-remaining-requests': '9999',
  'x-ratelimit-remaining-tokens': '29999000',
  'x-ratelimit-reset-requests': '6ms',
  'x-ratelimit-reset-tokens': '0s',
};

export const JSON_TYPE = 'application/json';
export const SSE_TYPE = 'text/event-stream; charset=utf-8';

/** The provider's response headers: request id (`x-request-id` / `request-id`), rate-limit headers on OpenAI. */
export function responseHeaders(flavour: Flavour, requestId: string, contentType: string): OutgoingHttpHeaders {
  if (flavour === 'openai') return { ...OPENAI_HEADERS, 'x-request-id': requestId, 'content-type': contentType };
  return { 'request-id': requestId, 'content-type': contentType };
}

/** Sends a complete JSON answer with a content-length, so keep-alive connections stay reusable. */
export function sendJson(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  headers['content-length'] = Buffer.byteLength(text);
  res.writeHead(status, headers).end(text);
}

/** Sends an error in the API's format; a 429 says `retry-after: 0`. */
export function sendError(res: ServerResponse, flavour: Flavour, error: ApiError, requestId: string): void {
  const headers = responseHeaders(flavour, requestId, JSON_TYPE);
  if (error.status === 429) headers['retry-after'] = '0';
  sendJson(res, error.status, headers, errorBody(flavour, error, requestId));
}
