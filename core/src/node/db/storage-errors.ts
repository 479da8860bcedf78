import { appError, type AppError } from '../../domain/errors.ts';

/** SQLite result codes (and their extended forms) and OS errors that mean the disk cannot take a write. */
const STORAGE_CODES: Record<string, string> = {
  SQLITE_FULL: 'the disk is full',
  SQLITE_READONLY: 'the data folder is read-only',
  SQLITE_IOERR: 'the disk failed a read or write',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the data folder is on a read-only file system',
  EACCES: 'the data folder cannot be written',
  EPERM: 'the data folder cannot be written',
  EIO: 'the disk failed a read or write',
};

function reasonFor(code: string): string | undefined {
  return STORAGE_CODES[code] ?? STORAGE_CODES[code.split('_').slice(0, 2).join('_')];
}

/**
 * A clear error for a failure of the data folder's disk, or undefined for any other error. Calls fail closed on
 * it: no call is forwarded that cannot be recorded.
 */
export function storageError(e: unknown): AppError | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const reason = reasonFor(code);
  if (reason === undefined) return undefined;
  return appError('STORAGE_UNAVAILABLE', `Iron Cage cannot write to its data folder: ${reason} (${code}); nothing is done that cannot be recorded; free space or fix the folder's permissions and try again`);
}
