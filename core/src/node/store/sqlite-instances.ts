import { EMPTY_USAGE } from '../../domain/usage.ts';
import type { Db } from '../db/open-database.ts';
import type { CallSpend, SqliteLedger } from './sqlite-ledger.ts';

interface InstanceRow {
  id: string;
  pid: number;
  hostname: string;
  heartbeat_at: number;
}

interface OpenCallRow extends CallSpend {
  id: string;
}

export interface RecoveryReport {
  deadInstances: number;
  /** Calls of dead processes whose outcome is unknown: charged at their reservation. */
  chargedCalls: number;
  chargedMicros: number;
  /** Wallet money the dead processes held beyond those calls, given back to the budgets. */
  releasedMicros: number;
}

/**
 * The gateway processes sharing one database. A process registers on start, beats every few seconds and
 * unregisters on a clean stop; reservations of one that did neither (a crash) are released by the next start.
 */
export class SqliteInstances {
  constructor(
    private readonly db: Db,
    /** Recovery charges through the ledger, so its money moves and audit records are the ledger's own. */
    private readonly ledger: SqliteLedger,
  ) {}

  register(id: string, pid: number, hostname: string, now: number): void {
    this.db
      .prepare('INSERT INTO instances (id, pid, hostname, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, pid, hostname, now, now);
  }

  heartbeat(id: string, now: number): void {
    this.db.prepare('UPDATE instances SET heartbeat_at = ? WHERE id = ?').run(now, id);
  }

  unregister(id: string): void {
    this.db.prepare('DELETE FROM instances WHERE id = ?').run(id);
  }

  /**
   * Releases the reservations of every instance that is gone: a process on this host that no longer exists,
   * one whose heartbeat is older than `staleMs`, or calls whose instance left no row at all.
   */
  recover(selfId: string, hostname: string, now: number, staleMs: number, isAlive: (pid: number) => boolean): RecoveryReport {
    const run = this.db.transaction((): RecoveryReport => {
      const rows = this.db.prepare<[], InstanceRow>('SELECT id, pid, hostname, heartbeat_at FROM instances').all();
      const live = new Set<string>([selfId]);
      let deadInstances = 0;
      for (const r of rows) {
        if (r.id === selfId) continue;
        const dead = (r.hostname === hostname && !isAlive(r.pid)) || r.heartbeat_at < now - staleMs;
        if (dead) {
          deadInstances++;
          this.db.prepare('DELETE FROM instances WHERE id = ?').run(r.id);
        } else {
          live.add(r.id);
        }
      }
      const open = this.db
        .prepare<[], OpenCallRow & { instance_id: string }>(
          "SELECT id, agent_id, agent_name, provider_name, endpoint, model, stream, reserved_micros, started_at, instance_id FROM calls WHERE state = 'reserved'",
        )
        .all()
        .filter((c) => !live.has(c.instance_id));
      const releaseUsage = this.db.prepare(
        'UPDATE agent_spend SET reserved_micros = MAX(0, reserved_micros - ?) WHERE agent_id = ?',
      );
      let chargedMicros = 0;
      const heldByCalls = new Map<string, number>();
      for (const c of open) {
        const key = `${c.instance_id}\u0000${c.agent_id}`;
        heldByCalls.set(key, (heldByCalls.get(key) ?? 0) + c.reserved_micros);
        // The provider may have done the work (a stream cut by the crash was still billed): charge the worst case.
        this.ledger.recordSettled(
          c.id,
          c,
          { usage: EMPTY_USAGE, cost: c.reserved_micros, outcome: 'interrupted', httpStatus: 0, usageEstimated: true, finishedAt: now, latencyMs: Math.max(0, now - c.started_at), responseBody: null },
          c.reserved_micros,
        );
        chargedMicros += c.reserved_micros;
      }
      let releasedMicros = 0;
      // Wallet money the dead processes held beyond their open calls goes back to the budget.
      const holds = this.db.prepare<[], { instance_id: string; agent_id: string; held_micros: number }>('SELECT instance_id, agent_id, held_micros FROM wallet_holds').all();
      for (const h of holds) {
        if (live.has(h.instance_id)) continue;
        const unused = Math.max(0, h.held_micros - (heldByCalls.get(`${h.instance_id}\u0000${h.agent_id}`) ?? 0));
        releaseUsage.run(unused, h.agent_id);
        releasedMicros += unused;
      }
      this.db.prepare('DELETE FROM wallet_holds WHERE instance_id NOT IN (SELECT id FROM instances)').run();
      return { deadInstances, chargedCalls: open.length, chargedMicros, releasedMicros };
    });
    return run.immediate();
  }
}
