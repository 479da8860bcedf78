import { spawn, type ChildProcess } from 'node:child_process';
import type { LoadJob, LoadReply, LoadRequest, LoadResult } from './load-protocol.ts';
import { REPO, stop, track } from './processes.ts';

/** The parent's handle on the load-generator process; several jobs may run at once. */
export class LoadDriver {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();

  constructor(bundle: string) {
    this.child = spawn(process.execPath, [bundle], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    track(this.child);
    this.child.on('message', (msg: LoadReply) => {
      const id = msg.type === 'result' ? msg.result.id : msg.id;
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      if (msg.type === 'result') p.resolve(msg.result);
      else p.reject(new Error(`load job failed: ${msg.message}`));
    });
    this.child.once('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`the load generator exited (${code})`));
      this.pending.clear();
    });
  }

  run(job: Omit<LoadJob, 'id'>): Promise<LoadResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // Bounded even if the load generator hangs: its own bound plus a generous margin.
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`load job ${id} did not answer in time`));
      }, job.durationMs * 3 + 60_000);
      this.pending.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      const msg: LoadRequest = { type: 'job', job: { ...job, id } };
      this.child.send(msg);
    });
  }

  async close(): Promise<void> {
    if (this.child.connected) this.child.send({ type: 'exit' } satisfies LoadRequest);
    await stop(this.child, 5_000);
  }
}
