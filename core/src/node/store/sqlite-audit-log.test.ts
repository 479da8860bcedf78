import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_USAGE } from '../../domain/usage.ts';
import type { ReserveRequest } from '../../ports/store.ts';
import Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { canonicalJson, chainHash, chainText, GENESIS_HASH, refusedEntry, releasedEntry, settledEntry, type AuditRow } from './audit-chain.ts';
import { DATABASE_FILE, openStore, type Store } from './open-store.ts';
import { MIGRATIONS } from '../db/migrations.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-test-'));
  store = openStore(dir, 'instance-a');
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = (s: Store = store): AuditRow[] => s.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
const appendMany = (n: number, s: Store = store): void => {
  for (let i = 1; i <= n; i++) s.audit.append({ actor: 'cli', action: 'test.step', target: `t${i}`, details: { i } }, 1_000 + i);
};
const sql = (text: string, ...params: unknown[]): void => void store.db.prepare(text).run(...params);

describe('the audit hash chain', () => {
  it('hashes exactly the documented canonical form, and links each record to the one before', () => {
    store.audit.append({ actor: 'cli', action: 'agent.created', target: 'bot', details: { period: 'daily', budgetMicros: 5, nested: { b: 1, a: [true, null] } } }, 1_700_000_000_000);
    store.audit.append({ actor: 'dashboard', action: 'agent.suspended', target: 'bot' }, 1_700_000_000_001);
    const [first, second] = rows();
    expect(first!.details).toBe('{"budgetMicros":5,"nested":{"a":[true,null],"b":1},"period":"daily"}');
    const text =
      '{"action":"agent.created","actor":"cli","at":1700000000000,' +
      '"details":"{\\"budgetMicros\\":5,\\"nested\\":{\\"a\\":[true,null],\\"b\\":1},\\"period\\":\\"daily\\"}",' +
      `"prevHash":"${GENESIS_HASH}","seq":1,"target":"bot"}`;
    expect(chainText({ ...first!, prevHash: first!.prev_hash! })).toBe(text);
    expect(first!.prev_hash).toBe(GENESIS_HASH);
    expect(first!.hash).toBe(createHash('sha256').update(text).digest('hex'));
    expect(second!.prev_hash).toBe(first!.hash);
    expect(second!.details).toBeNull();
    expect(store.audit.verify()).toEqual({ ok: true, records: 2, firstSeq: 1, lastSeq: 2, anchor: null, broken: null });
  });

  it('writes the same text as the canonicalize package, on its fast paths too', () => {
    const strings = ['plain', 'quote " backslash \\ slash /', 'tab\tnew\nline\u0001\u007f', 'é ü 😀 \u2028', ''];
    for (const s of strings) {
      const fields = { seq: 7, at: 1_700_000_000_123, actor: s, action: 'a.b', target: s || null, details: canonicalJson({ s }), prevHash: GENESIS_HASH };
      expect(chainText(fields)).toBe(canonicalize(fields));
    }
    const call = { agent_name: 'bot', provider_name: 'oa', endpoint: '/chat/completions', model: 'gpt-é"x', stream: 1, reserved_micros: 5 };
    const usage = { ...EMPTY_USAGE, inputTokens: 3 };
    const settlement = { usage, cost: 1, outcome: 'ok', httpStatus: 200, usageEstimated: true, finishedAt: 2, latencyMs: 3, responseBody: null };
    const refusal = { callId: 'c', agentId: 'a', agentName: 'bot', endpoint: '/x', model: 'm', periodKey: 't', outcome: 'o', httpStatus: 400, at: 1 };
    for (const e of [settledEntry('c', call, settlement), releasedEntry('c', call, 'err', 502, 4), refusedEntry(refusal), { details: { b: 1, a: { z: [1, 'x'] }, '10': 2, '9': 3 } }]) {
      expect(canonicalJson(e.details)).toBe(canonicalize(e.details));
    }
    expect(canonicalJson({ model: 'x\uD800', n: NaN })).toBe('{"model":"x\uFFFD","n":null}');
  });

  it('reports a value edited into something unhashable as an edit, without failing the walk', () => {
    appendMany(3);
    sql('UPDATE audit_log SET at = 1.5 WHERE seq = 2');
    expect(store.audit.verify().broken).toMatchObject({ seq: 2, kind: 'edited' });
    sql("UPDATE audit_log SET at = 1002, hash = NULL WHERE seq = 2");
    expect(store.audit.verify().broken).toMatchObject({ seq: 2, kind: 'edited' });
  });

  it('verifies an empty log', () => {
    expect(store.audit.verify()).toMatchObject({ ok: true, records: 0, firstSeq: null, broken: null });
  });

  it('reports an edited record as a hash mismatch at its seq', () => {
    appendMany(6);
    sql("UPDATE audit_log SET details = '{\"i\":99}' WHERE seq = 4");
    expect(store.audit.verify()).toMatchObject({ ok: false, records: 3, broken: { seq: 4, kind: 'edited' } });
  });

  it('reports a deleted record as a gap at the next record', () => {
    appendMany(6);
    sql('DELETE FROM audit_log WHERE seq = 3');
    expect(store.audit.verify().broken).toMatchObject({ seq: 4, kind: 'missing', message: expect.stringMatching(/record 3 is missing/) });
  });

  it('reports reordered records as a broken link at the first moved one', () => {
    appendMany(6);
    sql('UPDATE audit_log SET seq = -1 WHERE seq = 2');
    sql('UPDATE audit_log SET seq = 2 WHERE seq = 5');
    sql('UPDATE audit_log SET seq = 5 WHERE seq = -1');
    expect(store.audit.verify().broken).toMatchObject({ seq: 2, kind: 'reordered' });
  });

  it('reports a deleted tail, even after new records were appended past the gap', () => {
    appendMany(5);
    sql('DELETE FROM audit_log WHERE seq >= 4');
    expect(store.audit.verify().broken).toMatchObject({ seq: 4, kind: 'truncated', message: expect.stringMatching(/records 4–5 are missing at the end/) });
    appendMany(1);
    expect(rows().at(-1)!.seq).toBe(6);
    expect(store.audit.verify().broken).toMatchObject({ seq: 6, kind: 'missing' });
  });

  it('reports a re-hashed record at the next link, a deleted head, and a hand-moved anchor', () => {
    appendMany(4);
    const [, second] = rows();
    // Recomputing an edited record's own hash just moves the break to the next link.
    const forged = { ...second!, target: 'other', prevHash: second!.prev_hash! };
    sql("UPDATE audit_log SET target = 'other', hash = ? WHERE seq = 2", chainHash(forged));
    expect(store.audit.verify().broken).toMatchObject({ seq: 3, kind: 'reordered' });
    sql('UPDATE audit_log SET target = ?, hash = ? WHERE seq = 2', second!.target, second!.hash);
    expect(store.audit.verify().ok).toBe(true);
    sql('DELETE FROM audit_log WHERE seq <= 2');
    expect(store.audit.verify().broken).toMatchObject({ seq: 3, kind: 'missing', message: expect.stringMatching(/records 1–2 are missing/) });
    // Moving the anchor by hand is caught too: no audited prune accounts for it.
    sql('UPDATE audit_anchor SET through_seq = 2, hash = ?', second!.hash);
    expect(store.audit.verify().broken).toMatchObject({ seq: 3, kind: 'anchor' });
  });

  it('reports an anchor whose pruned count was edited', () => {
    appendMany(4);
    store.audit.prune(1_003, 'cli', 2_000);
    expect(store.audit.verify().ok).toBe(true);
    sql('UPDATE audit_anchor SET pruned = 1');
    expect(store.audit.verify().broken).toMatchObject({ seq: 3, kind: 'anchor' });
  });

  it('reports a record inserted by hand', () => {
    appendMany(4);
    sql("INSERT INTO audit_log (seq, at, actor, action, prev_hash, hash) VALUES (5, 1, 'cli', 'forged', 'x', 'y')");
    expect(store.audit.verify().broken).toMatchObject({ seq: 5, kind: 'reordered' });
  });

  it('chains appends from two connections in the order the write lock admits them', () => {
    const other = openStore(dir, 'instance-b');
    try {
      for (let i = 0; i < 50; i++) {
        (i % 3 === 0 ? other : store).audit.append({ actor: i % 3 === 0 ? 'b' : 'a', action: 'test.step', details: { i } }, i);
      }
      expect(other.audit.verify()).toMatchObject({ ok: true, records: 50 });
    } finally {
      other.close();
    }
  });

  it('chains appends from several processes writing at once', async () => {
    const openStoreUrl = new URL('./open-store.ts', import.meta.url).href;
    const script = `const { openStore } = await import(${JSON.stringify(openStoreUrl)});
      const s = openStore(process.argv[1], 'p' + process.pid);
      for (let i = 0; i < 150; i++) s.audit.append({ actor: 'p' + process.pid, action: 'test.step', details: { i } }, Date.now());
      s.close();`;
    const tsx = fileURLToPath(import.meta.resolve('tsx'));
    const run = (): Promise<number | null> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script, dir], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.once('error', reject);
        child.once('exit', resolve);
      });
    expect(await Promise.all([run(), run(), run()])).toEqual([0, 0, 0]);
    expect(store.audit.verify()).toMatchObject({ ok: true, records: 450 });
  }, 30_000);
});

