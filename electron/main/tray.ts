import { Menu, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { formatUsd } from '../../core/src/domain/money.ts';
import type { DesktopSettings, Theme } from './settings.ts';

/** Everything the tray shows; rebuilt whole on every change (the menu is tiny). */
export interface TrayView {
  /** `undefined` until the first read of the ledger. */
  todayMicros: number | undefined;
  gateway: { url: string } | { error: string };
  /** Set when provider keys are not protected by the OS keychain. */
  keyWarning: string | undefined;
  settings: DesktopSettings;
  /** Start at login registers the installed app; a development build has nothing to register. */
  loginItemAvailable: boolean;
  stopping: boolean;
}

export interface TrayActions {
  openDashboard(): void;
  pauseAll(): void;
  setNotification(which: 'at80' | 'at100', on: boolean): void;
  setStartAtLogin(on: boolean): void;
  setTheme(theme: Theme): void;
  quit(): void;
}

export function trayTooltip(v: TrayView): string {
  const today = v.todayMicros === undefined ? '' : ` — today ${formatUsd(v.todayMicros)}`;
  return `Iron Cage${today}`;
}

export function trayMenuTemplate(v: TrayView, a: TrayActions): MenuItemConstructorOptions[] {
  const status: MenuItemConstructorOptions[] = [
    { label: `Spent today: ${v.todayMicros === undefined ? '…' : formatUsd(v.todayMicros)}`, enabled: false },
    {
      label: v.stopping ? 'Stopping: letting calls in flight finish…' : 'url' in v.gateway ? `Gateway: ${v.gateway.url}` : `Gateway not running: ${v.gateway.error}`,
      enabled: false,
    },
  ];
  if (v.keyWarning) status.push({ label: '⚠ Provider keys are not in the OS keychain', toolTip: v.keyWarning, enabled: false });
  const theme = (t: Theme, label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: v.settings.theme === t,
    click: () => a.setTheme(t),
  });
  return [
    ...status,
    { type: 'separator' },
    { label: 'Open dashboard', click: () => a.openDashboard() },
    { label: 'Pause all agents', enabled: !v.stopping, click: () => a.pauseAll() },
    { type: 'separator' },
    {
      label: 'Notify when a budget reaches 80%',
      type: 'checkbox',
      checked: v.settings.notifications.at80,
      click: (item) => a.setNotification('at80', item.checked),
    },
    {
      label: 'Notify when a budget reaches 100%',
      type: 'checkbox',
      checked: v.settings.notifications.at100,
      click: (item) => a.setNotification('at100', item.checked),
    },
    {
      label: v.loginItemAvailable ? 'Start at login' : 'Start at login (installed app only)',
      type: 'checkbox',
      enabled: v.loginItemAvailable,
      checked: v.settings.startAtLogin,
      click: (item) => a.setStartAtLogin(item.checked),
    },
    { label: 'Appearance', submenu: [theme('system', 'Follow the system'), theme('light', 'Light'), theme('dark', 'Dark')] },
    { type: 'separator' },
    { label: 'Quit Iron Cage', click: () => a.quit() },
  ];
}

/** The menu-bar / notification-area icon: today's spend at a glance, and the kill switch one click away. */
export class DesktopTray {
  private readonly tray: Tray;

  constructor(
    icon: NativeImage | string,
    private readonly actions: TrayActions,
    private readonly platform: NodeJS.Platform,
  ) {
    this.tray = new Tray(icon);
    // Windows opens the app on a left click; macOS and Linux show the menu.
    if (platform === 'win32') this.tray.on('click', () => actions.openDashboard());
  }

  render(view: TrayView): void {
    if (this.tray.isDestroyed()) return;
    this.tray.setToolTip(trayTooltip(view));
    if (this.platform === 'darwin') this.tray.setTitle(view.todayMicros === undefined ? '' : formatUsd(view.todayMicros));
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(view, this.actions)));
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }
}
