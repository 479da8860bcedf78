import { createServer, connect, type Socket } from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

export interface RunningProxy {
  url: string;
  /** How many connections went to each backend (by index). */
  counts: number[];
  close(): Promise<void>;
}

/**
 * A tiny round-robin TCP load balancer on loopback: each connection goes to the next backend, and one that refuses
 * the connection (an instance that died) is skipped, as a load balancer's health check would.
 */
export async function startRoundRobinProxy(backends: Backend[]): Promise<RunningProxy> {
  const sockets = new Set<Socket>();
  const counts = backends.map(() => 0);
  let next = 0;
  const track = (s: Socket): void => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  const server = createServer((client) => {
    track(client);
    client.pause();
    const attempt = (tries: number): void => {
      if (tries >= backends.length) {
        client.destroy();
        return;
      }
      const i = next++ % backends.length;
      const b = backends[i] as Backend;
      const upstream = connect(b.port, b.host);
      track(upstream);
      upstream.once('error', () => {
        if (!upstream.readyState || upstream.connecting) attempt(tries + 1);
        else client.destroy();
      });
      upstream.once('connect', () => {
        counts[i] = (counts[i] ?? 0) + 1;
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
