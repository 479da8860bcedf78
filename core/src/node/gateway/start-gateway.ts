import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { appError } from '../../domain/errors.ts';
import type { Runtime } from '../runtime.ts';
import { loadOrCreateAdminToken } from '../admin-token.ts';
import { createAdminHttpHandler } from '../admin/http-admin.ts';
import { createGuardScanner, loadInjectionModel } from '../guard-scanner.ts';
import { createDashboardRoutes } from '../admin/dashboard-routes.ts';
import { locateDashboardDir } from '../admin/dashboard-static.ts';
import { sessionCookieName } from '../admin/session-http.ts';
import { DashboardSessions } from '../admin/session-store.ts';
import { nodeTokenMinter } from '../token-minter.ts';
import { VERSION } from '../version.ts';
import type { GatewayContext } from './context.ts';
import type { RecoveryReport } from '../store/sqlite-instances.ts';
import { createGatewayHandler } from './http-handler.ts';
import { InFlightCalls } from './in-flight.ts';
import { createUpstreamDispatcher } from './upstream.ts';
import { DEFAULT_RETRY_PLAN, type RetryPlan } from '../../gateway/retry-plan.ts';
import { ProviderBreakers } from './upstream-attempts.ts';
import { createGatewayMetrics } from '../metrics.ts';
import { createLocalWalletLedger } from '../wallet/wallet-ledger.ts';
import { watchAgentChanges } from '../wallet/agent-watch.ts';

export const DEFAULT_PORT = 8733;

const ms = z.number().int().min(0).max(3_600_000);
const RetryPlanSchema = z.object({
  retries: z.number().int().min(0).max(10),
  baseDelayMs: ms,
  maxDelayMs: ms,
  maxRetryAfterMs: ms,
  connectTimeoutMs: ms.min(1),
  firstByteTimeoutMs: ms.min(1),
  idleTimeoutMs: ms.min(1),
  breakerThreshold: z.number().int().min(1).max(1000),
  breakerOpenMs: ms.min(1),
});

export const GatewayOptionsSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
  /** Listening beyond loopback exposes the gateway to the network: it must be asked for explicitly. */
  allowRemote: z.boolean().default(false),
  maxBodyBytes: z.number().int().positive().default(20 * 1024 * 1024),
  defaultMaxOutputTokens: z.number().int().positive().default(4096),
  /** Largest answer accepted from a provider (after decompression), and longest event-stream line. */
  maxUpstreamBytes: z.number().int().positive().default(64 * 1024 * 1024),
  maxSseLineBytes: z.number().int().positive().default(4 * 1024 * 1024),
  /** Retries, timeouts and breakers for every provider (defaults: DEFAULT_RETRY_PLAN)… */
  retry: RetryPlanSchema.partial().default({}),
  /** …and per provider name, over those. */
  providerRetry: z.record(z.string(), RetryPlanSchema.partial()).default({}),
  /** How often in-flight calls are checked against suspensions made by other processes. */
  cutPollMs: z.number().int().positive().default(200),
  heartbeatMs: z.number().int().positive().default(5_000),
  staleAfterMs: z.number().int().positive().default(30_000),
  configPollMs: z.number().int().positive().default(1_000),
  /** How often open dashboards are told that another process changed the database (well under 2 s). */
  dataPollMs: z.number().int().positive().default(500),
  /** Scan requests and responses for secrets, personal data and injection (per-agent policies). */
  guardrails: z.boolean().default(true),
  /** The built web dashboard served at `/` (default: the package's out/renderer); null: none is built. */
  dashboardDir: z.string().nullable().optional(),
});
export type GatewayOptions = z.input<typeof GatewayOptionsSchema>;

