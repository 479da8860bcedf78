import { homedir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../domain/clock.ts';
import { appError } from '../../domain/errors.ts';
import { DEFAULT_POLICY, type LeasePolicy } from '../../panel/lease.ts';
import { PriceBook } from '../../pricing/price-book.ts';
import { systemTimeZone } from '../../domain/period.ts';
import { loadPanelKeys } from './panel-keys.ts';
import type { PanelContext } from './panel-context.ts';
import { openSqlitePanelDb } from './store/sqlite-panel-db.ts';

export const PANEL_DIR_NAME = 'iron-cage-panel';
export const PANEL_DB_FILE = 'panel.db';

/** The panel's own data folder (not the gateway's): IRON_CAGE_PANEL_DATA_DIR, else the OS app-data folder. */
export function defaultPanelDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.IRON_CAGE_PANEL_DATA_DIR) return env.IRON_CAGE_PANEL_DATA_DIR;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PANEL_DIR_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PANEL_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PANEL_DIR_NAME);
}

export interface OpenPanelOptions {
  dataDir?: string;
  databaseUrl?: string;
  clock?: Clock;
  policy?: Partial<LeasePolicy>;
  timeZone?: string;
}

/** Opens the panel's store and keys; the caller closes `ctx.db`. */
export function openPanel(opts: OpenPanelOptions = {}): PanelContext {
  if (opts.databaseUrl) throw appError('INVALID_INPUT', '--database-url (PostgreSQL) is not available in this build yet; use --data-dir');
  const dataDir = opts.dataDir ?? defaultPanelDataDir();
  const clock = opts.clock ?? systemClock;
  return {
    db: openSqlitePanelDb(join(dataDir, PANEL_DB_FILE)),
    clock,
    keys: loadPanelKeys(dataDir),
    policy: { ...DEFAULT_POLICY, ...opts.policy },
    prices: new PriceBook([], { clock }),
    dataDir,
    timeZone: opts.timeZone ?? process.env.IRON_CAGE_PANEL_TIME_ZONE ?? systemTimeZone(),
  };
}
