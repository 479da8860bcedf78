import type { AuditExportInput, AuditListInput, AuditPruneResult, AuditRecord, AuditVerification } from '../contract/ops/audit.ts';
import type { Clock } from '../domain/clock.ts';
import { appError } from '../domain/errors.ts';
import type { AuditTrail, SettingsRepo } from '../ports/store.ts';
import type { Actor } from './agent-service.ts';

/** Days audit records are kept; unset keeps them forever. */
export const AUDIT_RETENTION_SETTING = 'audit.retentionDays';

const DAY_MS = 86_400_000;

export interface AuditServiceDeps {
  trail: AuditTrail;
  settings: SettingsRepo;
  clock: Pick<Clock, 'now'>;
}

/** Reading, verifying and pruning the tamper-evident audit trail. */
export class AuditService {
  constructor(private readonly d: AuditServiceDeps) {}

  /** Records newest first, filtered; page back with `beforeSeq`. */
  list(filter: AuditListInput): AuditRecord[] {
    return this.d.trail.list(filter);
  }

  /** One page of records oldest first; `nextAfterSeq` is null on the last page. */
  exportPage(filter: AuditExportInput): { records: AuditRecord[]; nextAfterSeq: number | null } {
    const records = this.d.trail.page(filter);
    const last = records.at(-1);
    return { records, nextAfterSeq: records.length === filter.limit && last ? last.seq : null };
  }

  /** Recomputes every hash and link; reports the first broken position. */
  verify(): AuditVerification {
    return this.d.trail.verify();
  }

  /** Prunes records older than `before` (epoch ms), or than the retention when none is given. */
  prune(before: number | undefined, actor: Actor): AuditPruneResult {
    const now = this.d.clock.now();
    let cutoff = before;
    if (cutoff === undefined) {
      const days = this.retentionDays();
      if (days === null) throw appError('INVALID_INPUT', 'no retention is set (records are kept forever): pass --before, or set one with `iron-cage audit retention --days N`');
      cutoff = now - days * DAY_MS;
    }
    if (cutoff > now) throw appError('INVALID_INPUT', 'the prune time is in the future; records can only be pruned up to now');
    return this.d.trail.prune(cutoff, actor, now);
  }

  /** Prunes by the retention setting, if one is set (e.g. when a gateway starts); null when records are kept forever. */
  pruneByRetention(actor: Actor): AuditPruneResult | null {
    return this.retentionDays() === null ? null : this.prune(undefined, actor);
  }

  retentionDays(): number | null {
    const raw = this.d.settings.get(AUDIT_RETENTION_SETTING);
    const days = raw === undefined ? NaN : Number(raw);
    return Number.isSafeInteger(days) && days > 0 ? days : null;
  }

  setRetentionDays(days: number | null, actor: Actor): number | null {
    if (days !== null && (!Number.isSafeInteger(days) || days < 1)) throw appError('INVALID_INPUT', 'a retention is a whole number of days, at least 1');
    const before = this.retentionDays();
    this.d.settings.set(AUDIT_RETENTION_SETTING, days === null ? '' : String(days));
    this.d.trail.append({ actor, action: 'audit.retention_changed', details: { from: before, to: days } }, this.d.clock.now());
    return days;
  }
}