export interface RunningGateway {
  url: string;
  host: string;
  port: number;
  server: Server;
  /** Calls of crashed gateways charged at their reservation, and their unused wallet money released, at start-up. */
  recovered: RecoveryReport;
  inFlight: InFlightCalls;
  /** The admin API's bearer token (also in the data directory's admin.token, 0600). */
  adminToken: string;
  /** The web dashboard's URL with a fresh one-time login code (single use, valid for a few minutes). */
  dashboardLoginUrl(): string;
  /** Stops accepting calls, lets in-flight ones finish for up to `drainMs`, then cuts the rest. */
  close(drainMs?: number): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Starts the LLM gateway over an opened runtime. */
export async function startGateway(rt: Runtime, options: GatewayOptions = {}): Promise<RunningGateway> {
  const o = GatewayOptionsSchema.parse(options);
  if (!isLoopbackHost(o.host) && !o.allowRemote) {
    throw appError(
      'INVALID_INPUT',
      `refusing to listen on ${o.host}: that exposes the gateway beyond this machine; pass --allow-remote if you mean it`,
    );
  }
  const { store, clock, logger } = rt;
  store.instances.register(rt.instanceId, process.pid, hostname(), clock.now());
  const recovered = store.instances.recover(rt.instanceId, hostname(), clock.now(), o.staleAfterMs, isAlive);
  if (recovered.chargedCalls > 0 || recovered.releasedMicros > 0) {
    logger.warn('reconciled the reservations of a crashed gateway', { ...recovered });
  }
  try {
    // Retention (if configured) is applied at start; the prune is itself an audited record.
    const pruned = rt.auditTrail.pruneByRetention('gateway');
    if (pruned) logger.info('pruned audit records past retention', { ...pruned });
  } catch (e) {
    // A chain that does not verify is never pruned: keep serving, and say so.
    logger.warn('audit retention not applied', { error: (e as Error).message });
  }

  // Other processes (a CLI) change prices and the time zone through the database; pick them up within a poll.
  let revision = rt.pricing.configRevision();
  // A timer that throws would take the process down: a full or read-only disk is logged, and retried next tick.
  const guarded = (what: string, tick: () => void) => () => {
    try {
      tick();
    } catch (e) {
      logger.error(`${what} failed`, { error: (e as Error).message });
      rt.journal.reportFailure(e); // a disk that refuses writes refuses calls too, until it recovers
    }
  };
  const configTimer = setInterval(
    guarded('config poll', () => {
      const now = rt.pricing.configRevision();
      if (now === revision) return;
      revision = now;
      rt.reloadSharedConfig();
    }),
    o.configPollMs,
  );
  configTimer.unref();
  // data_version moves only when another connection commits (a CLI, another gateway): one pragma per poll tells
  // open dashboards to re-read, so a change made in a terminal shows up live.
  let seenVersion = store.dataVersion();
  const dataTimer = setInterval(
    guarded('data poll', () => {
      const v = store.dataVersion();
      if (v === seenVersion) return;
      seenVersion = v;
      if (rt.events.hasListeners) rt.events.publish({ type: 'data.changed', at: clock.now() });
    }),
    o.dataPollMs,
  );
  dataTimer.unref();
  const heartbeat = setInterval(guarded('heartbeat', () => store.instances.heartbeat(rt.instanceId, clock.now())), o.heartbeatMs);
  heartbeat.unref();

  const inFlight = new InFlightCalls(store.agents, store.dataVersion, o.cutPollMs);
  const planFor = (providerName: string): RetryPlan => ({ ...DEFAULT_RETRY_PLAN, ...o.retry, ...o.providerRetry[providerName] });
  const dispatcher = createUpstreamDispatcher(planFor('').connectTimeoutMs);
  const metrics = createGatewayMetrics(rt.events);
  const breakers = new ProviderBreakers(planFor, (provider, state) => {
    logger.warn('provider circuit breaker changed', { provider, state });
    metrics.breakerChanged(provider, state);
  });
  // Reservations and settlements happen in memory against wallets funded in slices from the ledger;
  // call records and settlements reach the database in group commits through the journal.
  const { journal } = rt;
  const ledger = createLocalWalletLedger(store, rt.instanceId, journal, clock, logger);
  // Admin changes (budgets, suspensions) from any process take back the unused money of the agents concerned.
  const agentWatch = watchAgentChanges(store.db, store.dataVersion, o.cutPollMs, (changed) => ledger.drain(changed), () => ledger.drainIdle());
  const stopWatchingAgents = rt.onAgentsChanged(() => {
    inFlight.recheck();
    agentWatch.check();
  });
  const audit = { append: (entry: Parameters<typeof store.audit.append>[0], at: number) => journal.append(() => store.audit.appendInTransaction(entry, at)) };
  const ctx: GatewayContext = {
    agents: store.agents,
    providers: store.providers,
    ledger,
    prices: () => rt.prices.current(),
    keys: rt.keys,
    clock,
    calendar: rt.calendar,
    minter: nodeTokenMinter,
    inFlight,
    dispatcher,
    logger,
    limits: {
      maxBodyBytes: o.maxBodyBytes,
      defaultMaxOutputTokens: o.defaultMaxOutputTokens,
      upstream: { maxBytes: o.maxUpstreamBytes, maxLineBytes: o.maxSseLineBytes },
    },
    events: rt.events,
    audit,
    // Findings amend their call's row, which the journal may not have written yet: they go through it too.
    findings: {
      append: (callId, f) => {
        journal.amend(() => void store.findings.append(callId, f));
        return true;
      },
    },
    reliability: { planFor, breakers },
    storage: journal,
    guard: o.guardrails ? createGuardScanner(loadInjectionModel(logger)) : undefined,
  };
  let port = o.port;
  const adminToken = loadOrCreateAdminToken(rt.dataDir);
  const sessions = new DashboardSessions({ clock });
  const admin = createAdminHttpHandler({
    handlers: rt.handlers,
    events: rt.events,
    token: adminToken,
    allowedHosts: () => allowedHosts(o.host, port),
    logger,
    actor: 'dashboard',
    sessions: { store: sessions, cookieName: () => sessionCookieName(port) },
    metrics: () => metrics.render(),
  });
  const dashboard = createDashboardRoutes({
    dir: o.dashboardDir === undefined ? locateDashboardDir() : o.dashboardDir,
    sessions,
    adminToken,
    cookieName: () => sessionCookieName(port),
    allowedHosts: () => allowedHosts(o.host, port),
    logger,
  });
  const server = createServer({ keepAliveTimeout: 65_000 }, createGatewayHandler(ctx, VERSION, admin, dashboard));
  try {
    await listen(server, o.port, o.host);
  } catch (e) {
    clearInterval(configTimer);
    clearInterval(dataTimer);
    clearInterval(heartbeat);
    metrics.stop();
    agentWatch.stop();
    store.instances.unregister(rt.instanceId);
    await dispatcher.close();
    throw e;
  }
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : o.port;
  const urlHost = o.host.includes(':') && !o.host.startsWith('[') ? `[${o.host}]` : o.host;
  logger.info('gateway listening', { host: o.host, port });
  rt.setGatewayUrl(`http://${urlHost}:${port}`);

  let closing: Promise<void> | undefined;
  const close = (drainMs = 10_000): Promise<void> =>
    (closing ??= (async () => {
      server.close();
      server.closeIdleConnections();
      const deadline = clock.monotonic() + drainMs;
      while (inFlight.size > 0 && clock.monotonic() < deadline) await sleep(25);
      inFlight.cutAll('the gateway is shutting down');
      const settleDeadline = clock.monotonic() + 2_000;
      while (inFlight.size > 0 && clock.monotonic() < settleDeadline) await sleep(10);
      server.closeAllConnections();
      clearInterval(configTimer);
      clearInterval(dataTimer);
      clearInterval(heartbeat);
      stopWatchingAgents();
      metrics.stop();
      agentWatch.stop();
      ledger.drain();
      journal.flush(); // what the disk still refuses stays queued for the runtime's close
      rt.setGatewayUrl(null);
      guarded('unregistering this gateway', () => store.instances.unregister(rt.instanceId))();
      await dispatcher.close().catch(() => undefined);
      logger.info('gateway stopped', {});
    })());

  const url = `http://${urlHost}:${port}`;
  const dashboardLoginUrl = (): string => `${url}/?code=${sessions.issueLoginCode()}`;
  return { url, host: o.host, port, server, recovered, inFlight, adminToken, dashboardLoginUrl, close };
}

/** The `host:port` names a request to this gateway may carry in Host and Origin. */
function allowedHosts(host: string, port: number): ReadonlySet<string> {
  const names = new Set([`${host.toLowerCase()}:${port}`]);
  if (isLoopbackHost(host)) for (const h of ['127.0.0.1', 'localhost', '[::1]']) names.add(`${h}:${port}`);
  if (host.includes(':') && !host.startsWith('[')) names.add(`[${host.toLowerCase()}]:${port}`);
  return names;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') {
        reject(appError('CONFLICT', `port ${port} on ${host} is already in use (is another Iron Cage running? try --port)`));
      } else if (e.code === 'EACCES') {
        reject(appError('INVALID_INPUT', `not allowed to listen on ${host}:${port}`));
      } else {
        reject(e);
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
