import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Passed when the OS starts the app at login: it starts in the tray, without opening the window. */
export const HIDDEN_ARG = '--hidden';

export interface LoginItemHost {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The executable to start (for an AppImage, the AppImage itself rather than its temporary mount). */
  execPath: string;
  /** Electron's `app.setLoginItemSettings` (macOS, Windows). */
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

/** Linux has no login-item API: desktop environments start what `~/.config/autostart/*.desktop` names. */
export function autostartFile(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart', 'iron-cage.desktop');
}

export function autostartEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Iron Cage', 'Comment=LLM gateway with budgets for AI agents', `Exec=${quoted} ${HIDDEN_ARG}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

/** Turns starting at login on or off. */
export function applyStartAtLogin(enabled: boolean, host: LoginItemHost): void {
  if (host.platform === 'linux') {
    const file = autostartFile(host.env);
    if (enabled) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, autostartEntry(host.env.APPIMAGE ?? host.execPath), { mode: 0o644 });
    } else {
      rmSync(file, { force: true });
    }
    return;
  }
  host.setLoginItemSettings({ openAtLogin: enabled, ...(host.platform === 'win32' ? { args: [HIDDEN_ARG] } : {}) });
}
