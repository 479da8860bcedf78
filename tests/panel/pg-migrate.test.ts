import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPanelError } from '../../core/src/panel/errors.ts';
import { PanelDeviceClient } from '../../core/src/node/panel/device-client.ts';
import { verifyAudit } from '../../core/src/node/panel/store/audit-repo.ts';
import { openPgPanelDb } from '../../core/src/node/panel/store/pg-panel-db.ts';
import { openSqlitePanelDb } from '../../core/src/node/panel/store/sqlite-panel-db.ts';
import type { PanelDb } from '../../core/src/panel/store-port.ts';
import { startPanel } from '../../server/src/panel/panel-server.ts';
import { runCli } from '../support/cli.ts';
import { startPanelProcess } from '../support/panel-process.ts';
import { freshPgDatabase } from '../support/pg-db.ts';
import { rec, startFixture } from './panel-fixture.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

const snapshot = async (db: PanelDb) => ({
  agents: await db.all('SELECT id, name, limit_micros, committed_micros, reserved_micros, overshoot_micros FROM agents ORDER BY id'),
  leases: await db.all('SELECT id, epoch, granted_micros, captured_micros, high_seq, state, expires_at FROM leases ORDER BY id'),
  usage: await db.all('SELECT lease_id, seq, call_id, cost_micros FROM usage_records ORDER BY lease_id, seq'),
  devices: await db.all('SELECT id, user_id, sign_pub FROM devices ORDER BY id'),
  audit: await db.all('SELECT seq, action, hash FROM panel_audit ORDER BY seq'),
});

describe('moving a SQLite panel to PostgreSQL', () => {
  it('copies everything, and the devices carry on against the PostgreSQL panel', async () => {
    const fx = await startFixture({}, [], 'sqlite');
    cleanup.push(() => rmSync(fx.dir, { recursive: true, force: true }));
    const dev = await fx.device();
    const g = await dev.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    await dev.report(g.lease, { epoch: g.epoch, batchId: 'b1', records: [rec(1), rec(2), rec(3)] });
    await fx.panel.close();

    const url = await freshPgDatabase('migrate');
    const r = runCli(['panel', 'migrate-to-postgres', '--data-dir', fx.dir, '--database-url', url, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { rows: number; tables: { table: string; rows: number }[] };
    expect(report.tables.find((t) => t.table === 'usage_records')?.rows).toBe(3);

    const lite = openSqlitePanelDb(join(fx.dir, 'panel.db'));
    const pg = openPgPanelDb(url);
    try {
      expect(await snapshot(pg)).toEqual(await snapshot(lite));
      expect((await verifyAudit(pg)).ok).toBe(true);
    } finally {
      await lite.close();
      await pg.close();
    }

    // A second copy into the same database is refused, and changes nothing.
    const again = runCli(['panel', 'migrate-to-postgres', '--data-dir', fx.dir, '--database-url', url]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already holds a panel/);

    // The same device (same keys, same lease) continues against the panel now on PostgreSQL.
    const panel = await startPanel({ host: '127.0.0.1', port: 0, dataDir: fx.dir, databaseUrl: url });
    cleanup.push(() => panel.close());
    expect(panel.ctx.db.engine).toBe('postgres');
    const moved = new PanelDeviceClient(panel.url, dev.identity);
    const u = await moved.report(g.lease, { epoch: g.epoch, batchId: 'b2', records: [rec(4)] });
    expect(u.capturedMicros).toBe(4 * 450);
    const c = await moved.close(g.lease, { epoch: g.epoch, finalSeq: 4 });
    expect(c.releasedMicros).toBe(g.grantedMicros - 4 * 450);
    expect((await verifyAudit(panel.ctx.db)).ok).toBe(true);
  });

  it('after a restore grants nothing new for TTL + settle window, and says so in its log', async () => {
    const fx = await startFixture({}, [], 'postgres');
    cleanup.push(() => rmSync(fx.dir, { recursive: true, force: true }));
    const dev = await fx.device();
    await fx.panel.close();
    const dbUrl = fx.databaseUrl as string;

    const marked = runCli(['panel', 'restored', '--data-dir', fx.dir, '--database-url', dbUrl, '--lease-ttl-s', '4', '--settle-window-s', '8', '--json']);
    expect(marked.status, marked.stderr).toBe(0);
    const { grantsFrozenUntil } = JSON.parse(marked.stdout) as { grantsFrozenUntil: number };

    const p = await startPanelProcess(['--data-dir', fx.dir, '--database-url', dbUrl, '--lease-ttl-s', '4', '--settle-window-s', '8']);
    cleanup.push(() => p.stop());
    for (let i = 0; i < 100 && !/Restored from a backup/.test(p.output()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(p.output()).toMatch(/Restored from a backup: granting no new leases or top-ups until/);
    const client = new PanelDeviceClient(p.url, dev.identity);
    const refused = await client.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 }).then(() => null, (e: unknown) => e);
    expect(isPanelError(refused, 'panel_restoring')).toBe(true);
    const db = openPgPanelDb(dbUrl);
    cleanup.push(() => db.close());
    expect(await db.all('SELECT id FROM leases')).toEqual([]);

    await new Promise((r) => setTimeout(r, Math.max(0, grantsFrozenUntil - Date.now()) + 100));
    const g = await client.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    expect(g.grantedMicros).toBeGreaterThan(0);
  }, 60_000);
});