describe('pruning', () => {
  it('deletes the oldest records, anchors the chain on the last one and audits itself', () => {
    appendMany(10);
    const fifth = rows()[4]!;
    const r = store.audit.prune(1_006, 'cli', 5_000);
    expect(r).toEqual({ pruned: 5, throughSeq: 5, anchor: { throughSeq: 5, hash: fifth.hash, pruned: 5, prunedAt: 5_000 } });
    expect(rows().map((x) => x.seq)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(rows().at(-1)).toMatchObject({ action: 'audit.pruned', actor: 'cli' });
    expect(store.audit.verify()).toMatchObject({ ok: true, records: 6, firstSeq: 6, anchor: { throughSeq: 5, pruned: 5 } });
    // Nothing old enough: nothing changes, nothing is written.
    expect(store.audit.prune(1_006, 'cli', 5_001)).toMatchObject({ pruned: 0, throughSeq: null });
    expect(rows()).toHaveLength(6);
    // A second prune takes the earlier prune's record with it and still verifies.
    store.audit.append({ actor: 'cli', action: 'test.step' }, 5_500);
    store.audit.append({ actor: 'cli', action: 'test.step' }, 7_000);
    expect(store.audit.prune(6_000, 'cli', 8_000)).toMatchObject({ pruned: 7, throughSeq: 12, anchor: { throughSeq: 12, pruned: 12 } });
    expect(store.audit.verify()).toMatchObject({ ok: true, firstSeq: 13, records: 2 });
    // Deleting the head past the anchor is still caught.
    sql('DELETE FROM audit_log WHERE seq = 13');
    expect(store.audit.verify().broken).toMatchObject({ seq: 14, kind: 'missing' });
  });

  it('stops at the first record that is not old enough, so only a prefix of the chain goes', () => {
    appendMany(3);
    store.audit.append({ actor: 'cli', action: 'test.step' }, 5_000);
    store.audit.append({ actor: 'cli', action: 'test.step' }, 10); // a skewed clock
    expect(store.audit.prune(1_000_000, 'cli', 2_000_000)).toMatchObject({ pruned: 5 });
    expect(store.audit.prune(4_000, 'cli', 2_000_000)).toMatchObject({ pruned: 0 });
    expect(store.audit.verify().ok).toBe(true);
  });

  it('refuses to prune a chain that does not verify, and changes nothing', () => {
    appendMany(5);
    sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
    const before = rows();
    expect(() => store.audit.prune(1_004, 'cli', 9_000)).toThrow(/does not verify.*record 2 was edited/);
    expect(rows()).toEqual(before);
    expect(store.db.prepare('SELECT through_seq FROM audit_anchor').get()).toEqual({ through_seq: 0 });
  });
});

describe('records written before the chain existed', () => {
  it('are chained when a schema-1 database is upgraded', () => {
    const legacyDir = mkdtempSync(join(tmpdir(), 'audit-legacy-'));
    try {
      const v1 = new Database(join(legacyDir, DATABASE_FILE));
      v1.exec(MIGRATIONS[0]!.sql);
      v1.pragma('user_version = 1');
      const insert = v1.prepare('INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)');
      insert.run(1, 'cli', 'provider.added', 'oa', JSON.stringify({ type: 'openai', hasKey: true }));
      insert.run(2, 'cli', 'agent.created', 'bot', JSON.stringify({ period: 'daily', budgetMicros: 5 }));
      v1.close();
      const upgraded = openStore(legacyDir, 'instance-a');
      try {
        upgraded.audit.append({ actor: 'cli', action: 'agent.suspended', target: 'bot' }, 3);
        expect(upgraded.audit.verify()).toMatchObject({ ok: true, records: 3, firstSeq: 1, lastSeq: 3 });
        expect(rows(upgraded)[1]!.details).toBe('{"budgetMicros":5,"period":"daily"}');
        expect(upgraded.db.prepare('SELECT unsealed_through FROM audit_anchor').get()).toEqual({ unsealed_through: 0 });
      } finally {
        upgraded.close();
      }
    } finally {
      rmSync(legacyDir, { recursive: true, force: true });
    }
  });

  it('are chained once on open; a row slipped in afterwards is not', () => {
    sql("INSERT INTO audit_log (at, actor, action, target, details) VALUES (1, 'cli', 'agent.created', 'a', '{\"period\": \"daily\", \"budgetMicros\": 1}')");
    sql("INSERT INTO audit_log (at, actor, action, target, details) VALUES (2, 'cli', 'token.issued', 'a', NULL)");
    sql('UPDATE audit_anchor SET unsealed_through = 2');
    store.close();
    store = openStore(dir, 'instance-a');
    expect(rows()[0]!.details).toBe('{"budgetMicros":1,"period":"daily"}');
    expect(store.audit.verify()).toMatchObject({ ok: true, records: 2 });
    store.audit.append({ actor: 'cli', action: 'after' }, 3);
    sql("INSERT INTO audit_log (at, actor, action) VALUES (4, 'cli', 'slipped-in')");
    store.close();
    store = openStore(dir, 'instance-a');
    expect(store.audit.verify().broken).toMatchObject({ seq: 4, kind: 'reordered' });
  });
});

describe('listing and paging', () => {
  it('filters by time, action (or action prefix) and actor, newest first; pages oldest first for export', () => {
    appendMany(5);
    store.audit.append({ actor: 'dashboard', action: 'agent.suspended', target: 'bot' }, 2_000);
    const seqs = (list: { seq: number }[]): number[] => list.map((r) => r.seq);
    expect(seqs(store.audit.list({ limit: 3 }))).toEqual([6, 5, 4]);
    expect(seqs(store.audit.list({ limit: 3, beforeSeq: 4 }))).toEqual([3, 2, 1]);
    expect(seqs(store.audit.list({ limit: 10, action: 'test.*' }))).toEqual([5, 4, 3, 2, 1]);
    expect(seqs(store.audit.list({ limit: 10, action: 'agent.suspended' }))).toEqual([6]);
    expect(seqs(store.audit.list({ limit: 10, actor: 'dashboard' }))).toEqual([6]);
    expect(seqs(store.audit.list({ limit: 10, since: 1_002, until: 1_004 }))).toEqual([3, 2]);
    expect(seqs(store.audit.page({ limit: 2, afterSeq: 2 }))).toEqual([3, 4]);
    expect(store.audit.list({ limit: 1, action: 'test.*' })[0]).toMatchObject({ target: 't5', details: { i: 5 } });
  });
});

describe('the ledger writes one audit record per finished call, in its own transaction', () => {
  beforeEach(() => {
    store.agents.create('agent', { name: 'bot', limits: [{ period: 'total', limitMicros: 1_000 }], allowedModels: null, providers: { openai: null, anthropic: null }, logBodies: true }, 0);
  });
  let n = 0;
  const req = (amount: number): ReserveRequest => ({
    callId: `call-${++n}`,
    agentId: 'agent',
    agentName: 'bot',
    providerId: 'p',
    providerName: 'oa',
    endpoint: '/chat/completions',
    model: 'gpt-4o-mini',
    stream: true,
    periodKey: 'total',
    amount,
    startedAt: 10,
    requestBody: '{"secret prompt":1}',
  });
  const settlement = {
    usage: { ...EMPTY_USAGE, inputTokens: 3, outputTokens: 7 },
    cost: 42,
    outcome: 'ok',
    httpStatus: 200,
    usageEstimated: false,
    finishedAt: 20,
    latencyMs: 9,
    responseBody: 'secret answer',
  };

  it('records settled, released and refused calls (never a body), once each', () => {
    const a = req(100);
    const b = req(100);
    store.ledger.reserve(a);
    store.ledger.reserve(b);
    expect(rows()).toHaveLength(0);
    store.ledger.settle(a.callId, settlement);
    store.ledger.settle(a.callId, settlement);
    store.ledger.release(b.callId, 'upstream_error', 502, 30, 5);
    store.ledger.release(b.callId, 'upstream_error', 502, 30, 5);
    store.ledger.refuse({ callId: 'call-r', agentId: 'agent', agentName: 'bot', endpoint: '/messages', model: 'x\uD800', periodKey: 'total', outcome: 'unknown_model_price', httpStatus: 400, at: 40 });
    const list = store.audit.list({ limit: 10 }).reverse();
    expect(list.map((r) => [r.action, r.actor, r.target, r.at])).toEqual([
      ['call.settled', 'agent:bot', a.callId, 20],
      ['call.released', 'agent:bot', b.callId, 30],
      ['call.refused', 'agent:bot', 'call-r', 40],
    ]);
    expect(list[0]!.details).toEqual({
      provider: 'oa', endpoint: '/chat/completions', model: 'gpt-4o-mini', stream: true, outcome: 'ok', httpStatus: 200, costMicros: 42,
      inputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 0, usageEstimated: false, latencyMs: 9,
    });
    expect(list[1]!.details).toMatchObject({ costMicros: 0, releasedMicros: 100, outcome: 'upstream_error' });
    expect(list[2]!.details).toMatchObject({ model: 'x\uFFFD', outcome: 'unknown_model_price' });
    expect(JSON.stringify(list)).not.toMatch(/secret/);
    expect(store.audit.verify()).toMatchObject({ ok: true, records: 3 });
  });

  it('rolls the ledger change back when the audit record cannot be written', () => {
    const a = req(100);
    store.ledger.reserve(a);
    sql("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
    expect(() => store.ledger.settle(a.callId, settlement)).toThrow(/audit refused/);
    expect(store.db.prepare('SELECT state FROM calls WHERE id = ?').get(a.callId)).toEqual({ state: 'reserved' });
    expect(store.ledger.windows('agent', 0)[0]).toMatchObject({ spentMicros: 0, reservedMicros: 100 });
    expect(() => store.ledger.refuse({ callId: 'call-r2', agentId: 'agent', agentName: 'bot', endpoint: '/messages', model: 'm', periodKey: 'total', outcome: 'x', httpStatus: 400, at: 1 })).toThrow();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM calls WHERE id = ?').get('call-r2')).toEqual({ n: 0 });
  });

  it('refuses an append outside a transaction through the ledger-only entry point', () => {
    expect(() => store.audit.appendInTransaction({ actor: 'x', action: 'y' }, 1)).toThrow(/transaction/);
  });
});
