import type { Db } from '../db/open-database.ts';
import { releasedEntry, type CallFacts } from './audit-chain.ts';
import type { AuditAppender } from './sqlite-audit-log.ts';

interface InstanceRow {
  id: string;
  pid: number;
  hostname: string;
  heartbeat_at: number;
}

interface OpenCallRow extends CallFacts {
  id: string;
  agent_id: string;
}

export interface RecoveryReport {
  deadInstances: number;
  releasedCalls: number;
  releasedMicros: number;
}

/**
 * The gateway processes sharing one database. A process registers on start, beats every few seconds and
 * unregisters on a clean stop; reservations of one that did neither (a crash) are released by the next start.
 */
export class SqliteInstances {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditAppender,
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
          "SELECT id, agent_id, agent_name, provider_name, endpoint, model, stream, reserved_micros, instance_id FROM calls WHERE state = 'reserved'",
        )
        .all()
        .filter((c) => !live.has(c.instance_id));
      const releaseUsage = this.db.prepare(
        'UPDATE agent_spend SET reserved_micros = MAX(0, reserved_micros - ?) WHERE agent_id = ?',
      );
      const releaseCall = this.db.prepare(
        "UPDATE calls SET state = 'released', outcome = 'interrupted', finished_at = ? WHERE id = ?",
      );
      let releasedMicros = 0;
      for (const c of open) {
        releaseUsage.run(c.reserved_micros, c.agent_id);
        releaseCall.run(now, c.id);
        // The audit trail records the release in the same transaction, so ledger and trail never disagree.
        this.audit.appendInTransaction(releasedEntry(c.id, c, 'interrupted', 0, 0), now);
        releasedMicros += c.reserved_micros;
      }
      return { deadInstances, releasedCalls: open.length, releasedMicros };
    });
    return run.immediate();
  }
}
