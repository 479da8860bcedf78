import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';

interface Row {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: string | null;
  prev_hash: string | null;
  hash: string | null;
}

let h: Harness;
const db = () => h.rt.store.db;
const rows = (): Row[] => db().prepare('SELECT seq, at, actor, action, target, details, prev_hash, hash FROM audit_log ORDER BY seq').all() as Row[];
const exec = (sql: string, ...params: unknown[]): void => void db().prepare(sql).run(...params);
const cli = (...args: string[]) => runCli(['audit', ...args], { dataDir: h.dataDir });
const insertRow = (r: Row): void =>
  exec('INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', r.seq, r.at, r.actor, r.action, r.target, r.details, r.prev_hash, r.hash);

/** The real CLI's verdict: exit code, and the first broken seq and kind from its JSON. */
function verify(): { status: number | null; ok: boolean; records: number; broken: { seq: number; kind: string } | null } {
  const r = cli('verify', '--json');
  expect(r.stderr).toBe('');
  return { status: r.status, ...(JSON.parse(r.stdout) as { ok: boolean; records: number; broken: { seq: number; kind: string } | null }) };
}

async function traffic(): Promise<void> {
  await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'hi #emu:output-tokens=5' }] });
  const stream = await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, stream: true, messages: [{ role: 'user', content: 'stream #emu:output-tokens=4' }] });
  for await (const _chunk of stream) void _chunk;
  await h.anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 20, messages: [{ role: 'user', content: 'hello #emu:output-tokens=6' }] });
  await expect(h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: '#emu:status=500' }] })).rejects.toMatchObject({ status: 500 });
  await expect(h.openai.chat.completions.create({ model: 'unpriced-model-x', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400 });
}

beforeAll(async () => {
  h = await startHarness({ budgetUsd: 5 });
  await traffic();
  expect(runCli(['agent', 'budget', 'agent-1', '--usd', '6'], { dataDir: h.dataDir }).status).toBe(0);
  // A record whose fields need CSV quoting: a comma, quotes and a line break.
  h.rt.pricing.setOverride({ model: 'odd, "quoted"\nmodel', inputPerMtok: 1, outputPerMtok: 2 }, 'dashboard');
  await traffic();
});
afterAll(async () => {
  await h?.close();
});

