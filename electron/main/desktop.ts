import { join } from 'node:path';
import { app, type BrowserWindow, ipcMain, Notification, nativeTheme, protocol, safeStorage, screen, session } from 'electron';
import Store from 'electron-store';
import { isAppError } from '../../core/src/domain/errors.ts';
import { startGateway, type RunningGateway } from '../../core/src/node/gateway/start-gateway.ts';
import { KeyFileSecretStore } from '../../core/src/node/key-file-secret-store.ts';
import { SECRET_KEY_FILE } from '../../core/src/node/paths.ts';
import { openRuntime } from '../../core/src/node/runtime.ts';
import { pauseAllAgents, todaySpendMicros } from './agent-actions.ts';
import { APP_SCHEME, createAppRequestHandler } from './app-protocol.ts';
import { watchBudgets } from './budget-notifications.ts';
import { DEV_CONTENT_SECURITY_POLICY } from './content-security-policy.ts';
import { bindDashboardIpc } from './dashboard-ipc.ts';
import { applyStartAtLogin } from './login-item.ts';
import { chooseSecretStore } from './safe-storage-secret-store.ts';
import { originOf } from './sender-check.ts';
import { SettingsStore } from './settings.ts';
import { quitGracefully } from './shutdown.ts';
import { DesktopTray } from './tray.ts';
import { TrayPresenter } from './tray-presenter.ts';
import { denyAllPermissions, openDashboardWindow, visibleBounds } from './window.ts';

export interface DesktopOptions {
  dataDir: string;
  /** The built preload (out/preload/index.cjs) and renderer (out/renderer). */
  preload: string;
  rendererRoot: string;
  /** The dashboard's URL: `app://iron-cage/index.html`, or the Vite dev server's. */
  dashboardUrl: string;
  /** Icons shipped in resources/icons. */
  iconDir: string;
  /** Started at login: stay in the tray until asked. */
  startHidden: boolean;
}

/** How long quitting waits for calls in flight before cutting them. */
const DRAIN_MS = 10_000;

