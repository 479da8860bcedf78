import { GENESIS_HASH, chainHash, canonicalJson, verifyChain, type AuditRow, type ChainCheck } from '../../store/audit-chain.ts';
import type { SqlExecutor } from '../../../panel/store-port.ts';

/** One audited change: who did what to which target. Never a key, a password or a token. */
export interface PanelAuditEntry {
  actor: string;
  action: string;
  target: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends to the panel's hash chain, with the same record hashing as the local audit trail, inside the caller's
 * transaction (so the change and its record commit together, and writers are serialised by the transaction).
 */
export async function appendAudit(ex: SqlExecutor, at: number, e: PanelAuditEntry): Promise<void> {
  const last = await ex.get<{ seq: number; hash: string }>('SELECT seq, hash FROM panel_audit ORDER BY seq DESC LIMIT 1');
  const seq = Number(last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const details = e.details === undefined ? null : canonicalJson(e.details);
  const hash = chainHash({ seq, at, actor: e.actor, action: e.action, target: e.target, details, prevHash });
  await ex.run('INSERT INTO panel_audit (seq, at, actor, action, target, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [seq, at, e.actor, e.action, e.target, details, prevHash, hash]);
}

export async function verifyAudit(ex: SqlExecutor): Promise<ChainCheck> {
  const rows = await ex.all<AuditRow>('SELECT seq, at, actor, action, target, details, prev_hash, hash FROM panel_audit ORDER BY seq');
  const normalised = rows.map((r) => ({ ...r, seq: Number(r.seq), at: Number(r.at) }));
  const highestSeq = normalised.at(-1)?.seq ?? 0;
  return verifyChain(normalised, { anchor: { throughSeq: 0, hash: GENESIS_HASH, pruned: 0, prunedAt: null }, highestSeq });
}

export async function listAudit(ex: SqlExecutor, limit: number): Promise<AuditRow[]> {
  return ex.all<AuditRow>('SELECT seq, at, actor, action, target, details, prev_hash, hash FROM panel_audit ORDER BY seq DESC LIMIT ?', [limit]);
}
