import type { Micros } from '../../domain/money.ts';
import type { FundingSource, GrantRequest, Slice } from '../../wallet/funding-source.ts';
import { sliceGrant } from '../../wallet/slice-size.ts';
import type { Db } from '../db/open-database.ts';
import type { SqliteLedger } from '../store/sqlite-ledger.ts';

/**
 * Slices from the local SQLite ledger. Each grant is one BEGIN IMMEDIATE transaction checking
 * `spent + held + granted ≤ limit` on every capped window, so gateways and CLIs sharing the database never
 * together hold more than any window allows. What this process holds is also kept per instance
 * (wallet_holds), so a restart after a crash can reconcile it.
 */
export class LocalFunding implements FundingSource {
  private readonly grantTx;
  private readonly giveBackTx;
  private readonly takeHold;

  constructor(
    db: Db,
    ledger: SqliteLedger,
    private readonly instanceId: string,
    /** Runs before a grant or a give-back, so this process's queued settlements are on disk first. */
    private readonly beforeWrite: () => void,
    /** Throws when this process cannot record what a grant would let it spend (its journal cannot write). */
    private readonly checkWritable: () => void = () => undefined,
  ) {
    const addHold = db.prepare(
      `INSERT INTO wallet_holds (instance_id, agent_id, held_micros) VALUES (?, ?, ?)
       ON CONFLICT (instance_id, agent_id) DO UPDATE SET held_micros = held_micros + excluded.held_micros`,
    );
    const takeHold = db.prepare('UPDATE wallet_holds SET held_micros = MAX(0, held_micros - ?) WHERE instance_id = ? AND agent_id = ?');
    this.takeHold = takeHold;
    const unhold = db.prepare('UPDATE agent_spend SET reserved_micros = MAX(0, reserved_micros - ?) WHERE agent_id = ?');
    this.grantTx = db.transaction((req: GrantRequest): Micros | null => {
      const granted = sliceGrant(req.requested, req.minUseful, ledger.headroom(req.agentId, req.at));
      if (granted === null || granted <= 0) return null;
      ledger.hold(req.agentId, granted);
      addHold.run(this.instanceId, req.agentId, granted);
      return granted;
    });
    this.giveBackTx = db.transaction((agentId: string, amount: Micros) => {
      unhold.run(amount, agentId);
      takeHold.run(amount, this.instanceId, agentId);
    });
  }

  grant(req: GrantRequest): Slice | null {
    this.beforeWrite();
    this.checkWritable();
    const granted = this.grantTx.immediate(req);
    return granted === null ? null : { agentId: req.agentId, granted, epoch: 0, spendBeforeMono: null };
  }

  giveBack(agentId: string, amount: Micros): void {
    this.beforeWrite();
    this.giveBackTx.immediate(agentId, amount);
  }

  /** Money of this process's holding that a settled call spent (in the journal's transaction). */
  spendHeld(agentId: string, amount: Micros): void {
    if (amount > 0) this.takeHold.run(amount, this.instanceId, agentId);
  }
}
