import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.ts';

export interface PanelProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  output(): string;
  /** Ends the process by its id (SIGKILL when `hard`), and waits for it to exit. */
  stop(hard?: boolean): Promise<void>;
}

/** Starts a real `iron-cage panel serve` process on an ephemeral loopback port; resolves once it listens. */
export function startPanelProcess(args: string[], env: Record<string, string> = {}): Promise<PanelProcess> {
  const child = spawn(process.execPath, [CLI, 'panel', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`panel serve did not start: ${out}`));
    }, 20_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /panel listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        child,
        pid: child.pid as number,
        url: m[1] as string,
        port: Number(m[2]),
        output: () => out,
        async stop(hard = false) {
          if (child.exitCode === null && child.signalCode === null) process.kill(child.pid as number, hard ? 'SIGKILL' : 'SIGTERM');
          const t = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid as number, 'SIGKILL'), 5_000);
          await exited;
          clearTimeout(t);
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`panel serve exited (${code}): ${out}`));
    });
  });
}
