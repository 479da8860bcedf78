import type { SqliteCallFindings } from '../store/sqlite-call-findings.ts';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../domain/clock.ts';
import type { AppError } from '../../domain/errors.ts';
import type { EventHub } from '../../contract/events.ts';
import type { PeriodCalendar } from '../../domain/period.ts';
import type { Logger } from '../../ports/logger.ts';
import type { AgentRepo, AuditLog, Ledger, ProviderRepo } from '../../ports/store.ts';
import type { GuardScanner } from '../../gateway/guard/body-guard.ts';
import type { TokenMinter } from '../../ports/token-minter.ts';
import type { PriceBook } from '../../pricing/index.ts';
import type { InFlightCalls } from './in-flight.ts';
import type { KeyRing } from './key-ring.ts';
import type { UpstreamBounds } from './bounded-upstream.ts';
import type { RetryPlan } from '../../gateway/retry-plan.ts';
import type { ProviderBreakers } from './upstream-attempts.ts';

export interface GatewayLimits {
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Output cap injected into requests that set none, so their worst case is bounded. */
  defaultMaxOutputTokens: number;
  /** Caps on what a provider may send back. */
  upstream: UpstreamBounds;
}

/** Everything the request path uses, built once at start-up by the composition root. */
export interface GatewayContext {
  agents: Pick<AgentRepo, 'findCaller'>;
  providers: Pick<ProviderRepo, 'upstream' | 'list'>;
  ledger: Ledger;
  /** The current price book; replaced when price overrides change. */
  prices(): PriceBook;
  keys: KeyRing;
  clock: Clock;
  calendar: PeriodCalendar;
  minter: Pick<TokenMinter, 'hash' | 'newId'>;
  inFlight: InFlightCalls;
  dispatcher: Dispatcher;
  logger: Logger;
  limits: GatewayLimits;
  /** Live events (call finished or refused, budget thresholds, safety) for dashboards and the serve log. */
  events: EventHub;
  /** Safety decisions are audited here (admin actions and calls are audited by the services and the ledger). */
  audit: AuditLog;
  /** Guardrail findings are stored with their call, for the dashboard after a reload. */
  findings?: Pick<SqliteCallFindings, 'append'>;
  /** Retries, timeouts and circuit breakers for calls to providers. */
  reliability: { planFor(providerName: string): RetryPlan; breakers: ProviderBreakers };
  /** Why new calls must be refused because their records could not be written (the disk is full or read-only). */
  storage: { admission(): AppError | undefined };
  /** The guardrail detectors, or undefined when guardrails are switched off for this gateway. */
  guard: GuardScanner | undefined;
}
