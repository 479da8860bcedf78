import type { AnalyticsService } from '../../services/analytics-service.ts';
import type { analyticsOps } from '../ops/analytics.ts';
import type { Handlers } from './types.ts';

export interface AnalyticsHandlerDeps {
  analytics: AnalyticsService;
  /** The configured time zone, read at each call so a change applies at once. */
  timeZone(): string;
}

/** Spend reports, budget burn and top calls: read-only views over the ledger. */
export function analyticsHandlers(d: AnalyticsHandlerDeps): Pick<Handlers, keyof typeof analyticsOps> {
  return {
    'analytics.spend': (input) => d.analytics.spend(input, d.timeZone()),
    'analytics.budgets': (input) => d.analytics.budgets(input),
    'analytics.topCalls': (input) => d.analytics.topCalls(input),
  };
}
