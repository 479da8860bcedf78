import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { parseSettings } from './settings.ts';
import type { TrayActions, TrayView } from './tray.ts';

vi.mock('electron', () => ({ Menu: { buildFromTemplate: vi.fn() }, Tray: vi.fn() }));
const { trayMenuTemplate, trayTooltip } = await import('./tray.ts');

const view = (change: Partial<TrayView> = {}): TrayView => ({
  todayMicros: 1_234_500,
  gateway: { url: 'http://127.0.0.1:8733' },
  keyWarning: undefined,
  settings: parseSettings({}),
  loginItemAvailable: true,
  stopping: false,
  ...change,
});
const actions = (): TrayActions => ({
  openDashboard: vi.fn(),
  pauseAll: vi.fn(),
  setNotification: vi.fn(),
  setStartAtLogin: vi.fn(),
  setTheme: vi.fn(),
  quit: vi.fn(),
});
const item = (menu: MenuItemConstructorOptions[], label: string | RegExp) =>
  menu.find((m) => (typeof label === 'string' ? m.label === label : label.test(m.label ?? '')))!;
const click = (m: MenuItemConstructorOptions, checked = false) => (m.click as (item: { checked: boolean }) => void)({ checked });

describe('the tray', () => {
  it('shows today\'s spend and where the gateway listens', () => {
    const menu = trayMenuTemplate(view(), actions());
    expect(menu[0]).toMatchObject({ label: 'Spent today: $1.2345', enabled: false });
    expect(menu[1]).toMatchObject({ label: 'Gateway: http://127.0.0.1:8733' });
    expect(trayTooltip(view())).toBe('Iron Cage — today $1.2345');
    expect(trayMenuTemplate(view({ gateway: { error: 'port 8733 is in use' } }), actions())[1]!.label).toBe('Gateway not running: port 8733 is in use');
  });

  it('opens the dashboard, pauses all agents and quits', () => {
    const a = actions();
    const menu = trayMenuTemplate(view(), a);
    click(item(menu, 'Open dashboard'));
    click(item(menu, 'Pause all agents'));
    click(item(menu, 'Quit Iron Cage'));
    expect(a.openDashboard).toHaveBeenCalled();
    expect(a.pauseAll).toHaveBeenCalled();
    expect(a.quit).toHaveBeenCalled();
  });

  it('says so when provider keys are not in the OS keychain', () => {
    expect(trayMenuTemplate(view(), actions()).some((m) => m.label?.includes('keychain'))).toBe(false);
    const warned = item(trayMenuTemplate(view({ keyWarning: 'No keyring was found' }), actions()), /not in the OS keychain/);
    expect(warned.toolTip).toBe('No keyring was found');
  });

  it('toggles notifications and start at login', () => {
    const a = actions();
    const menu = trayMenuTemplate(view(), a);
    const at80 = item(menu, /80%/);
    expect(at80).toMatchObject({ type: 'checkbox', checked: true });
    click(at80, false);
    expect(a.setNotification).toHaveBeenCalledWith('at80', false);
    click(item(menu, 'Start at login'), true);
    expect(a.setStartAtLogin).toHaveBeenCalledWith(true);
    expect(item(trayMenuTemplate(view({ loginItemAvailable: false }), a), /Start at login/).enabled).toBe(false);
  });
});
