import type { Micros } from '../domain/money.ts';

/** What a wallet asks its funding source for. */
export interface GrantRequest {
  agentId: string;
  /** What the wallet would like to hold (sized by burn rate, see slice-size.ts). */
  requested: Micros;
  /** Below this the grant is useless (the worst case of the call waiting for it): refuse instead. */
  minUseful: Micros;
  /** Recent spending pace, µ$ per second; a remote source may size its grant with it. */
  burnMicrosPerSec: number;
  /** Wall-clock time of the request (which budget windows apply). */
  at: number;
}

/** Money granted to this process: it may reserve against it in memory without asking again. */
export interface Slice {
  agentId: string;
  granted: Micros;
  /**
   * Fencing epoch (a panel lease's epoch; 0 locally). A later grant with a higher epoch supersedes earlier ones.
   */
  epoch: number;
  /** Monotonic-clock deadline after which nothing more may be reserved on it (a lease's TTL); null: none. */
  spendBeforeMono: number | null;
}

/**
 * Where a wallet's money comes from. `LocalFunding` takes slices from the SQLite ledger; `PanelFunding` (the
 * team panel, Model C) takes leases: `grant` ↔ grant/refresh, `giveBack` ↔ close, settlements ↔ usage reports
 * (they travel through the call journal, not this port, so a slow panel never delays a response).
 */
export interface FundingSource {
  /** Grants between `minUseful` and `requested`, or null when the budget cannot cover `minUseful`. */
  grant(req: GrantRequest): Slice | null | Promise<Slice | null>;
  /** Returns money the wallet holds but will not use (idle, starved, or the budget changed). */
  giveBack(agentId: string, amount: Micros): void | Promise<void>;
}
