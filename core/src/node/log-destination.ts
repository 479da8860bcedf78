import { write, writeSync } from 'node:fs';

/** After a failed write, lines are dropped (and counted) for this long before writing is tried again. */
const RETRY_AFTER_MS = 5_000;
/** Lines waiting for the disk are capped, so a stuck disk cannot grow memory. */
const MAX_PENDING_BYTES = 1024 * 1024;

export interface LogDestination {
  write(line: string): void;
  /** Writes what is pending, once; never loops and never throws (a full disk must not wedge an exit). */
  flushSync(): void;
}

/**
 * A log file destination that survives its disk: a full or read-only disk (ENOSPC, EROFS, EIO…) costs log
 * lines, never the process. Writes are asynchronous and in order (one in flight at a time); on failure the
 * pending lines are dropped and writing resumes after a pause, noting how many lines were lost.
 */
export function createLogDestination(fd: number, now: () => number = Date.now): LogDestination {
  let pending: string[] = [];
  let pendingBytes = 0;
  let writing = false;
  let failedAt: number | undefined;
  let dropped = 0;

  const drop = (count: number): void => {
    dropped += count;
  };
  const next = (): void => {
    if (writing || pending.length === 0) return;
    if (failedAt !== undefined) {
      if (now() - failedAt < RETRY_AFTER_MS) {
        drop(pending.length);
        pending = [];
        pendingBytes = 0;
        return;
      }
      failedAt = undefined;
      if (dropped > 0) pending.unshift(`${JSON.stringify({ level: 40, time: now(), msg: `log lines lost to a write error: ${dropped}` })}\n`);
      dropped = 0;
    }
    const chunk = pending.join('');
    pending = [];
    pendingBytes = 0;
    writing = true;
    write(fd, chunk, null, 'utf8', (err) => {
      writing = false;
      if (err) {
        failedAt = now();
        drop(chunk.split('\n').length - 1);
      }
      next();
    });
  };

  return {
    write(line: string): void {
      if (failedAt !== undefined && now() - failedAt < RETRY_AFTER_MS) {
        drop(1);
        return;
      }
      if (pendingBytes + line.length > MAX_PENDING_BYTES) {
        drop(1);
        return;
      }
      pending.push(line);
      pendingBytes += line.length;
      next();
    },
    flushSync(): void {
      if (pending.length === 0 || failedAt !== undefined) return;
      const chunk = pending.join('');
      pending = [];
      pendingBytes = 0;
      try {
        writeSync(fd, chunk);
      } catch {
        // The disk is gone: the lines are, too. Exiting matters more.
      }
    },
  };
}
