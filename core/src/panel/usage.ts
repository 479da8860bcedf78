import type { Micros } from '../domain/money.ts';
import { capture } from './budget.ts';
import { panelError } from './errors.ts';
import type { Budgets } from './grant.ts';
import { heldBy, isReserving, type Lease } from './lease.ts';

/** One finished call as a device reports it. The device's cost is only cross-checked; the panel prices tokens. */
export interface UsageRecordIn {
  seq: number;
  callId: string;
  provider: string;
  model: string;
  status: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  clientCostMicros: Micros;
}

export interface UsageRecord extends UsageRecordIn {
  leaseId: string;
  costMicros: Micros;
  /** Arrived after its lease stopped reserving: committed anyway (the money was spent), and flagged. */
  late: boolean;
  /** The device's cost differs from the panel's by more than 1 %, or the panel could not price the model. */
  flagged: boolean;
  /** The call id was already recorded under another seq (a device renumbered after a crash): fills the seq, costs 0. */
  duplicateCall: boolean;
  at: number;
}

export interface UsageSlice extends Budgets {
  lease: Lease;
  /** Records already stored for this lease under the batch's seqs. */
  knownBySeq: ReadonlyMap<number, UsageRecord>;
  /** Call ids of the batch already stored (under any lease or seq). */
  knownCallIds: ReadonlySet<string>;
  /** Seqs stored above the lease's `highSeq` (arrived out of order). */
  seqsAbove: ReadonlySet<number>;
}

export interface UsageBatch {
  epoch: number;
  records: UsageRecordIn[];
}

export interface UsageOutcome extends Budgets {
  lease: Lease;
  inserted: UsageRecord[];
  duplicates: number[];
}

/** The panel's price for a record, or null when it has none for the model (the device's figure is used, flagged). */
export type PriceRecord = (r: UsageRecordIn) => Micros | null;

/**
 * Commits a batch of usage records, each exactly once: a seq or call id already stored is a no-op, the same seq
 * with other content refuses the whole batch (409, nothing changed). Usage of a frozen, expired or settled lease is
 * still committed: the money was spent.
 */
export function recordUsage(s: UsageSlice, batch: UsageBatch, price: PriceRecord, now: number): UsageOutcome {
  let { lease, agent, team } = s;
  if (batch.epoch !== lease.epoch) {
    throw panelError('CONFLICT', 'stale_epoch', `lease ${lease.id} has epoch ${lease.epoch}, not ${batch.epoch}`, { epoch: lease.epoch });
  }
  const inserted: UsageRecord[] = [];
  const duplicates: number[] = [];
  const seenSeqs = new Set<number>();
  const seenCalls = new Set<string>();
  for (const r of batch.records) {
    const known = s.knownBySeq.get(r.seq);
    if (known) {
      if (!sameContent(known, r)) {
        throw panelError('CONFLICT', 'seq_conflict', `seq ${r.seq} of lease ${lease.id} was already reported with other content`, { seq: r.seq });
      }
      duplicates.push(r.seq);
      continue;
    }
    if (seenSeqs.has(r.seq)) {
      duplicates.push(r.seq);
      continue;
    }
    seenSeqs.add(r.seq);
    if (seenCalls.has(r.callId) || s.knownCallIds.has(r.callId)) {
      // The seq is filled (so the lease's seqs stay contiguous) but the call is charged once only.
      inserted.push({ ...r, leaseId: lease.id, costMicros: 0, late: false, flagged: true, duplicateCall: true, at: now });
      duplicates.push(r.seq);
      continue;
    }
    seenCalls.add(r.callId);
    const priced = price(r);
    const cost = priced ?? r.clientCostMicros;
    const late = !isReserving(lease.state);
    const flagged = priced === null || Math.abs(r.clientCostMicros - cost) * 100 > cost;
    const heldBefore = heldBy(lease);
    lease = { ...lease, captured: lease.captured + cost };
    const reserveDelta = heldBy(lease) - heldBefore;
    agent = capture(agent, cost, reserveDelta);
    team = team ? capture(team, cost, reserveDelta) : null;
    inserted.push({ ...r, leaseId: lease.id, costMicros: cost, late, flagged, duplicateCall: false, at: now });
  }
  lease = { ...lease, highSeq: advance(lease.highSeq, new Set([...s.seqsAbove, ...seenSeqs])) };
  return { agent, team, lease, inserted, duplicates };
}

function advance(highSeq: number, seqs: ReadonlySet<number>): number {
  let h = highSeq;
  while (seqs.has(h + 1)) h++;
  return h;
}

function sameContent(a: UsageRecordIn, b: UsageRecordIn): boolean {
  return (
    a.callId === b.callId &&
    a.provider === b.provider &&
    a.model === b.model &&
    a.status === b.status &&
    a.inputTokens === b.inputTokens &&
    a.outputTokens === b.outputTokens &&
    a.cacheReadTokens === b.cacheReadTokens &&
    a.cacheWriteTokens === b.cacheWriteTokens &&
    a.clientCostMicros === b.clientCostMicros
  );
}
