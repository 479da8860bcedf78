import type { IncomingMessage } from 'node:http';
import { appError } from '../../domain/errors.ts';

/** Reads a request body up to `limit` bytes; larger bodies fail with REQUEST_TOO_LARGE before being buffered. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

function tooLarge(limit: number) {
  return appError('REQUEST_TOO_LARGE', `the request body is larger than the gateway's limit of ${limit} bytes`);
}
