import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditAnchor, AuditVerification } from '../../contract/ops/audit.ts';
import type { AuditEntry, Refusal, Settlement } from '../../ports/store.ts';

/**
 * The audit trail's hash chain.
 *
 * Each record's `hash` is the lowercase hex SHA-256 of the UTF-8 bytes of the RFC 8785 (JCS) canonical JSON of
 *   { action, actor, at, details, prevHash, seq, target }
 * where `seq` and `at` (epoch ms) are integers, `target` is a string or null, `details` is the record's stored
 * details text (itself the canonical JSON of the details object, hashed as a string so that what is stored is
 * exactly what is hashed) or null, and `prevHash` is the previous record's `hash` — for the first record, the
 * hash held by the anchor: 64 zeros, or after pruning, the hash of the last pruned record.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: string | null;
  prevHash: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** JCS refuses lone surrogates; a model name from a request body may carry one, and must not fail a settle. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** RFC 8785 canonical JSON; values JCS cannot represent (lone surrogates, NaN) are first made representable. */
export function canonicalJson(value: unknown): string {
  // Call records are flat objects built with their keys in order: for those, JSON.stringify already writes
  // exactly the JCS form, at a fraction of the cost. Everything else goes through the canonicalize package.
  if (isFlatAndOrdered(value)) return JSON.stringify(value);
  try {
    return canonicalize(value) ?? 'null';
  } catch {
    const safe: unknown = JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? wellFormed(v) : v)) ?? 'null');
    return canonicalize(safe) ?? 'null';
  }
}

const HAS_LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A plain object of null, booleans, finite numbers and well-formed strings, keys in strictly ascending UTF-16 order. */
function isFlatAndOrdered(value: unknown): value is Record<string, null | boolean | number | string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  let prev: string | undefined;
  for (const [k, v] of Object.entries(value)) {
    if (prev !== undefined && k <= prev) return false;
    if (!(v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && !HAS_LONE_SURROGATE.test(v)))) return false;
    prev = k;
  }
  return true;
}

/**
 * The exact text a record's hash is computed over: the JCS form of the seven fields, written out directly
 * (keys in JCS order; seq and at are safe integers; strings are well-formed, so JSON.stringify escapes them as JCS does).
 */
export function chainText(r: ChainFields): string {
  return (
    `{"action":${JSON.stringify(r.action)},"actor":${JSON.stringify(r.actor)},"at":${int(r.at)},` +
    `"details":${r.details === null ? 'null' : JSON.stringify(r.details)},"prevHash":${JSON.stringify(r.prevHash)},` +
    `"seq":${int(r.seq)},"target":${r.target === null ? 'null' : JSON.stringify(r.target)}}`
  );
}

function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`audit seq and at must be safe integers, got ${n}`);
  return String(n);
}

export function chainHash(r: ChainFields): string {
  return createHash('sha256').update(chainText(r), 'utf8').digest('hex');
}

/** A row of `audit_log` as stored. */
export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** Where a walk starts: the anchor, and the highest seq SQLite ever handed out (to see a truncated tail). */
export interface WalkStart {
  anchor: AuditAnchor;
  highestSeq: number;
}

export type ChainCheck = AuditVerification & { lastHash: string };

const range = (a: number, b: number): string => (a === b ? `record ${a} is` : `records ${a}–${b} are`);

/**
 * Walks records in seq order and reports the first broken position: a seq gap (deleted), a link that does
 * not match the previous record's hash (reordered, inserted or replaced), a hash that does not match the
 * record (edited), a missing tail, or an anchor that no audited prune accounts for.
 */
