import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../core/src/contract/ops/audit.ts';
import { appErr, setup } from '../testing/fake-backend.ts';
import { useAuditStore } from './use-audit-store.ts';

const rec = (seq: number): AuditRecord => ({ seq, at: seq * 1000, actor: 'dashboard', action: 'agent.created', target: `a${seq}`, details: { n: seq }, prevHash: null, hash: null });

describe('the audit store', () => {
  it('exports every record, page by page, as JSON Lines', async () => {
    const { backend } = setup({
      'audit.export': (input) =>
        input.afterSeq === undefined ? { records: [rec(1), rec(2)], nextAfterSeq: 2 } : { records: [rec(3)], nextAfterSeq: null },
    });
    const text = await useAuditStore().exportAll();
    expect(text.trimEnd().split('\n').map((l) => (JSON.parse(l) as AuditRecord).seq)).toEqual([1, 2, 3]);
    expect(backend.calls.map((c) => c.input)).toEqual([{ limit: 1000 }, { afterSeq: 2, limit: 1000 }]);
  });

  it('shows what verification found, or why it could not run', async () => {
    const broken = { ok: false, records: 4, firstSeq: 1, lastSeq: 9, anchor: null, broken: { seq: 5, kind: 'edited' as const, message: 'record 5 was changed' } };
    const { backend } = setup({ 'audit.verify': () => broken });
    const store = useAuditStore();
    await store.verify();
    expect(store.verification).toEqual(broken);
    backend.mocks['audit.verify'] = () => Promise.reject(appErr('INTERNAL', 'database is locked'));
    await store.verify();
    expect(store.verification).toBeNull();
    expect(store.verifyError).toEqual({ code: 'INTERNAL', message: 'database is locked' });
  });

  it('filters by action and actor, and pages back by sequence number', async () => {
    const page = Array.from({ length: 100 }, (_, i) => rec(200 - i));
    const { backend } = setup({ 'audit.list': () => page });
    const store = useAuditStore();
    store.filters = { action: ' agent.* ', actor: '', showCalls: false };
    await store.load();
    // Per-call records are left out unless asked for: they would bury the admin actions.
    expect(backend.calls[0]!.input).toEqual({ action: 'agent.*', hideCalls: true, limit: 100 });
    backend.mocks['audit.list'] = () => [rec(3)];
    await store.loadOlder();
    expect(backend.calls[1]!.input).toEqual({ action: 'agent.*', hideCalls: true, beforeSeq: 101, limit: 100 });
    expect(store.records).toHaveLength(101);
    expect(store.exhausted).toBe(true);
  });
});
