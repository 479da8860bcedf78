import type { AuditService } from '../../services/audit-service.ts';
import type { auditOps } from '../ops/audit.ts';
import type { Handlers } from './types.ts';

export interface AuditHandlerDeps {
  auditTrail: AuditService;
}

/** The audit trail: list, export in pages, verify the hash chain, prune and retention. */
export function auditHandlers(d: AuditHandlerDeps): Pick<Handlers, keyof typeof auditOps> {
  return {
    'audit.list': (filter) => d.auditTrail.list(filter),
    'audit.export': (filter) => d.auditTrail.exportPage(filter),
    'audit.verify': () => d.auditTrail.verify(),
    'audit.prune': ({ before }, { actor }) => d.auditTrail.prune(before, actor),
    'audit.retention': () => ({ days: d.auditTrail.retentionDays() }),
    'audit.setRetention': ({ days }, { actor }) => ({ days: d.auditTrail.setRetentionDays(days, actor) }),
  };
}
