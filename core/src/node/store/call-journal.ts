import type { Db } from '../db/open-database.ts';
import type { Logger } from '../../ports/logger.ts';
import { appError, type AppError } from '../../domain/errors.ts';
import { storageError } from '../db/storage-errors.ts';

/** One durable change, applied inside the journal's transaction. It may run more than once if its batch rolls back. */
export type JournalRecord = () => void;

interface Entry {
  record: JournalRecord;
  /** Runs once the record's transaction has committed (in-memory bookkeeping that must not run on a rollback). */
  committed?: () => void;
}

export interface CallJournalOptions {
  /** A batch is committed at most this long after its first record. */
  maxDelayMs: number;
  /** …or as soon as it holds this many records. */
  maxRecords: number;
  /** Records kept in memory while the disk refuses writes; past this, new calls are refused (nothing is dropped). */
  maxQueued: number;
  /** First pause between two attempts while the disk refuses writes; it doubles up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
  logger: Logger;
}

export const DEFAULT_JOURNAL_OPTIONS: Omit<CallJournalOptions, 'logger'> = {
  maxDelayMs: 4,
  maxRecords: 512,
  maxQueued: 20_000,
  retryMs: 50,
  maxRetryMs: 2_000,
};

/**
 * Group commit for the request path: call records, settlements and their audit entries are queued and
 * written in one transaction every few milliseconds, so no response waits on a write and a busy gateway
 * pays one commit per batch instead of two per call. Records apply in the order they were queued.
 *
 * When the disk refuses a write (full, read-only), nothing is dropped: the records stay queued and are retried
 * with backoff, and `admission()` tells the gateway to refuse new calls until the disk takes writes again.
 */
export class CallJournal {
  private queue: Entry[] = [];
  /** Records that amend a call's row: applied after the batch's other records, once the row is surely written. */
  private amendments: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private failure: AppError | undefined;
  private readonly commit;

  constructor(
    db: Db,
    private readonly o: CallJournalOptions,
  ) {
    this.retryDelay = o.retryMs;
    this.commit = db.transaction((batch: readonly Entry[]) => {
      for (const e of batch) e.record();
    });
  }

  get pending(): number {
    return this.queue.length + this.amendments.length;
  }

  /** The disk's refusal while it refuses writes, else undefined. */
  get unavailable(): AppError | undefined {
    return this.failure;
  }

  append(record: JournalRecord, committed?: () => void): void {
    this.enqueue(this.queue, { record, committed });
  }

  /**
   * Queues a change to a call's row (e.g. its guardrail findings). A call settled within one batch writes its row
   * only with its settlement, which may come after this record: amendments run after everything else queued.
   */
  amend(record: JournalRecord): void {
    this.enqueue(this.amendments, { record });
  }

  private enqueue(queue: Entry[], entry: Entry): void {
    queue.push(entry);
    if (this.failure) return; // the retry timer writes it with the rest
    if (this.pending >= this.o.maxRecords) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.o.maxDelayMs);
    }
  }

  /**
   * Why a new call must be refused now (its records could not be written), or undefined. While the disk refuses
   * writes it first tries once more, so calls work again as soon as the disk does.
   */
  admission(): AppError | undefined {
    if (this.failure) this.flush();
    if (this.failure) return this.failure;
    if (this.pending >= this.o.maxQueued) {
      return appError('STORAGE_UNAVAILABLE', `Iron Cage cannot write its records fast enough (${this.pending} waiting); try again shortly`);
    }
    return undefined;
  }

  /** Another writer (a heartbeat, a wallet's grant) met a storage error: refuse calls until a write succeeds. */
  reportFailure(e: unknown): void {
    const s = storageError(e);
    if (s) this.failed(s, e);
  }

  /**
   * Writes everything queued now (readers in this process call it first, so they read their own writes). Never
   * throws for a disk that refuses writes: the records stay queued and are retried.
   */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // An empty batch while failed is a probe: BEGIN IMMEDIATE fails on a read-only database.
    if (this.pending === 0 && !this.failure) return;
    const batch = this.queue.concat(this.amendments);
    this.queue = [];
    this.amendments = [];
    try {
      this.commit.immediate(batch);
      this.done(batch);
    } catch (e) {
      const s = storageError(e);
      if (s) this.requeue(batch, s, e);
      else this.oneByOne(batch, e);
    }
  }

  /** Final flush at shutdown; what the disk still refuses is reported (it cannot outlive the process). */
  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.flush();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.pending > 0) {
      this.o.logger.error('records not written at shutdown: the disk refused them', { records: this.pending, error: this.failure?.message });
    }
  }

  /** One bad record (a bug, not the disk) must not lose the others: apply them one by one and skip the bad ones. */
  private oneByOne(batch: Entry[], e: unknown): void {
    this.o.logger.error('journal batch failed, retrying record by record', { error: (e as Error).message, records: batch.length });
    for (let i = 0; i < batch.length; i++) {
      try {
        this.commit.immediate([batch[i]!]);
        this.done([batch[i]!]);
      } catch (err) {
        const s = storageError(err);
        if (s) return this.requeue(batch.slice(i), s, err);
        this.o.logger.error('journal record failed and was skipped', { error: (err as Error).message });
      }
    }
  }

  private done(batch: readonly Entry[]): void {
    for (const e of batch) e.committed?.();
    if (this.failure) {
      this.o.logger.info('the data folder takes writes again: queued records written', { records: batch.length });
      this.failure = undefined;
      this.retryDelay = this.o.retryMs;
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    if (this.pending > 0 && !this.timer) this.timer = setTimeout(() => this.flush(), this.o.maxDelayMs);
  }

  private requeue(batch: Entry[], s: AppError, e: unknown): void {
    this.queue = batch.concat(this.queue);
    this.failed(s, e);
  }

  private failed(s: AppError, e: unknown): void {
    if (!this.failure) {
      this.o.logger.error('cannot write to the data folder: records kept in memory and retried; calls are refused until it recovers', {
        error: (e as Error).message,
        records: this.queue.length,
      });
    }
    this.failure = s;
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.flush();
    }, this.retryDelay);
    this.retryTimer.unref();
    this.retryDelay = Math.min(this.retryDelay * 2, this.o.maxRetryMs);
  }
}
