import type { Logger } from '../../ports/logger.ts';
import { storageError } from '../db/storage-errors.ts';

const RETRY_MS = 500;

/**
 * Runs a ledger write; if the disk refuses it (full, read-only), keeps retrying in the background until the
 * disk recovers, so a call that was answered is still charged and its reservation does not dangle. Until then
 * the reservation keeps holding the call's worst case, so the budget can never be overspent meanwhile.
 * Other errors are thrown as before.
 */
export function writeOrRetry(logger: Logger, what: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    if (!storageError(e)) throw e;
    logger.error(`${what} could not be written; retrying until the disk recovers`, { error: (e as Error).message });
    const retry = (): void => {
      try {
        write();
        logger.info(`${what} written after the disk recovered`, {});
      } catch (again) {
        if (storageError(again)) setTimeout(retry, RETRY_MS).unref();
        else logger.error(`${what} failed`, { error: (again as Error).message });
      }
    };
    setTimeout(retry, RETRY_MS).unref();
  }
}