describe('the audit trail of a gateway that served real traffic', () => {
  it('holds one record per finished call, matching the calls ledger, and the admin actions with who did them', () => {
    const calls = h.calls();
    const records = rows();
    const callRecords = records.filter((r) => r.action.startsWith('call.'));
    expect(callRecords.map((r) => [r.target, r.action]).sort()).toEqual(calls.map((c) => [c.id, `call.${c.state}`]).sort());
    expect(new Set(callRecords.map((r) => r.action))).toEqual(new Set(['call.settled', 'call.released', 'call.refused']));
    const settled = callRecords.find((r) => r.action === 'call.settled')!;
    const call = calls.find((c) => c.id === settled.target)!;
    expect(JSON.parse(settled.details!)).toMatchObject({ model: call.model, costMicros: call.cost_micros, outputTokens: call.output_tokens, outcome: 'ok' });
    expect(settled.actor).toBe('agent:agent-1');
    expect(JSON.stringify(records)).not.toContain('sk-test-PROVIDER-KEY');
    expect(records.map((r) => [r.actor, r.action])).toEqual(
      expect.arrayContaining([
        ['test', 'provider.added'],
        ['test', 'agent.created'],
        ['test', 'token.issued'],
        ['cli', 'agent.budget_changed'],
        ['dashboard', 'price.override_set'],
      ]),
    );
  });

  it('an untouched log verifies, with its record count', () => {
    const r = cli('verify');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Audit trail OK: ${rows().length} records?`));
    expect(verify()).toMatchObject({ status: 0, ok: true, records: rows().length, broken: null });
  });

  it('reports an edited record at its seq, with a non-zero exit', () => {
    const target = rows().find((r) => r.action === 'call.settled')!;
    exec('UPDATE audit_log SET details = ? WHERE seq = ?', target.details!.replace(/"costMicros":\d+/, '"costMicros":1'), target.seq);
    const text = cli('verify');
    expect(text.status).toBe(2);
    expect(text.stdout).toMatch(new RegExp(`BROKEN at seq ${target.seq} \\(edited\\)`));
    expect(verify()).toMatchObject({ status: 2, ok: false, records: target.seq - 1, broken: { seq: target.seq, kind: 'edited' } });
    exec('UPDATE audit_log SET details = ? WHERE seq = ?', target.details, target.seq);
    expect(verify()).toMatchObject({ status: 0, ok: true });
  });

  it('reports a deleted record at the record after it', () => {
    const all = rows();
    const victim = all[Math.floor(all.length / 2)]!;
    exec('DELETE FROM audit_log WHERE seq = ?', victim.seq);
    expect(verify()).toMatchObject({ status: 2, broken: { seq: victim.seq + 1, kind: 'missing' } });
    insertRow(victim);
    expect(verify()).toMatchObject({ status: 0, ok: true });
    // The last record too: SQLite remembers the highest seq it handed out.
    const last = all.at(-1)!;
    exec('DELETE FROM audit_log WHERE seq = ?', last.seq);
    expect(verify()).toMatchObject({ status: 2, broken: { seq: last.seq, kind: 'truncated' } });
    insertRow(last);
    expect(verify()).toMatchObject({ status: 0, ok: true });
  });

  it('reports two swapped records at the first of them', () => {
    const all = rows();
    const a = all[3]!.seq;
    const b = all[7]!.seq;
    const swap = (): void => {
      exec('UPDATE audit_log SET seq = -1 WHERE seq = ?', a);
      exec('UPDATE audit_log SET seq = ? WHERE seq = ?', a, b);
      exec('UPDATE audit_log SET seq = ? WHERE seq = -1', b);
    };
    swap();
    expect(verify()).toMatchObject({ status: 2, broken: { seq: a, kind: 'reordered' } });
    swap();
    expect(verify()).toMatchObject({ status: 0, ok: true });
  });

  it('exports JSON lines and CSV that round-trip, with hashes anyone can recompute', () => {
    const stored = rows();
    const jsonl = cli('export', '--format', 'jsonl');
    expect(jsonl.status).toBe(0);
    const lines = jsonl.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.seq, l.at, l.actor, l.action, l.target, l.details === null ? null : canonicalize(l.details), l.prevHash, l.hash])).toEqual(
      stored.map((r) => [r.seq, r.at, r.actor, r.action, r.target, r.details, r.prev_hash, r.hash]),
    );
    // Outside verification: the documented canonical form, hashed with SHA-256, reproduces every hash and link.
    let prev = '0'.repeat(64);
    for (const l of lines) {
      const details = l.details === null ? null : canonicalize(l.details)!;
      const text = canonicalize({ action: l.action, actor: l.actor, at: l.at, details, prevHash: prev, seq: l.seq, target: l.target })!;
      expect(l.prevHash).toBe(prev);
      expect(createHash('sha256').update(text).digest('hex')).toBe(l.hash);
      prev = l.hash as string;
    }

    const csv = cli('export', '--format', 'csv');
    expect(csv.status).toBe(0);
    const [header, ...records] = parseCsv(csv.stdout);
    expect(header).toEqual(['seq', 'at', 'time', 'actor', 'action', 'target', 'details', 'prev_hash', 'hash']);
    expect(records.map((c) => [Number(c[0]), Number(c[1]), c[3], c[4], c[5] === '' ? null : c[5], c[6] === '' ? null : c[6], c[7], c[8]])).toEqual(
      stored.map((r) => [r.seq, r.at, r.actor, r.action, r.target, r.details, r.prev_hash, r.hash]),
    );
    expect(records.some((c) => c[5] === 'odd, "quoted"\nmodel')).toBe(true);

    // --since / --until select by time, oldest first.
    const mid = stored[Math.floor(stored.length / 2)]!.at;
    const since = cli('export', '--format', 'jsonl', '--since', new Date(mid).toISOString());
    const until = cli('export', '--format', 'jsonl', '--until', new Date(mid).toISOString());
    const seqs = (out: string): number[] => out.trimEnd().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs(since.stdout)).toEqual(stored.filter((r) => r.at >= mid).map((r) => r.seq));
    expect(seqs(until.stdout)).toEqual(stored.filter((r) => r.at < mid).map((r) => r.seq));
  });

  it('lists newest first, as text and JSON', () => {
    const json = JSON.parse(cli('list', '--limit', '3', '--json').stdout) as { seq: number }[];
    expect(json.map((r) => r.seq)).toEqual(rows().slice(-3).reverse().map((r) => r.seq));
    const text = cli('list', '--action', 'call.*', '--limit', '2');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^SEQ\s+TIME\s+ACTOR\s+ACTION/);
    expect(text.stdout).toMatch(/agent:agent-1\s+call\./);
  });

  it('rejects bad input with a clear message and a non-zero exit, changing nothing', () => {
    const before = rows();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const bad: [string[], RegExp][] = [
      [['export', '--format', 'xml'], /Allowed choices are jsonl, csv/],
      [['export'], /--format/],
      [['list', '--limit', '0'], /whole number from 1 to 1000/],
      [['prune', '--before', 'last tuesday'], /ISO/],
      [['prune', '--before', future], /in the future/],
      [['prune'], /no retention is set/],
      [['retention', '--days', '0'], /whole number/],
      [['retention', '--days', '3', '--forever'], /either --days or --forever/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [args, message] of bad) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(rows()).toEqual(before);
  });

  it('prints help for every audit command', () => {
    for (const sub of ['verify', 'list', 'export', 'prune', 'retention']) {
      const r = cli(sub, '--help');
      expect(r.status, sub).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: iron-cage audit ${sub}`));
      expect(r.stdout).toMatch(/--data-dir/);
    }
    expect(cli('--help').stdout).toMatch(/SHA-256/);
  });

  it('refuses to prune a broken chain; prunes an intact one so that it still verifies, and audits the prune', async () => {
    const before = rows();
    const cut = before[Math.floor(before.length / 2)]!.at;
    const expected = before.findIndex((r) => r.at >= cut);

    exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?", before[1]!.seq);
    const refused = cli('prune', '--before', new Date(cut).toISOString());
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/does not verify/);
    exec('UPDATE audit_log SET actor = ? WHERE seq = ?', before[1]!.actor, before[1]!.seq);
    expect(rows()).toEqual(before);

    const pruned = cli('prune', '--before', new Date(cut).toISOString());
    expect(pruned.status).toBe(0);
    expect(pruned.stdout).toMatch(new RegExp(`Pruned ${expected} records?, through seq ${before[expected - 1]!.seq}`));
    const after = rows();
    expect(after[0]!.seq).toBe(before[expected]!.seq);
    expect(after.at(-1)).toMatchObject({ actor: 'cli', action: 'audit.pruned' });
    const v = JSON.parse(cli('verify', '--json').stdout) as { ok: boolean; anchor: { throughSeq: number; pruned: number } };
    expect(v).toMatchObject({ ok: true, anchor: { throughSeq: before[expected - 1]!.seq, pruned: expected } });
    expect(cli('verify').stdout).toMatch(new RegExp(`${expected} older records? (was|were) pruned`));

    // The chain goes on after a prune, and tampering past the anchor is still caught.
    await traffic();
    expect(verify()).toMatchObject({ status: 0, ok: true });
    exec('DELETE FROM audit_log WHERE seq = ?', after[0]!.seq);
    expect(verify()).toMatchObject({ status: 2, broken: { seq: after[0]!.seq + 1, kind: 'missing' } });
    insertRow(after[0]!);
    expect(verify()).toMatchObject({ status: 0, ok: true });
  });
});

/** A strict RFC 4180 reader, so the test does not trust the writer's own idea of CSV. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) out.push([...row, field]);
  return out;
}
