import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { appError } from '../../../core/src/domain/errors.ts';
import type { Clock } from '../../../core/src/domain/clock.ts';
import type { LeasePolicy } from '../../../core/src/panel/lease.ts';
import { writeEndpoint } from '../../../core/src/node/panel/endpoint-file.ts';
import { panelApp } from '../../../core/src/node/panel/http/app.ts';
import { reapLeases } from '../../../core/src/node/panel/lease-service.ts';
import { openPanel } from '../../../core/src/node/panel/open-panel.ts';
import { readGrantsFrozenUntil } from '../../../core/src/node/panel/restore-guard.ts';
import type { PanelContext } from '../../../core/src/node/panel/panel-context.ts';

export interface PanelServeOptions {
  host: string;
  port: number;
  dataDir?: string;
  databaseUrl?: string;
  publicUrl?: string;
  tlsCert?: string;
  tlsKey?: string;
  allowRemote?: boolean;
  policy?: Partial<LeasePolicy>;
  clock?: Clock;
  /** How often the reaper runs (ms). */
  reapEveryMs?: number;
}

export interface RunningPanel {
  url: string;
  fingerprint: string | null;
  ctx: PanelContext;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** The panel's composition root: store, keys, HTTP(S) listener and the reaper. */
export async function startPanel(o: PanelServeOptions): Promise<RunningPanel> {
  if (!LOOPBACK.has(o.host) && !o.allowRemote) throw appError('INVALID_INPUT', `refusing to listen on ${o.host} without --allow-remote (the panel listens on loopback by default)`);
  if (Boolean(o.tlsCert) !== Boolean(o.tlsKey)) throw appError('INVALID_INPUT', '--tls-cert and --tls-key go together');
  const tls = o.tlsCert && o.tlsKey ? { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } : null;
  const fingerprint = tls ? new X509Certificate(tls.cert).fingerprint256.replace(/:/g, '').toLowerCase() : null;
  const ctx = openPanel({ dataDir: o.dataDir, databaseUrl: o.databaseUrl, policy: o.policy, clock: o.clock, listen: true });
  ctx.grantsFrozenUntil = await readGrantsFrozenUntil(ctx);
  const app = panelApp(ctx);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: o.host, port: o.port, ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}) }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `${tls ? 'https' : 'http'}://${hostInUrl}:${port}`;
  writeEndpoint(ctx.dataDir, { publicUrl: o.publicUrl ?? url, fingerprint });
  let reaping = false;
  const reaper = setInterval(() => {
    if (reaping) return;
    reaping = true;
    reapLeases(ctx)
      .catch(() => undefined)
      .finally(() => {
        reaping = false;
      });
  }, o.reapEveryMs ?? 1_000);
  reaper.unref();
  return {
    url,
    fingerprint,
    ctx,
    async close() {
      clearInterval(reaper);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await ctx.db.close();
    },
  };
}
