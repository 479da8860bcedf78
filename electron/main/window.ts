import { BrowserWindow, type Session, type WebContents } from 'electron';
import type { WindowBounds } from './settings.ts';

/**
 * The renderer is a web page with no Node, in Chromium's sandbox, isolated from the preload's world. It reaches
 * main only through the preload's `invoke`/`on`, and main re-validates everything it receives.
 */
export const DASHBOARD_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const;

/** No navigation, no new windows, no webviews: the dashboard is one page, and links never load inside the app. */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The dashboard needs no camera, microphone, location, notifications (main sends those) or anything else. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export interface DashboardWindowOptions {
  /** The built preload script (CommonJS: sandboxed preloads cannot be ES modules). */
  preload: string;
  url: string;
  bounds: WindowBounds;
  icon?: string;
  /** DevTools only outside a packaged app. */
  devTools: boolean;
  /** Called as the window closes, to remember where it was. */
  onClose(bounds: WindowBounds): void;
  onLoadFailed(error: unknown): void;
}

export function openDashboardWindow(o: DashboardWindowOptions): BrowserWindow {
  const { x, y, width, height } = o.bounds;
  const win = new BrowserWindow({
    ...(x !== undefined && y !== undefined ? { x, y } : {}),
    width,
    height,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Iron Cage',
    autoHideMenuBar: true,
    ...(o.icon !== undefined ? { icon: o.icon } : {}),
    webPreferences: { ...DASHBOARD_WEB_PREFERENCES, devTools: o.devTools, preload: o.preload },
  });
  hardenWebContents(win.webContents);
  if (o.bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const b = win.getNormalBounds();
    o.onClose({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  });
  win.loadURL(o.url).catch(o.onLoadFailed);
  return win;
}

/** Drops a remembered position that is on no current display (a monitor was unplugged), keeping the size. */
export function visibleBounds(bounds: WindowBounds, workAreas: readonly { x: number; y: number; width: number; height: number }[]): WindowBounds {
  const { x, y } = bounds;
  if (x === undefined || y === undefined) return bounds;
  const onScreen = workAreas.some((a) => x + 100 > a.x && x < a.x + a.width - 100 && y >= a.y && y < a.y + a.height - 50);
  return onScreen ? bounds : { width: bounds.width, height: bounds.height, maximized: bounds.maximized };
}
