import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyStartAtLogin, autostartFile } from './login-item.ts';

describe('start at login', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ic-autostart-'));
  afterEach(() => rmSync(join(dir, 'autostart'), { recursive: true, force: true }));

  it('writes and removes an XDG autostart entry on Linux, starting hidden', () => {
    const env = { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/me/Apps/Iron Cage.AppImage' };
    const setLoginItemSettings = vi.fn();
    applyStartAtLogin(true, { platform: 'linux', env, execPath: '/tmp/.mount_x/iron-cage', setLoginItemSettings });
    const file = autostartFile(env);
    expect(file).toBe(join(dir, 'autostart', 'iron-cage.desktop'));
    const entry = readFileSync(file, 'utf8');
    expect(entry).toContain('Exec="/home/me/Apps/Iron Cage.AppImage" --hidden');
    expect(entry).toContain('Type=Application');
    applyStartAtLogin(false, { platform: 'linux', env, execPath: '/x', setLoginItemSettings });
    expect(existsSync(file)).toBe(false);
    expect(setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('uses the OS login items on macOS and Windows', () => {
    const setLoginItemSettings = vi.fn();
    applyStartAtLogin(true, { platform: 'darwin', env: {}, execPath: '/x', setLoginItemSettings });
    applyStartAtLogin(true, { platform: 'win32', env: {}, execPath: 'C:\\x.exe', setLoginItemSettings });
    expect(setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true }], [{ openAtLogin: true, args: ['--hidden'] }]]);
  });
});
