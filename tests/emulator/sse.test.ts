import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sseFrame, writeFrames, type SseFrame } from '../../server/src/emulator/sse.ts';

const frames: SseFrame[] = [
  sseFrame('start', { n: 0 }, 'head'),
  ...Array.from({ length: 20 }, (_, i) => sseFrame('delta', { n: i + 1 }, 'content')),
  sseFrame('stop', { n: 21 }, 'tail'),
];

let server: Server;
let url: string;
const writes: number[] = [];
let finished: Promise<void> = Promise.resolve();

beforeAll(async () => {
  server = createServer((_req, res) => {
    let count = 0;
    const write = res.write.bind(res) as (chunk: string) => boolean;
    res.write = ((chunk: string) => {
      count += 1;
      return write(chunk);
    }) as typeof res.write;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    finished = writeFrames(res, frames, { chunkDelayMs: 20 }).then(() => {
      writes.push(count);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('writeFrames', () => {
  it('stops writing promptly once the client disconnects', async () => {
    const abort = new AbortController();
    const res = await fetch(url, { signal: abort.signal });
    const reader = res.body?.getReader();
    await reader?.read();
    abort.abort();
    const started = Date.now();
    await finished;
    expect(Date.now() - started).toBeLessThan(200);
    expect(writes[0]).toBeLessThan(frames.length / 2);
  });

  it('frames carry event and data lines, or data only without a name', () => {
    expect(sseFrame('ping', { type: 'ping' }, 'head').text).toBe('event: ping\ndata: {"type":"ping"}\n\n');
    expect(sseFrame(undefined, '[DONE]', 'tail').text).toBe('data: [DONE]\n\n');
  });
});