export function verifyChain(rows: Iterable<AuditRow>, start: WalkStart): ChainCheck {
  const { anchor } = start;
  let expectedSeq = anchor.throughSeq + 1;
  let prevHash = anchor.hash;
  let records = 0;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  let lastPrune: { throughSeq?: unknown; anchorHash?: unknown; totalPruned?: unknown } | null = null;
  const result = (broken: AuditVerification['broken']): ChainCheck => ({
    ok: broken === null,
    records,
    firstSeq,
    lastSeq,
    anchor: anchor.throughSeq > 0 || anchor.pruned > 0 ? anchor : null,
    broken,
    lastHash: prevHash,
  });

  for (const row of rows) {
    if (row.seq > expectedSeq) {
      return result({ seq: row.seq, kind: 'missing', message: `${range(expectedSeq, row.seq - 1)} missing before record ${row.seq}: deleted` });
    }
    if (row.seq < expectedSeq) {
      return result({ seq: row.seq, kind: 'reordered', message: `record ${row.seq} sits before the start of the chain (${expectedSeq}): inserted` });
    }
    if (row.prev_hash !== prevHash) {
      const before = expectedSeq - 1 > anchor.throughSeq ? `record ${expectedSeq - 1}` : 'the start of the chain';
      return result({ seq: row.seq, kind: 'reordered', message: `record ${row.seq} does not link to ${before}: records were reordered, inserted or replaced` });
    }
    const expected = rehash(row, prevHash);
    if (expected === null || row.hash !== expected) {
      return result({ seq: row.seq, kind: 'edited', message: `record ${row.seq} was edited: its content no longer matches its hash` });
    }
    if (row.action === 'audit.pruned') lastPrune = parseObject(row.details);
    firstSeq ??= row.seq;
    lastSeq = row.seq;
    prevHash = expected;
    expectedSeq = row.seq + 1;
    records++;
  }
  if (start.highestSeq >= expectedSeq) {
    return result({ seq: expectedSeq, kind: 'truncated', message: `${range(expectedSeq, start.highestSeq)} missing at the end: deleted` });
  }
  const pruneMatches = lastPrune?.throughSeq === anchor.throughSeq && lastPrune.anchorHash === anchor.hash && lastPrune.totalPruned === anchor.pruned;
  if ((anchor.throughSeq > 0 || anchor.pruned > 0) && !pruneMatches) {
    return result({
      seq: anchor.throughSeq + 1,
      kind: 'anchor',
      message: `the chain starts after record ${anchor.throughSeq}, but no audited prune says so: records were deleted from the start or the anchor was edited`,
    });
  }
  return result(null);
}

/** The hash a stored row should carry; a value edited into something unhashable (a float `at`) hashes to nothing. */
function rehash(row: AuditRow, prevHash: string): string | null {
  try {
    return chainHash({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, target: row.target, details: row.details, prevHash });
  } catch {
    return null;
  }
}

function parseObject(text: string | null): Record<string, unknown> | null {
  try {
    const v: unknown = text === null ? null : JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The columns of a call the ledger reads anyway, which its audit record names. */
export interface CallFacts {
  agent_name: string;
  provider_name: string | null;
  endpoint: string;
  model: string;
  stream: number;
  reserved_micros: number;
}

/** A settled call, for the audit trail: who, where, what it cost. Never a key, never a body. */
export function settledEntry(callId: string, call: CallFacts, s: Settlement): AuditEntry {
  // Keys in JCS order, so canonicalJson takes its fast path on the request path.
  return {
    actor: `agent:${call.agent_name}`,
    action: 'call.settled',
    target: callId,
    details: {
      cacheReadTokens: s.usage.cacheReadTokens,
      cacheWriteTokens: s.usage.cacheWriteTokens,
      costMicros: s.cost,
      endpoint: call.endpoint,
      httpStatus: s.httpStatus,
      inputTokens: s.usage.inputTokens,
      latencyMs: s.latencyMs,
      model: call.model,
      outcome: s.outcome,
      outputTokens: s.usage.outputTokens,
      provider: call.provider_name,
      reasoningTokens: s.usage.reasoningTokens,
      stream: call.stream === 1,
      usageEstimated: s.usageEstimated,
    },
  };
}

export function releasedEntry(callId: string, call: CallFacts, outcome: string, httpStatus: number, latencyMs: number): AuditEntry {
  return {
    actor: `agent:${call.agent_name}`,
    action: 'call.released',
    target: callId,
    details: {
      costMicros: 0,
      endpoint: call.endpoint,
      httpStatus,
      latencyMs,
      model: call.model,
      outcome,
      provider: call.provider_name,
      releasedMicros: call.reserved_micros,
      stream: call.stream === 1,
    },
  };
}

export function refusedEntry(r: Refusal): AuditEntry {
  return {
    actor: `agent:${r.agentName}`,
    action: 'call.refused',
    target: r.callId,
    details: { costMicros: 0, endpoint: r.endpoint, httpStatus: r.httpStatus, model: r.model, outcome: r.outcome },
  };
}
