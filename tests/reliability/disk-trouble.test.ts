import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startServe, stopChild } from '../support/cli.ts';
import { startHarness, tempDir, waitFor, type Harness } from '../support/harness.ts';
import { chatJson, sendJson, startHostileUpstream, type HostileUpstream } from '../support/hostile-upstream.ts';

let h: Harness | undefined;
let up: HostileUpstream | undefined;
let child: ChildProcess | undefined;
let dataDir: string | undefined;
let immutable: string | undefined;
afterEach(async () => {
  if (immutable) execFileSync('chattr', ['-i', immutable]);
  if (child) await stopChild(child, 'SIGKILL');
  await h?.close();
  await up?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  h = up = child = dataDir = immutable = undefined;
});

async function post(harness: Harness): Promise<{ status: number; text: string }> {
  const r = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: r.status, text: await r.text() };
}

async function setup(heartbeatMs = 10): Promise<Harness> {
  up = await startHostileUpstream((_req, res) => sendJson(res, 200, chatJson({ prompt_tokens: 5, completion_tokens: 2 })));
  h = await startHarness({ gateway: { heartbeatMs, configPollMs: 10, cutPollMs: 10 } });
  h.rt.providers.update('oa', { baseUrl: `${up.url}/v1` }, 'test');
  return h;
}

describe('disk trouble', () => {
  it('a read-only database: timers survive, calls fail closed with a clear error, and work again once it is writable', async () => {
    const harness = await setup();
    expect((await post(harness)).status).toBe(200);
    const spent = harness.budget().spent;
    harness.rt.store.db.pragma('query_only = ON'); // every write now fails with SQLITE_READONLY
    await sleep(100); // heartbeats and polls run against the read-only database
    const hitsBefore = up!.hits;
    const r = await post(harness);
    expect(r.status).toBe(503);
    expect(r.text).toMatch(/cannot write to its data folder: the data folder is read-only \(SQLITE_READONLY\)/);
    expect(r.text).not.toMatch(/at .*\.ts:\d+/); // no stack
    expect(up!.hits).toBe(hitsBefore); // nothing forwarded that could not be recorded
    harness.rt.store.db.pragma('query_only = OFF');
    expect(harness.budget()).toMatchObject({ spent, reserved: 0 });
    expect((await post(harness)).status).toBe(200);
    expect(harness.budget().spent).toBeGreaterThan(spent);
  });

  it('a wallet grant the disk refuses fails the call with STORAGE_UNAVAILABLE, not budget_exceeded', async () => {
    const harness = await setup(3_600_000); // no heartbeat notices the disk first: the grant is the first write
    harness.rt.store.db.pragma('query_only = ON');
    const r = await post(harness);
    expect(r.status).toBe(503);
    expect(r.text).toMatch(/cannot write to its data folder: the data folder is read-only \(SQLITE_READONLY\)/);
    expect(r.text).not.toMatch(/budget/);
    expect(up!.hits).toBe(0);
    harness.rt.store.db.pragma('query_only = OFF');
    expect((await post(harness)).status).toBe(200);
    expect(harness.budget().reserved).toBe(0);
  });

  it('a full database (SQLITE_FULL): calls fail closed, nothing recorded is lost, and calls recover with the disk', async () => {
    const harness = await setup();
    const db = harness.rt.store.db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    let refused: { status: number; text: string } | undefined;
    for (let i = 0; i < 300 && !refused; i++) {
      const r = await post(harness);
      if (r.status !== 200) refused = r;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.text).toMatch(/the disk is full \(SQLITE_FULL\)/);
    const settled = harness.calls().filter((c) => c.state === 'settled');
    expect(settled.length).toBeGreaterThan(0);
    expect(harness.budget().spent).toBe(settled.reduce((a, c) => a + c.cost_micros, 0));
    db.pragma('max_page_count = 1073741823');
    expect((await post(harness)).status).toBe(200);
    // A call answered while the disk was full is settled once the disk takes writes again.
    await waitFor(() => harness.budget().reserved === 0, 3_000, 'pending settlements to be written');
    expect(harness.calls().filter((c) => c.state === 'reserved')).toHaveLength(0);
    expect(harness.budget().spent).toBe(harness.calls().reduce((a, c) => a + c.cost_micros, 0));
  });

  it('a log file on a full disk (ENOSPC) neither kills nor wedges the gateway, and SIGTERM still stops it', async () => {
    dataDir = tempDir();
    mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o700 });
    symlinkSync('/dev/full', join(dataDir, 'logs', 'gateway.log'));
    const serve = await startServe([], dataDir);
    child = serve.child;
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`${serve.url}/v1/chat/completions`, { method: 'POST', body: '{}' }); // logged refusals
      expect(r.status).toBe(401);
      await sleep(20);
    }
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => serve.child.once('exit', (code) => resolve(code)));
    serve.child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(8_000).then(() => 'wedged' as const)]);
    expect(code).toBe(0);
    child = undefined;
  });

  it('agent suspend and usage work in a data folder where no file can be created', async () => {
    const harness = await setup();
    expect((await post(harness)).status).toBe(200);
    immutable = harness.dataDir;
    execFileSync('chattr', ['+i', harness.dataDir]); // even root cannot create a file in it now
    const usage = runCli(['usage'], { dataDir: harness.dataDir });
    expect(usage.stderr).toBe('');
    expect(usage.status).toBe(0);
    expect(usage.stdout).toContain('gpt-4o-mini');
    const suspend = runCli(['agent', 'suspend', 'agent-1'], { dataDir: harness.dataDir });
    expect(suspend.stderr).toBe('');
    expect(suspend.status).toBe(0);
    expect(harness.rt.agents.get('agent-1').status).toBe('suspended');
    expect((await post(harness)).status).toBe(403);
  });
});
