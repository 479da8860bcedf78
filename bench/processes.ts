import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
/** The `iron-cage` executable under test: this checkout's, unless `useCli` points at a candidate build. */
let cliPath = fileURLToPath(new URL('../bin/iron-cage.mjs', import.meta.url));

export function cliExecutable(): string {
  return cliPath;
}

/** Benchmarks another build of the CLI (e.g. a candidate change built in a copy of the repository). */
export function useCli(path: string): void {
  cliPath = path;
}

/** Every child this run started, so that all of them are stopped by their pid, whatever happens. */
const children = new Set<ChildProcess>();

export interface Server {
  name: string;
  child: ChildProcess;
  pid: number;
  url: string;
  /** ms from spawn until the process printed its address. */
  listeningMs: number;
}

/** Spawns a server process and resolves once a line of its output matches `ready` (group 1 is its URL). */
export function startServer(name: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopNow(child);
      reject(new Error(`${name} did not start within 20 s: ${out}`));
    }, 20_000);
    const onData = (d: Buffer): void => {
      if (out.length < 64_000) out += d.toString();
      const m = ready.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({ name, child, pid: child.pid ?? -1, url: m[1], listeningMs: performance.now() - t0 });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready: ${out}`));
    });
  });
}

/** SIGTERM by pid, SIGKILL if still there after `graceMs`; resolves once the process is gone. */
export async function stop(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const gone = new Promise((r) => child.once('exit', r));
  process.kill(pid, 'SIGTERM');
  const timer = setTimeout(() => stopNow(child), graceMs);
  await gone;
  clearTimeout(timer);
}

function stopNow(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Last resort on any exit path of the benchmark: kill what is left, each by its own pid. */
export function killAllStarted(): void {
  for (const child of children) stopNow(child);
}

/** Registers a child started elsewhere (e.g. the load generator) for the last-resort kill. */
export function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/**
 * Resident memory of a process in MB: now (VmRSS), its peak so far (VmHWM), and the anonymous part of RSS now
 * (RssAnon: the process's own heap, as opposed to file pages such as the node binary's code and ICU data, which
 * every node process on the machine shares).
 */
export function memoryOf(pid: number): { rssMb: number; peakMb: number; anonMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024, anonMb: kb('RssAnon') / 1024 };
}

/** Runs the real `iron-cage` CLI once; throws with its output when it fails. */
export function cli(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [cliPath, ...args, '--data-dir', dataDir], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`iron-cage ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** CPU time (user + system) a process has used so far, in ms; clock ticks are 10 ms on Linux. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