/** The desktop app: the gateway and the ledger in this process, the dashboard window, the tray. */
export async function startDesktop(o: DesktopOptions): Promise<void> {
  const settingsFile = new Store<Record<string, unknown>>({ name: 'desktop-settings', cwd: o.dataDir, clearInvalidConfig: true });
  const settings = new SettingsStore({ read: () => settingsFile.store, write: (v) => void (settingsFile.store = v) });
  nativeTheme.themeSource = settings.get().theme;

  const { store: secrets, protection } = chooseSecretStore({
    safeStorage,
    platform: process.platform,
    keyFile: () => new KeyFileSecretStore(join(o.dataDir, SECRET_KEY_FILE)),
  });
  const rt = openRuntime({
    dataDir: o.dataDir,
    secrets,
    host: 'desktop',
    ...(protection.warning ? { secretStoreWarning: protection.warning } : {}),
  });
  const log = rt.logger;
  const logError = (msg: string) => (e: unknown) => log.error(msg, { error: e instanceof Error ? e.message : String(e) });
  if (protection.warning) log.warn('provider keys are not protected by the OS keychain', { backend: protection.backend ?? null });

  protocol.handle(APP_SCHEME, createAppRequestHandler(o.rendererRoot));
  denyAllPermissions(session.defaultSession);
  const origin = originOf(o.dashboardUrl) ?? '';
  if (!o.dashboardUrl.startsWith(`${APP_SCHEME}:`)) {
    session.defaultSession.webRequest.onHeadersReceived(({ responseHeaders }, callback) =>
      callback({ responseHeaders: { ...responseHeaders, 'Content-Security-Policy': [DEV_CONTENT_SECURITY_POLICY] } }),
    );
  }

  let gateway: RunningGateway | undefined;
  let gatewayError = 'starting';
  try {
    // The window is the dashboard here: the web one (which needs a login code from `serve`) stays off.
    gateway = await startGateway(rt, { host: '127.0.0.1', port: settings.get().gatewayPort, dashboardDir: null });
  } catch (e) {
    gatewayError = isAppError(e) ? e.message : 'it could not start; see the log';
    logError('the gateway did not start')(e);
  }

  let win: BrowserWindow | undefined;
  const windows = () => (win && !win.isDestroyed() ? [win] : []);
  const openDashboard = (): void => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      return;
    }
    win = openDashboardWindow({
      preload: o.preload,
      url: o.dashboardUrl,
      bounds: visibleBounds(settings.get().window, screen.getAllDisplays().map((d) => d.workArea)),
      icon: join(o.iconDir, 'icon.png'),
      devTools: !app.isPackaged,
      onClose: (bounds) => settings.update({ window: bounds }),
      onLoadFailed: logError('the dashboard did not load'),
    });
    win.on('closed', () => (win = undefined));
  };
  const unbindIpc = bindDashboardIpc(ipcMain, rt, { origin, windows });

  const notify = (n: { title: string; body: string }): void => {
    if (!Notification.isSupported()) return;
    const shown = new Notification({ title: n.title, body: n.body });
    shown.on('click', openDashboard);
    shown.show();
  };
  const stopWatchingBudgets = watchBudgets(rt.events, () => settings.get().notifications, notify);

  const desktop = rt.client('desktop');
  const loginItemAvailable = app.isPackaged;
  const setStartAtLogin = (on: boolean): void => {
    settings.update({ startAtLogin: on });
    if (!loginItemAvailable) return;
    try {
      applyStartAtLogin(on, { platform: process.platform, env: process.env, execPath: process.execPath, setLoginItemSettings: (s) => app.setLoginItemSettings(s) });
    } catch (e) {
      logError('could not change start at login')(e);
    }
  };
  const trayIcon = join(o.iconDir, process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png');
  const tray = new DesktopTray(
    trayIcon,
    {
      openDashboard,
      pauseAll: () => {
        pauseAllAgents(desktop).then(({ paused, failed }) => {
          const body = failed.length > 0 ? `Could not pause: ${failed.join(', ')}.` : 'Their new calls are refused and running calls were cut.';
          notify({ title: paused.length === 1 ? 'Paused 1 agent' : `Paused ${paused.length} agents`, body });
        }, logError('pause all agents failed'));
      },
      setNotification: (which, on) => presenter.set({ settings: settings.update({ notifications: { ...settings.get().notifications, [which]: on } }) }),
      setStartAtLogin: (on) => {
        setStartAtLogin(on);
        presenter.set({ settings: settings.get() });
      },
      setTheme: (theme) => {
        nativeTheme.themeSource = theme;
        presenter.set({ settings: settings.update({ theme }) });
      },
      quit: () => app.quit(),
    },
    process.platform,
  );
  const presenter = new TrayPresenter(
    tray,
    {
      todayMicros: undefined,
      gateway: gateway ? { url: gateway.url } : { error: gatewayError },
      keyWarning: protection.warning,
      settings: settings.get(),
      loginItemAvailable,
      stopping: false,
    },
    () => todaySpendMicros(desktop, Date.now()),
    logError('could not read today\'s spend'),
  );
  presenter.start(rt.events);
  if (loginItemAvailable && settings.get().startAtLogin) setStartAtLogin(true);

  app.on('second-instance', openDashboard);
  app.on('activate', openDashboard);
  // Closing the window keeps the gateway running in the tray; only Quit stops it.
  app.on('window-all-closed', () => undefined);
  quitGracefully(
    app,
    async () => {
      presenter.set({ stopping: true });
      presenter.stop();
      stopWatchingBudgets();
      await gateway?.close(DRAIN_MS);
      unbindIpc();
      tray.destroy();
      rt.close();
    },
    logError('shutdown failed'),
  );

  if (!o.startHidden) openDashboard();
}
