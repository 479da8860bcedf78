import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable, Transform } from 'node:stream';
import { appError } from '../../domain/errors.ts';

export interface UpstreamBounds {
  /** Largest answer accepted from a provider, after decompression, in bytes. */
  maxBytes: number;
  /** Longest line in an event stream, in bytes. */
  maxLineBytes: number;
}

/** An upstream body as the relays read it: chunk by chunk, or whole. */
export interface BoundedBody extends AsyncIterable<Buffer> {
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

function decoderFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

function tooLarge(what: string, limit: number): Error {
  return appError('UPSTREAM_ERROR', `the provider's ${what} exceeded ${limit} bytes; the gateway stopped reading it`);
}

/**
 * Reads a provider's body with limits: decompressed when it says it is compressed (the client never sees the
 * encoding header, so it must never see compressed bytes either), and stopped with a clear error when the
 * answer or one event-stream line grows past its cap, so a hostile upstream cannot fill the gateway's memory.
 */
export function boundedBody(body: Readable, headers: Record<string, string | string[] | undefined>, bounds: UpstreamBounds): BoundedBody {
  const encoding = String(headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const sse = String(headers['content-type'] ?? '').includes('text/event-stream');
  // Errors surface through reading; a body destroyed early must not also raise an unhandled 'error' event.
  body.on('error', () => undefined);
  if (encoding !== 'identity' && encoding !== '' && decoderFor(encoding) === undefined) {
    body.destroy();
    const e = appError('UPSTREAM_ERROR', `the provider answered with an unsupported content-encoding "${encoding}"`);
    return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(e) }), arrayBuffer: () => Promise.reject(e), text: () => Promise.reject(e) };
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    const decoder = decoderFor(encoding);
    if (decoder) body.once('error', (e) => decoder.destroy(e));
    const source: AsyncIterable<Buffer> = decoder ? body.pipe(decoder) : body;
    let total = 0;
    let lineBytes = 0;
    try {
      for await (const chunk of source) {
        total += chunk.length;
        if (total > bounds.maxBytes) throw tooLarge('answer', bounds.maxBytes);
        if (sse) {
          let from = 0;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
            if (lineBytes + i - from > bounds.maxLineBytes) throw tooLarge('event-stream line', bounds.maxLineBytes);
            lineBytes = 0;
            from = i + 1;
          }
          lineBytes += chunk.length - from;
          if (lineBytes > bounds.maxLineBytes) throw tooLarge('event-stream line', bounds.maxLineBytes);
        }
        yield chunk;
      }
    } finally {
      decoder?.destroy();
      body.destroy();
    }
  }
  const iterable = { [Symbol.asyncIterator]: () => chunks() };
  const whole = async (): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for await (const c of iterable) parts.push(c);
    return Buffer.concat(parts);
  };
  return {
    ...iterable,
    arrayBuffer: async () => {
      const b = await whole();
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
    text: async () => (await whole()).toString('utf8'),
  };
}
