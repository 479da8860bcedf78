import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { systemClock, type Clock } from '../domain/clock.ts';
import { isValidTimeZone, PeriodCalendar, systemTimeZone } from '../domain/period.ts';
import { createDirectClient, type ApiClient } from '../contract/client.ts';
import { EventHub } from '../contract/events.ts';
import { createHandlers, type Handlers } from '../contract/handlers/index.ts';
import { PriceBook } from '../pricing/index.ts';
import type { Logger } from '../ports/logger.ts';
import type { UsageQueries } from '../ports/store.ts';
import type { SecretStore } from '../ports/secret-store.ts';
import { AgentService } from '../services/agent-service.ts';
import { AuditService } from '../services/audit-service.ts';
import { AnalyticsService } from '../services/analytics-service.ts';
import { ProviderService } from '../services/provider-service.ts';
import { PricingService, TIMEZONE_SETTING } from '../services/pricing-service.ts';
import { createFileLogger } from './file-logger.ts';
import { KeyRing } from './gateway/key-ring.ts';
import { HttpProviderProbe } from './http-provider-probe.ts';
import { KeyFileSecretStore } from './key-file-secret-store.ts';
import { LOG_DIR, SECRET_KEY_FILE } from './paths.ts';
import { openStore, type Store } from './store/open-store.ts';
import { CallJournal, DEFAULT_JOURNAL_OPTIONS } from './store/call-journal.ts';
import { nodeTokenMinter } from './token-minter.ts';
import { VERSION } from './version.ts';

export interface RuntimeOptions {
  dataDir: string;
  clock?: Clock;
  /** Defaults to the key-file store in the data directory; the desktop app passes its keychain store. */
  secrets?: SecretStore;
  logger?: Logger & { flush?(): void };
  /** Which host opens the runtime (the dashboard shows it); default headless. */
  host?: 'desktop' | 'headless';
  /** Set when the chosen secret store does not really protect keys (e.g. Linux `basic_text`). */
  secretStoreWarning?: string;
}

/** The price book calls are charged with; rebuilt when overrides change, in this process or another. */
export interface PriceBookHolder {
  current(): PriceBook;
  refresh(): void;
}

/** One data directory opened: its store, the services and contract over it, and the ports they were built with. */
export interface Runtime {
  dataDir: string;
  instanceId: string;
  store: Store;
  secrets: SecretStore;
  keys: KeyRing;
  clock: Clock;
  logger: Logger & { flush?(): void };
  calendar: PeriodCalendar;
  /** Group commit of call records and settlements (the gateway writes through it; readers here flush it first). */
  journal: CallJournal;
  prices: PriceBookHolder;
  events: EventHub;
  agents: AgentService;
  providers: ProviderService;
  pricing: PricingService;
  auditTrail: AuditService;
  /** The contract's handler table, for every transport. */
  handlers: Handlers;
  /** An in-process contract client acting as `actor` (e.g. `cli`). */
  client(actor: string): ApiClient;
  /** Called when agents or tokens change in this process, so running calls are re-checked at once. */
  onAgentsChanged(listener: () => void): () => void;
  /** Tells the contract where the gateway listens (the gateway calls this once it does). */
  setGatewayUrl(url: string | null): void;
  /** Re-reads settings shared through the database (time zone, prices). */
  reloadSharedConfig(): void;
  close(): void;
}

/** The configured time zone for budget periods, or the system's. */
export function configuredTimeZone(store: Store): string {
  const tz = store.settings.get(TIMEZONE_SETTING);
  return tz !== undefined && isValidTimeZone(tz) ? tz : systemTimeZone();
}

/** Composition root shared by the CLI, the headless gateway and the desktop app's main process. */
export function openRuntime(options: RuntimeOptions): Runtime {
  const instanceId = randomUUID();
  const clock = options.clock ?? systemClock;
  const calendar = new PeriodCalendar(systemTimeZone());
  const store = openStore(options.dataDir, instanceId, calendar);
  calendar.setTimeZone(configuredTimeZone(store));
  const secrets = options.secrets ?? new KeyFileSecretStore(join(options.dataDir, SECRET_KEY_FILE));
  const logger = options.logger ?? createFileLogger(join(options.dataDir, LOG_DIR));
  const keys = new KeyRing(secrets);
  const journal = new CallJournal(store.db, { ...DEFAULT_JOURNAL_OPTIONS, logger });
  // Reads in this process see its own writes: they flush the journal first.
  const ledgerReader = { windows: (agentId: string, at: number) => (journal.flush(), store.ledger.windows(agentId, at)) };
  const usage: UsageQueries = {
    byAgentAndModel: (f) => (journal.flush(), store.usage.byAgentAndModel(f)),
    recentCalls: (f) => (journal.flush(), store.usage.recentCalls(f)),
    callDetail: (id) => (journal.flush(), store.usage.callDetail(id)),
  };
  const events = new EventHub();
  const minter = nodeTokenMinter;

  let book = new PriceBook(store.overrides.list(), { clock });
  const prices: PriceBookHolder = {
    current: () => book,
    refresh: () => {
      book = new PriceBook(store.overrides.list(), { clock });
    },
  };
  const reloadSharedConfig = (): void => {
    prices.refresh();
    calendar.setTimeZone(configuredTimeZone(store));
  };
  const agentListeners = new Set<() => void>();

  const agents = new AgentService({ agents: store.agents, providers: store.providers, ledger: ledgerReader, audit: store.audit, minter, clock, calendar });
  const providers = new ProviderService({ providers: store.providers, secrets, audit: store.audit, minter, clock });
  const pricing = new PricingService({
    overrides: store.overrides,
    providers: store.providers,
    settings: store.settings,
    audit: store.audit,
    clock,
    onChange: reloadSharedConfig,
  });
  let gatewayUrl: string | null = null;
  const auditTrail = new AuditService({ trail: store.audit, settings: store.settings, clock });
  const handlers = createHandlers({
    agents,
    providers,
    pricing,
    agentRepo: store.agents,
    providerRepo: store.providers,
    usage,
    probe: new HttpProviderProbe(keys, clock),
    prices: () => book,
    settings: () => {
      const set = store.settings.get(TIMEZONE_SETTING);
      return { timezone: configuredTimeZone(store), timezoneIsSystemDefault: set === undefined, dataDir: options.dataDir };
    },
    hostStatus: () => ({
      host: options.host ?? 'headless',
      version: VERSION,
      gatewayUrl,
      secretStore: { kind: secrets.kind, warning: options.secretStoreWarning ?? null },
    }),
    agentsChanged: () => agentListeners.forEach((l) => l()),
    events,
    clock,
    auditTrail,
    analytics: new AnalyticsService({ queries: store.analytics, agents, clock }),
    timeZone: () => configuredTimeZone(store),
  });

  return {
    dataDir: options.dataDir,
    instanceId,
    store,
    secrets,
    keys,
    clock,
    logger,
    calendar,
    journal,
    prices,
    events,
    agents,
    providers,
    pricing,
    auditTrail,
    handlers,
    client: (actor) => createDirectClient(handlers, { actor }),
    onAgentsChanged: (listener) => {
      agentListeners.add(listener);
      return () => agentListeners.delete(listener);
    },
    reloadSharedConfig,
    setGatewayUrl: (url) => {
      gatewayUrl = url;
    },
    close: () => {
      try {
        journal.close();
        logger.flush?.();
      } catch {
        // Nothing was written yet: nothing to flush.
      }
      store.close();
    },
  };
}
