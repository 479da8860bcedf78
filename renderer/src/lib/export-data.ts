import type { AuditRecord } from '../../../core/src/contract/ops/audit.ts';
import type { SpendRow } from '../../../core/src/contract/ops/analytics.ts';
import type { CallRecord } from '../../../core/src/contract/ops/usage.ts';
import { api } from '../api/backend.ts';

const CALL_PAGE = 500;
const AUDIT_PAGE = 2000;
/** Beyond this an export is cut short and says so, rather than holding the page for minutes. */
export const MAX_EXPORT_ROWS = 200_000;

/** Every call started in `[since, until)`, newest first, paged through `calls.list`. */
export async function fetchCalls(range: { since: number; until: number }, agent?: string): Promise<{ rows: CallRecord[]; truncated: boolean }> {
  const rows: CallRecord[] = [];
  const seen = new Set<string>();
  let until = range.until;
  for (;;) {
    // `until` is exclusive; asking up to the oldest time + 1 and skipping ids already seen keeps calls that share a millisecond.
    const page = await api().call('calls.list', { since: range.since, until, limit: CALL_PAGE, ...(agent ? { agent } : {}) });
    let added = 0;
    for (const c of page) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      rows.push(c);
      added++;
    }
    if (page.length < CALL_PAGE || added === 0) return { rows, truncated: false };
    if (rows.length >= MAX_EXPORT_ROWS) return { rows, truncated: true };
    until = page[page.length - 1]!.startedAt + 1;
  }
}

/** Spend per local day, agent, provider and model over `[since, until)`. */
export async function fetchUsage(range: { since: number; until: number }): Promise<SpendRow[]> {
  const report = await api().call('analytics.spend', { since: range.since, until: range.until, groupBy: ['day', 'agent', 'provider', 'model'] });
  return report.rows;
}

/** Audit records in `[since, until)`, oldest first. */
export async function fetchAudit(range: { since?: number; until?: number }): Promise<{ rows: AuditRecord[]; truncated: boolean }> {
  const rows: AuditRecord[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await api().call('audit.export', { ...range, ...(afterSeq !== undefined ? { afterSeq } : {}), limit: AUDIT_PAGE });
    rows.push(...page.records);
    if (page.nextAfterSeq === null) return { rows, truncated: false };
    if (rows.length >= MAX_EXPORT_ROWS) return { rows, truncated: true };
    afterSeq = page.nextAfterSeq;
  }
}
