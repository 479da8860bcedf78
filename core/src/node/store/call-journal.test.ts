import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../ports/logger.ts';
import { CallJournal, DEFAULT_JOURNAL_OPTIONS } from './call-journal.ts';

let dir: string;
let db: Database.Database;
let journal: CallJournal;
const options = { ...DEFAULT_JOURNAL_OPTIONS, retryMs: 10, maxRetryMs: 40, maxQueued: 50, logger: silentLogger };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'journal-test-'));
  db = new Database(join(dir, 'j.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE rows (n INTEGER, pad BLOB)');
  journal = new CallJournal(db, options);
});
afterEach(() => {
  journal.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (n: number, bytes = 0) => () => void db.prepare('INSERT INTO rows VALUES (?, randomblob(?))').run(n, bytes);
const count = () => (db.prepare('SELECT count(*) AS c FROM rows').get() as { c: number }).c;

describe('the call journal on a disk that refuses writes', () => {
  it('keeps the records of a read-only database queued, refuses calls meanwhile, and writes them all once it recovers', async () => {
    db.pragma('query_only = ON');
    let committed = 0;
    for (let i = 0; i < 10; i++) journal.append(insert(i), () => committed++);
    journal.flush();
    expect(journal.pending).toBe(10);
    expect(committed).toBe(0);
    expect(journal.admission()?.message).toMatch(/the data folder is read-only \(SQLITE_READONLY\)/);
    await sleep(60); // retried with backoff, still refused: nothing dropped
    expect(journal.pending).toBe(10);
    db.pragma('query_only = OFF');
    await sleep(120); // the backoff retry writes them without any new call
    expect(journal.unavailable).toBeUndefined();
    expect(count()).toBe(10);
    expect(committed).toBe(10);
    expect(journal.admission()).toBeUndefined();
  });

  it('refuses calls on a full database (SQLITE_FULL) and recovers on the first call after the disk does', () => {
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    for (let i = 0; i < 5; i++) journal.append(insert(i, 8192));
    journal.flush();
    expect(journal.admission()?.message).toMatch(/the disk is full \(SQLITE_FULL\)/);
    expect(count()).toBe(0); // the refused batch rolled back whole
    db.pragma('max_page_count = 1073741823');
    expect(journal.admission()).toBeUndefined();
    expect(count()).toBe(5);
  });

  it('refuses new calls past its cap rather than dropping records', () => {
    for (let i = 0; i < options.maxQueued + 5; i++) journal.append(insert(i)); // all waiting for the next batch
    expect(journal.admission()?.message).toMatch(/cannot write its records fast enough \(55 waiting\)/);
    journal.flush();
    expect(count()).toBe(options.maxQueued + 5);
    expect(journal.admission()).toBeUndefined();
  });

  it('skips a record that fails for a reason other than the disk, and writes the others', () => {
    journal.append(insert(1));
    journal.append(() => {
      throw new Error('a bug');
    });
    journal.append(insert(3));
    journal.flush();
    expect(count()).toBe(2);
    expect(journal.unavailable).toBeUndefined();
  });

  it('a heartbeat that met a storage error makes admission probe the disk first', () => {
    db.pragma('query_only = ON');
    journal.reportFailure(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }));
    expect(journal.admission()?.code).toBe('STORAGE_UNAVAILABLE');
    db.pragma('query_only = OFF');
    expect(journal.admission()).toBeUndefined();
  });
});
