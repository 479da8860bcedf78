import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'iron-cage';

/**
 * The OS app-data folder shared by the desktop app and the CLI, so the CLI administers the app's own ledger:
 * `~/Library/Application Support/iron-cage`, `%APPDATA%\iron-cage`, `$XDG_CONFIG_HOME/iron-cage` (or ~/.config).
 * `IRON_CAGE_DATA_DIR` overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.IRON_CAGE_DATA_DIR) return env.IRON_CAGE_DATA_DIR;
  const home = homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME);
  }
}

export const SECRET_KEY_FILE = 'secret.key';
export const LOG_DIR = 'logs';
