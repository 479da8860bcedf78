import type { Db } from '../db/open-database.ts';
import type { Logger } from '../../ports/logger.ts';

/** One durable change, applied inside the journal's transaction. */
export type JournalRecord = () => void;

export interface CallJournalOptions {
  /** A batch is committed at most this long after its first record. */
  maxDelayMs: number;
  /** …or as soon as it holds this many records. */
  maxRecords: number;
  logger: Logger;
}

/**
 * Group commit for the request path: call records, settlements and their audit entries are queued and
 * written in one transaction every few milliseconds, so no response waits on a write and a busy gateway
 * pays one commit per batch instead of two per call. Records apply in the order they were queued.
 */
export class CallJournal {
  private queue: JournalRecord[] = [];
  /** Records that amend a call's row: applied after the batch's other records, once the row is surely written. */
  private amendments: JournalRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly commit;

  constructor(
    db: Db,
    private readonly o: CallJournalOptions,
  ) {
    this.commit = db.transaction((batch: readonly JournalRecord[]) => {
      for (const record of batch) record();
    });
  }

  get pending(): number {
    return this.queue.length + this.amendments.length;
  }

  append(record: JournalRecord): void {
    this.enqueue(this.queue, record);
  }

  /**
   * Queues a change to a call's row (e.g. its guardrail findings). A call settled within one batch writes its row
   * only with its settlement, which may come after this record: amendments run after everything else queued.
   */
  amend(record: JournalRecord): void {
    this.enqueue(this.amendments, record);
  }

  private enqueue(queue: JournalRecord[], record: JournalRecord): void {
    queue.push(record);
    if (this.pending >= this.o.maxRecords) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.o.maxDelayMs);
    }
  }

  /** Writes everything queued now (readers in this process call it first, so they read their own writes). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending === 0) return;
    const batch = [...this.queue, ...this.amendments];
    this.queue = [];
    this.amendments = [];
    try {
      this.commit.immediate(batch);
    } catch (e) {
      // One bad record must not lose the others: apply them one by one, and report the ones that fail.
      this.o.logger.error('journal batch failed, retrying record by record', { error: (e as Error).message, records: batch.length });
      for (const record of batch) {
        try {
          this.commit.immediate([record]);
        } catch (err) {
          this.o.logger.error('journal record lost', { error: (err as Error).message });
        }
      }
    }
  }
}
