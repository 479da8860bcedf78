import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { systemClock, type Clock } from '../domain/clock.ts';
import { isValidTimeZone, PeriodCalendar, systemTimeZone } from '../domain/period.ts';
import type { Logger } from '../ports/logger.ts';
import type { SecretStore } from '../ports/secret-store.ts';
import { AgentService } from '../services/agent-service.ts';
import { ProviderService } from '../services/provider-service.ts';
import { PricingService, TIMEZONE_SETTING } from '../services/pricing-service.ts';
import { createFileLogger } from './file-logger.ts';
import { KeyFileSecretStore } from './key-file-secret-store.ts';
import { LOG_DIR, SECRET_KEY_FILE } from './paths.ts';
import { openStore, type Store } from './store/open-store.ts';
import { nodeTokenMinter } from './token-minter.ts';

export interface RuntimeOptions {
  dataDir: string;
  clock?: Clock;
  /** Defaults to the key-file store in the data directory; the desktop app passes its keychain store. */
  secrets?: SecretStore;
  logger?: Logger & { flush?(): void };
}

/** One data directory opened: its store, the services over it, and the ports they were built with. */
export interface Runtime {
  dataDir: string;
  instanceId: string;
  store: Store;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger & { flush?(): void };
  calendar: PeriodCalendar;
  agents: AgentService;
  providers: ProviderService;
  pricing: PricingService;
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
  const store = openStore(options.dataDir, instanceId);
  const secrets = options.secrets ?? new KeyFileSecretStore(join(options.dataDir, SECRET_KEY_FILE));
  const logger = options.logger ?? createFileLogger(join(options.dataDir, LOG_DIR));
  const calendar = new PeriodCalendar(configuredTimeZone(store));
  const minter = nodeTokenMinter;
  return {
    dataDir: options.dataDir,
    instanceId,
    store,
    secrets,
    clock,
    logger,
    calendar,
    agents: new AgentService({
      agents: store.agents,
      providers: store.providers,
      ledger: store.ledger,
      audit: store.audit,
      minter,
      clock,
      calendar,
    }),
    providers: new ProviderService({ providers: store.providers, secrets, audit: store.audit, minter, clock }),
    pricing: new PricingService({ overrides: store.overrides, providers: store.providers, settings: store.settings, audit: store.audit, clock }),
    close: () => {
      logger.flush?.();
      store.close();
    },
  };
}
