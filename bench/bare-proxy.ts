/**
 * The floor: the least a Node gateway must do (read the body, forward it with undici over a keep-alive pool,
 * relay the answer chunk by chunk). No auth, no ledger, no audit. Same HTTP server and upstream pool settings
 * as the Iron Cage gateway, so the difference between the two is the governance work alone.
 *   node bare-proxy.mjs --upstream http://127.0.0.1:PORT [--port N]
 * Prints one JSON line `{"url":"http://127.0.0.1:PORT"}` once listening; exits on SIGTERM/SIGINT.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';

const { values } = parseArgs({ options: { upstream: { type: 'string' }, port: { type: 'string' } } });
if (!values.upstream) throw new Error('--upstream is required');
const upstream = values.upstream;
const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256, headersTimeout: 600_000, bodyTimeout: 600_000 });

async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(body.length) };
  if (req.headers.authorization) headers.authorization = req.headers.authorization;
  const up = await request(`${upstream}${req.url ?? '/'}`, { method: req.method === 'GET' ? 'GET' : 'POST', headers, body, dispatcher });
  res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? 'application/json') });
  for await (const chunk of up.body as AsyncIterable<Buffer>) res.write(chunk);
  res.end();
}

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  forward(req, res).catch(() => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502).end();
  });
});
server.listen(Number(values.port ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
const stop = (): void => {
  server.close();
  server.closeAllConnections();
  void dispatcher.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
