import type { Clock } from '../../domain/clock.ts';
import type { Micros } from '../../domain/money.ts';
import type { Logger } from '../../ports/logger.ts';
import type { BudgetWindowStatus, Ledger, Refusal, ReserveRequest, Settlement } from '../../ports/store.ts';
import type { FundingSource } from '../../wallet/funding-source.ts';
import { Wallet, type WalletOptions } from '../../wallet/wallet.ts';
import { isAppError } from '../../domain/errors.ts';
import { storageError } from '../db/storage-errors.ts';
import type { CallJournal } from '../store/call-journal.ts';
import type { CallSpend, SqliteLedger } from '../store/sqlite-ledger.ts';
import type { Store } from '../store/open-store.ts';
import { LocalFunding } from './local-funding.ts';

interface OpenCall {
  wallet: Wallet;
  amount: Micros;
  spend: CallSpend;
  req: ReserveRequest;
  /** Its reservation record is still queued in the journal (a settlement can then write the row once). */
  queued: boolean;
}

export interface WalletLedgerOptions extends Pick<WalletOptions, 'maxWaitMs' | 'horizonMs' | 'maxSliceMicros' | 'lowWater' | 'retryMs'> {
  /** A wallet unused this long gives its money back. */
  idleMs: number;
}

export const DEFAULT_WALLET_OPTIONS: WalletLedgerOptions = {
  maxWaitMs: 1_000,
  horizonMs: 2_000,
  maxSliceMicros: 2_000_000,
  lowWater: 0.25,
  retryMs: 20,
  idleMs: 1_000,
};

/**
 * The request path's ledger: reservations and settlements happen in memory against per-agent wallets funded
 * in slices; the durable records (call rows, settlements, audit entries) go through the call journal.
 */
export class WalletLedger implements Ledger {
  private readonly wallets = new Map<string, Wallet>();
  private readonly open = new Map<string, OpenCall>();

  constructor(
    private readonly d: {
      ledger: SqliteLedger;
      journal: CallJournal;
      funding: FundingSource;
      /** Takes `amount` out of this process's recorded holding for the agent (money moved to spent). In a transaction. */
      spendHeld(agentId: string, amount: Micros): void;
      clock: Clock;
      logger: Logger;
    },
    private readonly o: WalletLedgerOptions = DEFAULT_WALLET_OPTIONS,
  ) {}

  reserve(req: ReserveRequest): boolean | Promise<boolean> {
    const wallet = this.walletOf(req.agentId);
    const got = wallet.reserve(req.amount);
    if (got === true) return this.opened(wallet, req);
    if (got === false) return false;
    // A funding source that fails (the disk refuses the grant) is not an exhausted budget: the call fails with why.
    return got.then(
      (ok) => ok && this.opened(wallet, req),
      (e: unknown) => {
        throw isAppError(e) ? e : (storageError(e) ?? e);
      },
    );
  }

  settle(callId: string, s: Settlement): void {
    const call = this.open.get(callId);
    if (!call) return;
    this.open.delete(callId);
    // What the provider reported beyond the reservation is still spent, but never taken from money held for others.
    const fromHeld = Math.min(s.cost, call.amount);
    call.wallet.settle(call.amount, fromHeld);
    const { ledger } = this.d;
    const together = call.queued;
    call.queued = false; // the queued reservation record now writes nothing
    this.d.journal.append(() => {
      if (together) ledger.recordReservedAndSettled(call.req, call.spend, s, fromHeld);
      else ledger.recordSettled(callId, call.spend, s, fromHeld);
      this.d.spendHeld(call.spend.agent_id, fromHeld);
    });
  }

  release(callId: string, outcome: string, httpStatus: number, finishedAt: number, latencyMs: number): void {
    const call = this.open.get(callId);
    if (!call) return;
    this.open.delete(callId);
    call.wallet.release(call.amount);
    this.d.journal.append(() => this.d.ledger.recordReleased(callId, call.spend, outcome, httpStatus, finishedAt, latencyMs));
  }

  refuse(r: Refusal): void {
    this.d.journal.append(() => this.d.ledger.recordRefused(r));
  }

  windows(agentId: string, at: number): BudgetWindowStatus[] {
    this.d.journal.flush();
    return this.d.ledger.windows(agentId, at);
  }

  /** Gives back the unused money of `agentIds` (their budget or status changed), or of every wallet. */
  drain(agentIds?: Iterable<string>): void {
    const ids = agentIds ? [...agentIds] : [...this.wallets.keys()];
    for (const id of ids) this.wallets.get(id)?.drain();
  }

  /** Gives back the money of wallets unused for `idleMs`. */
  drainIdle(): void {
    const now = this.d.clock.monotonic();
    for (const [id, w] of this.wallets) {
      if (w.busy || now - w.idleSince < this.o.idleMs) continue;
      w.drain();
      this.wallets.delete(id);
    }
  }

  private opened(wallet: Wallet, req: ReserveRequest): true {
    const spend: CallSpend = {
      agent_id: req.agentId,
      started_at: req.startedAt,
      agent_name: req.agentName,
      provider_name: req.providerName,
      endpoint: req.endpoint,
      model: req.model,
      stream: req.stream ? 1 : 0,
      reserved_micros: req.amount,
    };
    const call: OpenCall = { wallet, amount: req.amount, spend, req, queued: true };
    this.open.set(req.callId, call);
    // `queued` changes only once the row is committed: a batch the disk refused is retried, and writes it then.
    this.d.journal.append(
      () => {
        if (call.queued) this.d.ledger.recordReserved(req);
      },
      () => {
        call.queued = false;
      },
    );
    return true;
  }

  private walletOf(agentId: string): Wallet {
    let w = this.wallets.get(agentId);
    if (!w) {
      const { clock, logger } = this.d;
      w = new Wallet(agentId, {
        ...this.o,
        funding: this.d.funding,
        monotonic: () => clock.monotonic(),
        now: () => clock.now(),
        onError: (e) => {
          logger.error('wallet funding failed', { agentId, error: (e as Error).message });
          this.d.journal.reportFailure(e);
        },
      });
      this.wallets.set(agentId, w);
    }
    return w;
  }
}

/** The request path's ledger over a local store: wallets funded by LocalFunding, records through `journal`. */
export function createLocalWalletLedger(
  store: Pick<Store, 'db' | 'ledger'>,
  instanceId: string,
  journal: CallJournal,
  clock: Clock,
  logger: Logger,
  options: WalletLedgerOptions = DEFAULT_WALLET_OPTIONS,
): WalletLedger {
  const funding = new LocalFunding(
    store.db,
    store.ledger,
    instanceId,
    () => journal.flush(),
    () => {
      if (journal.unavailable) throw journal.unavailable;
    },
  );
  return new WalletLedger({ ledger: store.ledger, journal, funding, spendHeld: (a, m) => funding.spendHeld(a, m), clock, logger }, options);
}
