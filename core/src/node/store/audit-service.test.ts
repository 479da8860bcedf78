import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../contract/dispatch.ts';
import { auditHandlers } from '../../contract/handlers/audit.ts';
import type { Handlers } from '../../contract/handlers/types.ts';
import { ManualClock } from '../../domain/clock.ts';
import { isAppError } from '../../domain/errors.ts';
import { AuditService } from '../../services/audit-service.ts';
import { openStore, type Store } from './open-store.ts';

const DAY = 86_400_000;
let dir: string;
let store: Store;
let clock: ManualClock;
let service: AuditService;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-service-test-'));
  store = openStore(dir, 'instance-a');
  clock = new ManualClock(Date.UTC(2026, 0, 1));
  service = new AuditService({ trail: store.audit, settings: store.settings, clock });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return isAppError(e) ? e.code : String(e);
  }
  return undefined;
};

describe('AuditService', () => {
  it('prunes by retention, refuses a prune with no retention or in the future, and audits the changes', () => {
    for (let d = 0; d < 10; d++) store.audit.append({ actor: 'cli', action: 'test.day', details: { d } }, clock.now() + d * DAY);
    clock.advance(10 * DAY);
    expect(code(() => service.prune(undefined, 'cli'))).toBe('INVALID_INPUT');
    expect(code(() => service.prune(clock.now() + 1, 'cli'))).toBe('INVALID_INPUT');
    expect(service.pruneByRetention('cli')).toBeNull();
    expect(service.setRetentionDays(3, 'dashboard')).toBe(3);
    expect(service.retentionDays()).toBe(3);
    // Days 0..6 are older than three days; the retention change (appended now) stops the prune there.
    expect(service.pruneByRetention('gateway')).toMatchObject({ pruned: 7, throughSeq: 7 });
    expect(service.list({ limit: 10 }).map((r) => [r.action, r.actor])).toEqual([
      ['audit.pruned', 'gateway'],
      ['audit.retention_changed', 'dashboard'],
      ['test.day', 'cli'],
      ['test.day', 'cli'],
      ['test.day', 'cli'],
    ]);
    expect(service.verify()).toMatchObject({ ok: true, records: 5, anchor: { throughSeq: 7, pruned: 7 } });
    expect(service.setRetentionDays(null, 'cli')).toBeNull();
    expect(service.retentionDays()).toBeNull();
    expect(code(() => service.setRetentionDays(0, 'cli'))).toBe('INVALID_INPUT');
  });

  it('pages an export until the last page', () => {
    for (let i = 0; i < 5; i++) store.audit.append({ actor: 'cli', action: 'test.step' }, i);
    const first = service.exportPage({ limit: 2, afterSeq: 0 });
    expect([first.records.map((r) => r.seq), first.nextAfterSeq]).toEqual([[1, 2], 2]);
    const last = service.exportPage({ limit: 2, afterSeq: 4 });
    expect([last.records.map((r) => r.seq), last.nextAfterSeq]).toEqual([[5], null]);
  });
});

describe('the audit operations of the contract', () => {
  const call = (name: string, input: unknown) => dispatch(auditHandlers({ auditTrail: service }) as Handlers, name, input, { actor: 'dashboard' });

  it('validates input and returns output within the contract', async () => {
    store.audit.append({ actor: 'cli', action: 'agent.created', target: 'bot', details: { a: 1 } }, 1);
    await expect(call('audit.list', { limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('audit.list', {})).resolves.toMatchObject([{ seq: 1, action: 'agent.created', details: { a: 1 } }]);
    await expect(call('audit.verify', {})).resolves.toMatchObject({ ok: true, records: 1 });
    await expect(call('audit.setRetention', { days: 30 })).resolves.toEqual({ days: 30 });
    await expect(call('audit.retention', {})).resolves.toEqual({ days: 30 });
    await expect(call('audit.prune', { before: 2 })).resolves.toMatchObject({ pruned: 1, throughSeq: 1 });
    expect(service.list({ limit: 1, action: 'audit.pruned' })[0]).toMatchObject({ actor: 'dashboard' });
    await expect(call('audit.export', { afterSeq: 0 })).resolves.toMatchObject({ records: [{ seq: 2 }, { seq: 3 }], nextAfterSeq: null });
  });
});
