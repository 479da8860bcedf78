import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fstatSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

/**
 * Refuses a secret file another user could have planted or could change: it must be a regular file owned by
 * us and writable by no one else (POSIX only; Windows has no such modes).
 */
function assertPrivate(file: string, fd: number): void {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return;
  const st = fstatSync(fd);
  if (!st.isFile()) throw new Error(`${file} is not a regular file; refusing to use it`);
  if (st.uid !== process.getuid()) {
    throw new Error(`${file} belongs to another user (uid ${st.uid}); refusing to use it: remove it and start again`);
  }
  if ((st.mode & 0o022) !== 0) {
    throw new Error(`${file} can be changed by other users (mode ${(st.mode & 0o777).toString(8)}); refusing to use it: remove it and start again`);
  }
}

function readPrivate(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    assertPrivate(file, fd);
    return readFileSync(fd, 'utf8').trim();
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a secret file, creating it (0600) with `make()` only when it does not exist yet. An existing file is
 * read without writing anything, so commands keep working on a full or read-only disk. Creation writes a
 * complete temp file and links it into place: link() never replaces, so processes starting together all read
 * the one that won.
 */
export function readOrCreatePrivateFile(file: string, make: () => string): string {
  const existing = readPrivate(file);
  if (existing !== undefined) return existing;
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, make(), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  const created = readPrivate(file);
  if (created === undefined) throw new Error(`${file} disappeared while it was being created`);
  return created;
}

/** Makes a directory or file we own private (0700 / 0600) when others can read or write it. */
export function tightenMode(path: string, mode: 0o700 | 0o600): void {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return;
  try {
    const st = statSync(path);
    if (st.uid === process.getuid() && (st.mode & 0o077) !== 0) chmodSync(path, mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Creates an empty file with mode 0600 unless it exists (so SQLite, which copies its mode, starts private). */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}
