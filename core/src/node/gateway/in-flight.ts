import type { AgentRepo } from '../../ports/store.ts';

export interface InFlightCall {
  agentId: string;
  tokenId: string;
  /** Stops the call: the upstream request is aborted and the client told why. */
  cut(reason: string): void;
}

/**
 * The calls under way in this process. While there are any, it watches the database for changes made by any
 * process (a CLI suspending an agent, a revoked token) and cuts off the calls that may no longer run.
 */
export class InFlightCalls {
  private readonly calls = new Map<string, InFlightCall>();
  private timer: NodeJS.Timeout | undefined;
  private lastVersion = -1;

  constructor(
    private readonly agents: Pick<AgentRepo, 'stoppedAmong'>,
    private readonly dataVersion: () => number,
    private readonly pollMs: number,
  ) {}

  get size(): number {
    return this.calls.size;
  }

  add(id: string, call: InFlightCall): void {
    this.calls.set(id, call);
    if (!this.timer) {
      this.lastVersion = this.dataVersion();
      this.timer = setInterval(() => this.poll(), this.pollMs);
      this.timer.unref();
    }
  }

  delete(id: string): void {
    this.calls.delete(id);
    if (this.calls.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Re-checks every call now; in-process admin changes call this directly instead of waiting for the poll. */
  recheck(): void {
    if (this.calls.size === 0) return;
    const entries = [...this.calls.entries()];
    const stopped = this.agents.stoppedAmong(entries.map(([, c]) => c));
    for (const [, call] of entries) {
      if (stopped.has(call.agentId)) call.cut('the agent was suspended or its token revoked');
    }
  }

  /** Cuts every call, e.g. when shutdown's drain period is over. */
  cutAll(reason: string): void {
    for (const call of [...this.calls.values()]) call.cut(reason);
  }

  private poll(): void {
    try {
      // data_version moves only when another connection commits, so an idle database costs one pragma per poll.
      const v = this.dataVersion();
      if (v === this.lastVersion) return;
      this.lastVersion = v;
      this.recheck();
    } catch {
      // A disk that fails a read must not take the process down from a timer; the next poll tries again.
    }
  }
}
