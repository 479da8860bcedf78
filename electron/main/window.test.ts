import { describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

// A BrowserWindow that records what it was built with and which handlers were installed on its webContents.
const fake = vi.hoisted(() => {
  class FakeWebContents {
    handlers = new Map<string, Handler>();
    openHandler: Handler | undefined;
    on(event: string, handler: Handler) {
      this.handlers.set(event, handler);
      return this;
    }
    setWindowOpenHandler(handler: Handler) {
      this.openHandler = handler;
    }
  }
  class FakeBrowserWindow {
    static last: FakeBrowserWindow | undefined;
    webContents = new FakeWebContents();
    events = new Map<string, Handler>();
    loaded: string | undefined;
    maximized = false;
    constructor(readonly options: Record<string, unknown>) {
      FakeBrowserWindow.last = this;
    }
    on(event: string, handler: Handler) {
      this.events.set(event, handler);
      return this;
    }
    once(event: string, handler: Handler) {
      return this.on(event, handler);
    }
    maximize() {
      this.maximized = true;
    }
    isMaximized() {
      return this.maximized;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
  }
  return { FakeBrowserWindow };
});
vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow }));

const { denyAllPermissions, openDashboardWindow, visibleBounds } = await import('./window.ts');
const { createAppRequestHandler } = await import('./app-protocol.ts');
const { DASHBOARD_CSP: CONTENT_SECURITY_POLICY } = await import('../../core/src/node/admin/dashboard-static.ts');

function open(onClose = vi.fn()) {
  openDashboardWindow({
    preload: '/app/out/preload/index.cjs',
    url: 'app://iron-cage/index.html',
    bounds: { width: 1200, height: 800, maximized: true },
    devTools: false,
    onClose,
    onLoadFailed: vi.fn(),
  });
  return fake.FakeBrowserWindow.last!;
}

describe('the dashboard window', () => {
  it('runs the renderer isolated, sandboxed and without Node', () => {
    const win = open();
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(win.loaded).toBe('app://iron-cage/index.html');
  });

  it('denies navigation, new windows and webviews', () => {
    const win = open();
    for (const event of ['will-navigate', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      win.webContents.handlers.get(event)!({ preventDefault }, 'https://evil.example/');
      expect(preventDefault).toHaveBeenCalled();
    }
    expect(win.webContents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('remembers where it was when it closes', () => {
    const onClose = vi.fn();
    const win = open(onClose);
    expect(win.maximized).toBe(true);
    win.events.get('close')!();
    expect(onClose).toHaveBeenCalledWith({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
  });

  it('forgets a position on a display that is gone', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(visibleBounds({ x: 100, y: 100, width: 800, height: 600, maximized: false }, screen)).toMatchObject({ x: 100, y: 100 });
    expect(visibleBounds({ x: 3000, y: 100, width: 800, height: 600, maximized: false }, screen)).toEqual({ width: 800, height: 600, maximized: false });
  });

  it('grants no permission to the page', () => {
    let request: Handler | undefined;
    let check: Handler | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (h: Handler | null) => void (request = h ?? undefined),
      setPermissionCheckHandler: (h: Handler | null) => void (check = h ?? undefined),
    } as never);
    const callback = vi.fn();
    request!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(check!({}, 'notifications')).toBe(false);
  });
});

describe('the app:// protocol', () => {
  const files: Record<string, string> = {
    '/r/index.html': '<!doctype html><script type="module" src="./assets/index.js"></script>',
    '/r/assets/index.js': 'console.log(1)',
    '/secret.txt': 'TOP SECRET',
  };
  const handle = createAppRequestHandler('/r', async (file) => {
    const body = files[file];
    if (body === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return Buffer.from(body);
  });
  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

  it('serves the built dashboard with a strict CSP on the page', async () => {
    const page = await get('app://iron-cage/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<script');
    const script = await get('app://iron-cage/assets/index.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('app://iron-cage/agents/bot')).status).toBe(200);
  });

  it('serves nothing outside its folder, its host or GET', async () => {
    // The URL parser folds `..` and `%2e%2e` away; an encoded slash survives it and is refused here.
    expect(await (await get('app://iron-cage/../secret.txt')).text()).not.toContain('TOP SECRET');
    expect((await get('app://iron-cage/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('app://iron-cage/assets%2f..%2f..%2fsecret.txt')).status).toBe(403);
    expect(await (await get('app://iron-cage/..%5csecret.txt')).text()).not.toContain('TOP SECRET');
    expect((await get('app://iron-cage/assets/%00.js')).status).toBe(400);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://iron-cage/missing.js')).status).toBe(404);
    expect((await get('app://iron-cage/index.html', 'POST')).status).toBe(405);
  });

  it('allows no inline or remote script, no eval and no framing', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
