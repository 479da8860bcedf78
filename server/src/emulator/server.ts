import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleRequest, type RecordedRequest } from './handler.ts';
import { JSON_TYPE } from './http-io.ts';
import { IdSource } from './ids.ts';

export interface EmulatorOptions {
  /** Default '127.0.0.1'; the emulator never listens beyond loopback unless told to. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** When set, requests must carry it (`Authorization: Bearer` or `x-api-key`), else 401. */
  apiKey?: string;
  /** Delay between stream events, default 0. */
  chunkDelayMs?: number;
  /** Delay before the response starts, default 0. */
  firstByteDelayMs?: number;
  /** Output tokens when neither the request's max tokens nor a directive says otherwise, default 12. */
  defaultOutputTokens?: number;
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:12345`, without `/v1`. */
  url: string;
  port: number;
  /** The last 1000 requests, oldest first. */
  requests: RecordedRequest[];
  /** Stops listening and destroys every open connection, hung and streaming ones included. */
  close(): Promise<void>;
}

const MAX_RECORDED = 1000;
const EMULATOR_FAILURE = '{"error":{"message":"emulator failure","type":"server_error","param":null,"code":null}}';

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`emulator option ${name} must be a non-negative number`);
  return value;
}

/** Starts a fake OpenAI + Anthropic API on node:http; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const requests: RecordedRequest[] = [];
  const settings = {
    apiKey: options.apiKey,
    chunkDelayMs: nonNegative('chunkDelayMs', options.chunkDelayMs, 0),
    firstByteDelayMs: nonNegative('firstByteDelayMs', options.firstByteDelayMs, 0),
    defaultOutputTokens: Math.floor(nonNegative('defaultOutputTokens', options.defaultOutputTokens, 12)),
    ids: new IdSource(),
    record(request: RecordedRequest): void {
      requests.push(request);
      if (requests.length > MAX_RECORDED) requests.shift();
    },
  };
  const server = createServer((req, res) => {
    handleRequest(settings, req, res).catch(() => {
      // A bug in the emulator must not hang a test: answer 500 if still possible, else cut the connection.
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': JSON_TYPE }).end(EMULATOR_FAILURE);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
