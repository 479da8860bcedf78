import { appError } from '../../domain/errors.ts';
import type { AuditAnchor, AuditExportInput, AuditListInput, AuditPruneResult, AuditRecord, AuditVerification } from '../../contract/ops/audit.ts';
import type { AuditEntry, AuditTrail } from '../../ports/store.ts';
import type { Db } from '../db/open-database.ts';
import { canonicalJson, chainHash, GENESIS_HASH, verifyChain, wellFormed, type AuditRow, type ChainCheck } from './audit-chain.ts';

/** Appends inside a write transaction the caller already holds (the ledger's settle, release and refuse). */
export interface AuditAppender {
  appendInTransaction(entry: AuditEntry, at: number): void;
}

interface AnchorRow {
  through_seq: number;
  hash: string;
  pruned: number;
  pruned_at: number | null;
  unsealed_through: number;
}

interface HeadRow {
  sequence: number | null;
  last_seq: number | null;
  last_hash: string | null;
  anchor_hash: string | null;
}

const COLUMNS = 'seq, at, actor, action, target, details, prev_hash, hash';

function toRecord(r: AuditRow): AuditRecord {
  let details: unknown = null;
  if (r.details !== null) {
    try {
      details = JSON.parse(r.details);
    } catch {
      details = r.details;
    }
  }
  return { seq: r.seq, at: r.at, actor: r.actor, action: r.action, target: r.target, details, prevHash: r.prev_hash, hash: r.hash };
}

function toAnchor(a: AnchorRow | undefined): AuditAnchor {
  return a ? { throughSeq: a.through_seq, hash: a.hash, pruned: a.pruned, prunedAt: a.pruned_at } : { throughSeq: 0, hash: GENESIS_HASH, pruned: 0, prunedAt: null };
}

/** Optional conditions joined with AND; values are always bound, never interpolated. */
function where(conds: [string, unknown[] | undefined][]): { sql: string; params: unknown[] } {
  const used = conds.filter((c): c is [string, unknown[]] => c[1] !== undefined);
  return { sql: used.length ? `WHERE ${used.map(([c]) => c).join(' AND ')}` : '', params: used.flatMap(([, p]) => p) };
}

/**
 * The audit trail on SQLite: append-only and hash-chained (see audit-chain.ts for exactly what is hashed).
 * The previous hash is read inside the write transaction, so appends from any number of processes chain in the
 * order SQLite's write lock admits them. Admin actions append in a transaction of their own; the ledger appends
 * one record per finished call inside its own transaction, so the ledger and the trail never disagree.
 */
export class SqliteAuditLog implements AuditTrail, AuditAppender {
  private readonly stmts;
  private readonly appendTx;
  private readonly pruneTx;
  private readonly snapshot;

  constructor(private readonly db: Db) {
    this.stmts = {
      // One round trip: the last record (or the anchor when the log is empty) and the highest seq ever used, so a
      // deleted tail leaves a visible gap instead of being silently reused.
      head: db.prepare<[], HeadRow>(
        `SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'audit_log') AS sequence,
           (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1) AS last_seq,
           (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS last_hash,
           (SELECT hash FROM audit_anchor WHERE id = 1) AS anchor_hash`,
      ),
      insert: db.prepare(`INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      anchor: db.prepare<[], AnchorRow>('SELECT through_seq, hash, pruned, pruned_at, unsealed_through FROM audit_anchor WHERE id = 1'),
      walk: db.prepare<[], AuditRow>(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`),
      hashOf: db.prepare<[number], { hash: string | null }>('SELECT hash FROM audit_log WHERE seq = ?'),
      firstKept: db.prepare<[number], { seq: number }>('SELECT seq FROM audit_log WHERE at >= ? ORDER BY seq LIMIT 1'),
      deleteThrough: db.prepare('DELETE FROM audit_log WHERE seq <= ?'),
      moveAnchor: db.prepare('UPDATE audit_anchor SET through_seq = ?, hash = ?, pruned = pruned + ?, pruned_at = ? WHERE id = 1'),
    };
    this.appendTx = db.transaction((entry: AuditEntry, at: number) => this.write(entry, at));
    this.snapshot = db.transaction(() => this.check());
    this.pruneTx = db.transaction((before: number, actor: string, at: number, verified: ChainCheck) => this.pruneVerified(before, actor, at, verified));
    this.sealLegacy();
  }

  append(entry: AuditEntry, at: number): void {
    // IMMEDIATE takes the write lock before the previous hash is read; inside a caller's transaction it is a savepoint.
    this.appendTx.immediate(entry, at);
  }

  appendInTransaction(entry: AuditEntry, at: number): void {
    if (!this.db.inTransaction) throw new Error('appendInTransaction needs a write transaction');
    this.write(entry, at);
  }

  /** Newest first. */
  list(f: AuditListInput): AuditRecord[] {
    const prefix = f.action?.endsWith('*') ? f.action.slice(0, -1) : undefined;
    const w = where([
      ['at >= ?', f.since === undefined ? undefined : [f.since]],
      ['at < ?', f.until === undefined ? undefined : [f.until]],
      ['action = ?', f.action === undefined || prefix !== undefined ? undefined : [f.action]],
      ['substr(action, 1, ?) = ?', prefix === undefined ? undefined : [prefix.length, prefix]],
      ['actor = ?', f.actor === undefined ? undefined : [f.actor]],
      ["substr(action, 1, 5) != ?", f.hideCalls ? ['call.'] : undefined],
      ['seq < ?', f.beforeSeq === undefined ? undefined : [f.beforeSeq]],
    ]);
    const sql = `SELECT ${COLUMNS} FROM audit_log ${w.sql} ORDER BY seq DESC LIMIT ?`;
    return this.db.prepare<unknown[], AuditRow>(sql).all(...w.params, f.limit).map(toRecord);
  }

