import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, protocol } from 'electron';
import { defaultDataDir } from '../../core/src/node/paths.ts';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES } from './app-protocol.ts';
import { startDesktop } from './desktop.ts';
import { HIDDEN_ARG } from './login-item.ts';
import { hardenWebContents } from './window.ts';

// Electron main entry: everything that must happen before `ready`, then the desktop app.
const here = dirname(fileURLToPath(import.meta.url));
// The CLI's folder: `iron-cage` commands administer the app's own ledger. Chromium's files go in a sub-folder,
// which also scopes the single-instance lock to the data folder.
const dataDir = defaultDataDir();
const userData = join(dataDir, 'desktop');
mkdirSync(userData, { recursive: true, mode: 0o700 });
app.setName('Iron Cage');
app.setPath('userData', userData);
if (process.platform === 'win32') app.setAppUserModelId('dev.iron-cage.desktop');
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Every web page the app ever creates, not only our window, may neither navigate nor open windows.
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

function fail(e: unknown): void {
  dialog.showErrorBox('Iron Cage could not start', e instanceof Error ? e.message : String(e));
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  // Another Iron Cage owns this data folder: it shows its window (second-instance) and we leave.
  app.quit();
} else {
  const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  // Packaged, resources/ is unpacked next to app.asar (electron-builder's asarUnpack).
  const resources = join(app.getAppPath().replace(/app\.asar$/, 'app.asar.unpacked'), 'resources');
  const startHidden = process.argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  app
    .whenReady()
    .then(() =>
      startDesktop({
        dataDir,
        preload: join(here, '../preload/index.cjs'),
        rendererRoot: join(here, '../renderer'),
        dashboardUrl: devServer ?? APP_ENTRY_URL,
        iconDir: join(resources, 'icons'),
        startHidden,
      }),
    )
    .catch(fail);
}
