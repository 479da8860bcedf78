import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../../tests/support/harness.ts';
import { DASHBOARD_CSP, dashboardFileFor } from './dashboard-static.ts';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-DASHBOARD';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw request: node:http sends the path exactly as given (fetch and URL would normalise `..`). */
function raw(h: Harness, path: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const { port } = h.gateway;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...o.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

let h: Harness;
let root: string;
let origin: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'iron-cage-dash-'));
  const dir = join(root, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Iron Cage</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("dashboard")');
  writeFileSync(join(dir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(dir, 'assets', 'notes.txt'), 'not a served type');
  writeFileSync(join(root, 'secret.js'), SECRET);
  symlinkSync(join(root, 'secret.js'), join(dir, 'assets', 'link.js'));
  h = await startHarness({ gateway: { dashboardDir: dir } });
  origin = `http://127.0.0.1:${h.gateway.port}`;
});

afterAll(async () => {
  await h.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the dashboard files', () => {
  it('serve the page at / with a strict Content-Security-Policy, and its assets with their types', async () => {
    const page = await raw(h, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("default-src 'self'");
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).toContain('<title>Iron Cage</title>');
    // The page is public (it shows the login form); the query string (a login code) changes nothing.
    expect((await raw(h, '/?code=whatever')).status).toBe(200);

    const js = await raw(h, '/assets/app.js');
    expect(js).toMatchObject({ status: 200, body: 'console.log("dashboard")' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await raw(h, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await raw(h, '/', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect((await raw(h, '/', { method: 'POST' })).status).toBe(405);
  });

  it('never serve a file outside the folder, however the path is spelled', async () => {
    for (const path of [
      '/assets/../../secret.js',
      '/assets/../secret.js',
      '/assets/%2e%2e/%2e%2e/secret.js',
      '/assets/%2E%2E%2F%2E%2E%2Fsecret.js',
      '/assets/..%2f..%2fsecret.js',
      '/assets/..%5c..%5csecret.js',
      '/assets/..\\..\\secret.js',
      '/assets//etc/passwd.js',
      '/assets/%2fetc%2fpasswd.js',
      '/assets/./app.js',
      '/assets/app.js%00.css',
      '/assets/%ff.js',
      '/assets/link.js',
      '/assets/notes.txt',
      '/assets/missing.js',
      '/assets/',
    ]) {
      const r = await raw(h, path);
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
      expect(r.body).not.toContain(SECRET);
    }
  });

  it('map only plain relative paths to files', () => {
    expect(dashboardFileFor('/')).toBe('index.html');
    expect(dashboardFileFor('/assets/a-1.js')).toBe('assets/a-1.js');
    expect(dashboardFileFor('/assets/%61.js')).toBe('assets/a.js');
    expect(dashboardFileFor('/assets/../x.js')).toBeNull();
    expect(dashboardFileFor('/assets/%2e%2e/x.js')).toBeNull();
    expect(dashboardFileFor('/assets/a.exe')).toBeNull();
  });

  it('refuse a foreign Host (DNS rebinding)', async () => {
    const r = await raw(h, '/', { headers: { host: 'evil.example:8733' } });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('<title>');
  });

  it('say how to build the dashboard when it is missing', async () => {
    const bare = await startHarness({ gateway: { dashboardDir: join(root, 'nowhere') } });
    try {
      const r = await raw(bare, '/');
      expect(r.status).toBe(503);
      expect(r.body).toContain('npm run build');
      expect((await raw(bare, '/assets/app.js')).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('dashboard login', () => {
  const json = { 'content-type': 'application/json' };
  const login = (body: unknown, headers: Record<string, string> = {}) =>
    raw(h, '/admin/login', { method: 'POST', headers: { ...json, origin, ...headers }, body: JSON.stringify(body) });
  const cookieOf = (r: Reply): string => {
    const set = r.headers['set-cookie']?.[0] ?? '';
    return set.split(';')[0]!;
  };
  const listAgents = (headers: Record<string, string>) => raw(h, '/admin/api/agents.list', { method: 'POST', headers: { ...json, ...headers }, body: '{}' });

  it('exchanges the one-time code from the printed URL for an HttpOnly, SameSite=Strict session cookie, once', async () => {
    const url = new URL(h.gateway.dashboardLoginUrl());
    expect(url.origin).toBe(h.gateway.url);
    const code = url.searchParams.get('code')!;
    const r = await login({ code });
    expect(r.status).toBe(200);
    const setCookie = r.headers['set-cookie']![0]!;
    expect(setCookie).toMatch(new RegExp(`^ic_session_${h.gateway.port}=[A-Za-z0-9_-]{43}; `));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(r.body).not.toContain(cookieOf(r).split('=')[1]!);

    const cookie = cookieOf(r);
    expect((await listAgents({ cookie, origin })).status).toBe(200);
    expect(JSON.parse((await raw(h, '/admin/session', { headers: { cookie } })).body)).toEqual({ result: { authenticated: true } });
    // Single use.
    expect(await login({ code })).toMatchObject({ status: 401 });
  });

  it('accepts the admin token pasted in, and refuses anything else', async () => {
    expect((await login({ token: h.gateway.adminToken })).status).toBe(200);
    expect((await login({ token: 'ica_wrong' })).status).toBe(401);
    expect((await login({ token: h.token })).status).toBe(401);
    expect((await login({ code: 'made-up' })).status).toBe(401);
    expect((await login({ code: 'x', token: h.gateway.adminToken })).status).toBe(400);
    // A cross-site form can post text/plain without a preflight; only JSON is read.
    const form = await raw(h, '/admin/login', { method: 'POST', headers: { 'content-type': 'text/plain', origin }, body: JSON.stringify({ token: h.gateway.adminToken }) });
    expect(form.status).toBe(400);
    expect(form.headers['set-cookie']).toBeUndefined();
    expect((await login({ token: h.gateway.adminToken }, { origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await login({ token: h.gateway.adminToken }, { host: 'evil.example' })).status).toBe(403);
    expect((await raw(h, '/admin/login')).status).toBe(405);
  });

  it('accepts the cookie only from this origin, and not after logout', async () => {
    const cookie = cookieOf(await login({ token: h.gateway.adminToken }));
    expect((await listAgents({ cookie, origin })).status).toBe(200);
    // Another local origin is "same-site" for SameSite, so the browser would send the cookie: Origin stops it.
    expect((await listAgents({ cookie, origin: 'http://127.0.0.1:9999' })).status).toBe(403);
    expect((await listAgents({ cookie })).status).toBe(401);
    expect((await listAgents({ cookie, origin, 'sec-fetch-site': 'same-site' })).status).toBe(401);
    expect((await listAgents({ cookie: `ic_session_${h.gateway.port}=forged`, origin })).status).toBe(401);
    expect((await listAgents({ cookie: cookie.replace(`ic_session_${h.gateway.port}`, 'ic_session_1'), origin })).status).toBe(401);

    const events = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: h.gateway.port, path: '/admin/api/events', headers: { host: `127.0.0.1:${h.gateway.port}`, cookie } }, (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.end();
    });
    expect(events).toBe(200);

    const out = await raw(h, '/admin/logout', { method: 'POST', headers: { cookie, origin } });
    expect(out.status).toBe(200);
    expect(out.headers['set-cookie']![0]).toContain('Max-Age=0');
    expect((await listAgents({ cookie, origin })).status).toBe(401);
    expect(JSON.parse((await raw(h, '/admin/session', { headers: { cookie } })).body)).toEqual({ result: { authenticated: false } });
  });
});
