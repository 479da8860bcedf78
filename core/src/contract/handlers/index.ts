import { adminHandlers, type AdminHandlerDeps } from './admin.ts';
import { analyticsHandlers, type AnalyticsHandlerDeps } from './analytics.ts';
import { auditHandlers, type AuditHandlerDeps } from './audit.ts';
import type { Handlers } from './types.ts';

/** Everything the handler table is built from; each area's handlers take their part. */
export type ContractDeps = AdminHandlerDeps & AuditHandlerDeps & AnalyticsHandlerDeps;

/** The one handler table behind every transport (HTTP, IPC, the CLI's direct calls). */
export function createHandlers(deps: ContractDeps): Handlers {
  return {
    ...adminHandlers(deps),
    ...auditHandlers(deps),
    ...analyticsHandlers(deps),
  };
}

export type { Handlers } from './types.ts';
