import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type HostileHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface HostileUpstream {
  url: string;
  /** What the next requests get; replace it between calls. */
  handle: HostileHandler;
  /** Requests received so far. */
  hits: number;
  close(): Promise<void>;
}

/** A provider that misbehaves on purpose: each test decides what its answers look like. */
export async function startHostileUpstream(handle: HostileHandler): Promise<HostileUpstream> {
  const sockets = new Set<Socket>();
  const up: HostileUpstream = {
    url: '',
    handle,
    hits: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      up.hits++;
      up.handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  up.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return up;
}

/** An OpenAI chat completion with the given usage object (whatever its shape). */
export function chatJson(usage: unknown, content = 'hello there'): string {
  return JSON.stringify({
    id: 'chatcmpl-h',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage,
  });
}

export function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
