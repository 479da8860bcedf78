import { join } from 'node:path';
import { Command } from 'commander';
import { appError } from '../../../../core/src/domain/errors.ts';
import { defaultPanelDataDir, PANEL_DB_FILE } from '../../../../core/src/node/panel/open-panel.ts';
import { markRestored } from '../../../../core/src/node/panel/restore-guard.ts';
import { copyPanelStore } from '../../../../core/src/node/panel/store/copy-store.ts';
import { openPgPanelDb } from '../../../../core/src/node/panel/store/pg-panel-db.ts';
import { openSqlitePanelDb } from '../../../../core/src/node/panel/store/sqlite-panel-db.ts';
import { printJson, printTable } from '../output.ts';
import { CLI, parsePositiveInt, withPanel, withStoreOptions, type PanelStoreOptions } from './panel-common.ts';

/** `panel migrate-to-postgres`: copies the SQLite panel in --data-dir into an empty PostgreSQL database. */
export function panelMigrateCommand(): Command {
  return new Command('migrate-to-postgres')
    .description('copy the SQLite panel in --data-dir into an empty PostgreSQL database (stop the panel first); the keys stay in --data-dir')
    .option('--data-dir <dir>', "the SQLite panel's data folder (default: IRON_CAGE_PANEL_DATA_DIR or the OS app-data folder iron-cage-panel)")
    .requiredOption('--database-url <url>', 'the empty PostgreSQL database to copy into (postgres://…)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nThen run every instance with: iron-cage panel serve --data-dir DIR --database-url URL')
    .action(async (opts: PanelStoreOptions & { json?: boolean }) => {
      const dataDir = opts.dataDir ?? defaultPanelDataDir();
      if (!opts.databaseUrl || !/^postgres(ql)?:\/\//.test(opts.databaseUrl)) throw appError('INVALID_INPUT', '--database-url must be a PostgreSQL URL (postgres://…)');
      const from = openSqlitePanelDb(join(dataDir, PANEL_DB_FILE));
      const to = openPgPanelDb(opts.databaseUrl);
      try {
        const report = await copyPanelStore(from, to);
        if (opts.json) return printJson(report);
        printTable(['TABLE', 'ROWS'], report.tables.map((t) => [t.table, t.rows]), 'Nothing to copy.');
        console.log(`Copied ${report.rows} rows. Start the panel with: iron-cage panel serve --data-dir ${dataDir} --database-url <url>`);
      } finally {
        await from.close();
        await to.close();
      }
    });
}

/** `panel restored`: records that the store was just restored from a backup, so grants pause for TTL + settle. */
export function panelRestoredCommand(): Command {
  return withStoreOptions(
    new Command('restored')
      .description('record that the panel store was just restored from a backup: no new grants for TTL + settle window (run before starting the panel)')
      .option('--lease-ttl-s <s>', 'the lease TTL the panel runs with', parsePositiveInt, 300)
      .option('--settle-window-s <s>', 'the settle window the panel runs with', parsePositiveInt, 120)
      .option('--json', 'print JSON'),
  ).action(async (opts: PanelStoreOptions & { json?: boolean; leaseTtlS: number; settleWindowS: number }) => {
    const out = await withPanel(opts, (ctx) => markRestored({ ...ctx, policy: { ...ctx.policy, ttlMs: opts.leaseTtlS * 1000, settleWindowMs: opts.settleWindowS * 1000 } }, CLI));
    if (opts.json) return printJson(out);
    console.log(`Recorded. The panel grants nothing new until ${new Date(out.grantsFrozenUntil).toISOString()}, so leases missing from the backup lapse first.`);
  });
}
