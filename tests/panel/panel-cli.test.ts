import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.ts';

const COMMANDS = [
  'serve',
  'user add',
  'team create',
  'provider add',
  'agent create',
  'agent list',
  'agent suspend',
  'agent resume',
  'agent budget',
  'device enroll-code',
  'device list',
  'device revoke',
  'lease list',
  'lease revoke',
  'usage',
  'audit verify',
];

const run = promisify(execFile);
let dir: string;
const env = (): Record<string, string> => ({ IRON_CAGE_PANEL_DATA_DIR: dir, PW: 'correct horse battery', KEY: 'sk-cli-test-0123456789' });
const json = (args: string[]): unknown => {
  const r = runCli(args, { env: env() });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ic-panel-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// Each case spawns the real CLI many times; on a loaded machine one spawn can take seconds.
describe('iron-cage panel CLI', { timeout: 120_000 }, () => {
  it('answers --help on every command with its own usage line', async () => {
    // Four at a time: each is a real process.
    for (let i = 0; i < COMMANDS.length; i += 4) {
      const batch = COMMANDS.slice(i, i + 4);
      const outs = await Promise.all(batch.map((c) => run(process.execPath, [CLI, 'panel', ...c.split(' '), '--help'], { encoding: 'utf8', timeout: 60_000 })));
      outs.forEach((o, j) => expect(o.stdout).toContain(`iron-cage panel ${batch[j]}`));
    }
  });

  it('administers the store: users, team, provider, agent (token once), code, lists, audit; money in µ$', () => {
    json(['panel', 'user', 'add', 'lead@example.com', '--role', 'lead', '--password-env', 'PW', '--json']);
    const team = json(['panel', 'team', 'create', 'core', '--lead', 'lead@example.com', '--budget-usd', '100', '--json']) as { budgetMicros: number };
    expect(team.budgetMicros).toBe(100_000_000);
    json(['panel', 'user', 'add', 'dev@example.com', '--role', 'member', '--team', 'core', '--password-env', 'PW', '--json']);
    const provider = runCli(['panel', 'provider', 'add', 'oa', '--type', 'openai', '--key-env', 'KEY'], { env: env() });
    expect(provider.stdout).not.toContain('sk-cli-test-0123456789');
    const created = json(['panel', 'agent', 'create', 'bot', '--owner', 'dev@example.com', '--budget-usd', '12.5', '--provider', 'oa', '--json']) as { token: string; agent: { budgetMicros: number } };
    expect(created.token).toMatch(/^ic_/);
    expect(created.agent.budgetMicros).toBe(12_500_000);
    const list = json(['panel', 'agent', 'list', '--json']) as { name: string; tokenPrefix: string }[];
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect((json(['panel', 'agent', 'budget', 'bot', '--usd', '20', '--json']) as { budgetMicros: number }).budgetMicros).toBe(20_000_000);
    expect((json(['panel', 'agent', 'suspend', 'bot', '--json']) as { status: string }).status).toBe('suspended');
    const code = json(['panel', 'device', 'enroll-code', '--user', 'dev@example.com', '--json']) as { code: string };
    expect(code.code).toMatch(/^ice_/);
    expect(json(['panel', 'device', 'list', '--json'])).toEqual([]);
    expect(json(['panel', 'lease', 'list', '--json'])).toEqual([]);
    expect(json(['panel', 'usage', '--json'])).toEqual({ records: [], totalMicros: 0 });
    expect(json(['panel', 'audit', 'verify', '--json'])).toMatchObject({ ok: true, broken: null });
    // Bad input changes nothing and says why.
    const bad = runCli(['panel', 'agent', 'create', 'bot', '--owner', 'dev@example.com', '--budget-usd', '1'], { env: env() });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('already exists');
    expect(runCli(['panel', 'user', 'add', 'x@example.com', '--role', 'root', '--password-env', 'PW'], { env: env() }).status).not.toBe(0);
    // The key is nowhere in clear in the data folder.
    const db = readFileSync(join(dir, 'panel.db'));
    expect(db.includes(Buffer.from('sk-cli-test-0123456789'))).toBe(false);
  });

  it('serves HTTPS with --tls-cert/--tls-key and carries the certificate fingerprint in enrolment codes', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const fp = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).split('=')[1]!.trim().replace(/:/g, '').toLowerCase();
    const child: ChildProcess = spawn(process.execPath, [CLI, 'panel', 'serve', '--port', '0', '--tls-cert', cert, '--tls-key', key], { env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`panel did not start: ${out}`)), 15_000);
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (https:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const health = await new Promise<string>((resolve, reject) => {
        request(`${url}/healthz`, { ca: readFileSync(cert) }, (res) => {
          let b = '';
          res.on('data', (d: Buffer) => (b += d.toString()));
          res.on('end', () => resolve(b));
        })
          .on('error', reject)
          .end();
      });
      expect(JSON.parse(health)).toMatchObject({ ok: true });
      const code = json(['panel', 'device', 'enroll-code', '--user', 'dev@example.com', '--json']) as { code: string; panelUrl: string };
      expect(code.code.endsWith(`~${fp}`)).toBe(true);
      expect(code.panelUrl).toBe(url);
      const remote = runCli(['panel', 'serve', '--host', '0.0.0.0', '--port', '0'], { env: env() });
      expect(remote.status).toBe(1);
      expect(remote.stderr).toContain('--allow-remote');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
