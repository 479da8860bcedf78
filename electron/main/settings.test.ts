import { describe, expect, it } from 'vitest';
import { parseSettings, SettingsStore, type DesktopSettings } from './settings.ts';

describe('desktop settings', () => {
  it('start from defaults', () => {
    expect(parseSettings(undefined)).toEqual({
      version: 1,
      gatewayPort: 8733,
      theme: 'system',
      window: { width: 1200, height: 800, maximized: false },
      notifications: { at80: true, at100: true },
      startAtLogin: false,
    });
  });

  it('keep every good value when one is bad', () => {
    const s = parseSettings({ gatewayPort: 'eighty', theme: 'dark', notifications: { at80: false, at100: 'yes' }, startAtLogin: true, window: { width: 5 } });
    expect(s.gatewayPort).toBe(8733);
    expect(s.theme).toBe('dark');
    expect(s.notifications).toEqual({ at80: false, at100: true });
    expect(s.startAtLogin).toBe(true);
    expect(s.window).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('write every change through to the backend', () => {
    let saved: DesktopSettings | undefined;
    const store = new SettingsStore({ read: () => ({ gatewayPort: 9000 }), write: (v) => void (saved = v) });
    expect(store.get().gatewayPort).toBe(9000);
    store.update({ theme: 'light' });
    expect(saved).toMatchObject({ version: 1, gatewayPort: 9000, theme: 'light' });
    expect(store.get().theme).toBe('light');
  });
});