  /** Oldest first, after `afterSeq`: pages for a streamed export. */
  page(f: AuditExportInput): AuditRecord[] {
    const w = where([
      ['at >= ?', f.since === undefined ? undefined : [f.since]],
      ['at < ?', f.until === undefined ? undefined : [f.until]],
      ['seq > ?', f.afterSeq === undefined ? undefined : [f.afterSeq]],
    ]);
    const sql = `SELECT ${COLUMNS} FROM audit_log ${w.sql} ORDER BY seq LIMIT ?`;
    return this.db.prepare<unknown[], AuditRow>(sql).all(...w.params, f.limit).map(toRecord);
  }

  /** Walks the whole chain in one read snapshot (appends by other processes go on meanwhile). */
  verify(): AuditVerification {
    const { lastHash: _lastHash, ...v } = this.snapshot();
    return v;
  }

  /**
   * Deletes the oldest records, those before the first one at or after `before`, and moves the anchor to the
   * last one deleted, so the chain still verifies; the prune itself is appended as `audit.pruned`.
   * Refused while the chain is broken: pruning must not destroy the evidence.
   */
  prune(before: number, actor: string, at: number): AuditPruneResult {
    // The walk runs without the write lock (it may take a while on a big log); the prune then re-checks that
    // nothing it relies on moved, and deletes only records the walk verified.
    const verified = this.snapshot();
    if (!verified.ok) {
      throw appError('CONFLICT', `the audit log does not verify (${verified.broken?.message ?? 'broken'}); nothing was pruned, so the evidence stays`);
    }
    return this.pruneTx.immediate(before, actor, at, verified);
  }

  private check(): ChainCheck {
    const anchor = this.stmts.anchor.get();
    const head = this.stmts.head.get();
    return verifyChain(this.stmts.walk.iterate(), { anchor: toAnchor(anchor), highestSeq: head?.sequence ?? 0 });
  }

  private pruneVerified(before: number, actor: string, at: number, verified: ChainCheck): AuditPruneResult {
    const anchor = toAnchor(this.stmts.anchor.get());
    const checkedAnchor = verified.anchor ?? toAnchor(undefined);
    if (anchor.throughSeq !== checkedAnchor.throughSeq || anchor.hash !== checkedAnchor.hash) {
      throw appError('CONFLICT', 'another prune ran at the same time; try again');
    }
    if (verified.lastSeq !== null && this.stmts.hashOf.get(verified.lastSeq)?.hash !== verified.lastHash) {
      throw appError('CONFLICT', 'the audit log changed while it was being verified; nothing was pruned');
    }
    const firstKept = this.stmts.firstKept.get(before)?.seq;
    const through = Math.min(firstKept === undefined ? Infinity : firstKept - 1, verified.lastSeq ?? 0);
    if (through <= anchor.throughSeq) return { pruned: 0, throughSeq: null, anchor: verified.anchor };
    const hash = this.stmts.hashOf.get(through)?.hash;
    if (!hash) throw appError('CONFLICT', `audit record ${through} is missing; nothing was pruned`);
    const count = this.stmts.deleteThrough.run(through).changes;
    this.stmts.moveAnchor.run(through, hash, count, at);
    const moved: AuditAnchor = { throughSeq: through, hash, pruned: anchor.pruned + count, prunedAt: at };
    this.write(
      { actor, action: 'audit.pruned', details: { before, throughSeq: through, count, anchorHash: hash, totalPruned: moved.pruned } },
      at,
    );
    return { pruned: count, throughSeq: through, anchor: moved };
  }

  private write(entry: AuditEntry, at: number): void {
    const head = this.stmts.head.get();
    const seq = Math.max(head?.sequence ?? 0, head?.last_seq ?? 0) + 1;
    const prevHash = (head?.last_seq != null ? head.last_hash : head?.anchor_hash) ?? GENESIS_HASH;
    const fields = {
      seq,
      at,
      actor: wellFormed(entry.actor),
      action: wellFormed(entry.action),
      target: entry.target === undefined ? null : wellFormed(entry.target),
      details: entry.details === undefined ? null : canonicalJson(entry.details),
      prevHash,
    };
    this.stmts.insert.run(seq, at, fields.actor, fields.action, fields.target, fields.details, prevHash, chainHash(fields));
  }

  /**
   * Records written before the chain existed (schema 1) are chained once, by the first process that opens the
   * upgraded database; `unsealed_through` is set by the migration, so no later row is ever sealed this way.
   */
  private sealLegacy(): void {
    if ((this.stmts.anchor.get()?.unsealed_through ?? 0) === 0) return;
    this.db
      .transaction(() => {
        const a = this.stmts.anchor.get();
        if (!a || a.unsealed_through === 0) return;
        const rows = this.db.prepare<[number], AuditRow>(`SELECT ${COLUMNS} FROM audit_log WHERE seq <= ? ORDER BY seq`).all(a.unsealed_through);
        const seal = this.db.prepare('UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?');
        let prevHash = a.hash;
        for (const r of rows) {
          let details: string | null = null;
          try {
            details = r.details === null ? null : canonicalJson(JSON.parse(r.details));
          } catch {
            details = canonicalJson({ text: r.details });
          }
          const hash = chainHash({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, target: r.target, details, prevHash });
          seal.run(details, prevHash, hash, r.seq);
          prevHash = hash;
        }
        this.db.prepare('UPDATE audit_anchor SET unsealed_through = 0 WHERE id = 1').run();
      })
      .immediate();
  }
}
