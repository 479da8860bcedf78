import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addProvider, addUser, createAgent, createTeam, setAgentBudget } from '../../core/src/node/panel/admin-service.ts';
import { issueEnrolCode } from '../../core/src/node/panel/device-auth.ts';
import { enrolDevice, PanelDeviceClient, type DeviceEvent } from '../../core/src/node/panel/device-client.ts';
import { openPanel } from '../../core/src/node/panel/open-panel.ts';
import type { PanelContext } from '../../core/src/node/panel/panel-context.ts';
import { verifyAudit } from '../../core/src/node/panel/store/audit-repo.ts';
import { runCli } from '../support/cli.ts';
import { startPanelProcess, type PanelProcess } from '../support/panel-process.ts';
import { freshPgDatabase } from '../support/pg-db.ts';
import { startRoundRobinProxy, type RunningProxy } from '../support/round-robin-proxy.ts';
import { CALL_MICROS, followEvents, spendOut, spreadingFetch, type SpentRecord } from '../support/spending-device.ts';

const CLI_ACTOR = { kind: 'cli' } as const;
const LIMIT = 20_000; // $0.02: about 44 calls of 450 µ$ over three devices, all in the last mile (one call per lease): the hardest race, and cheap

let dir: string;
let url: string;
let ctx: PanelContext;
let instances: PanelProcess[] = [];
let proxy: RunningProxy;
const devices: PanelDeviceClient[] = [];
const streams = new AbortController();
const heard: { device: number; event: DeviceEvent; at: number }[][] = [[], [], []];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await sleep(50);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ic-panel-multi-'));
  url = await freshPgDatabase('multi');
  // Seeding first also creates the panel keys in the shared folder, which every instance then loads.
  ctx = openPanel({ dataDir: dir, databaseUrl: url });
  await createTeam(ctx, CLI_ACTOR, { name: 'core' });
  await addUser(ctx, CLI_ACTOR, { email: 'dev@example.com', role: 'member', team: 'core', password: 'correct horse battery' });
  await addProvider(ctx, CLI_ACTOR, { name: 'oa', type: 'openai', key: 'sk-multi-test-SECRET' });
  await createAgent(ctx, CLI_ACTOR, { name: 'bot', owner: 'dev@example.com', budgetMicros: LIMIT, providers: ['oa'] });
  const args = ['--database-url', url, '--data-dir', dir, '--lease-ttl-s', '4', '--settle-window-s', '1'];
  instances = await Promise.all([0, 1, 2].map(() => startPanelProcess(args)));
  proxy = await startRoundRobinProxy(instances.map((p) => ({ host: '127.0.0.1', port: p.port })));
  const f = spreadingFetch();
  for (let i = 0; i < 3; i++) {
    const { code } = await issueEnrolCode(ctx, CLI_ACTOR, { user: 'dev@example.com' });
    devices.push(new PanelDeviceClient(proxy.url, await enrolDevice(proxy.url, code, { deviceName: `dev-${i}`, platform: 'linux', appVersion: 'test' }, f), f));
  }
  devices.forEach((d, i) => void followEvents(d, (event) => heard[i]!.push({ device: i, event, at: Date.now() }), streams.signal));
}, 60_000);

afterAll(async () => {
  streams.abort();
  await proxy?.close();
  await Promise.all(instances.map((p) => p.stop(true)));
  await ctx?.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('several panel instances on one PostgreSQL database, behind a round-robin balancer', () => {
  it('three devices spend one agent out while an instance is killed: overshoot 0, no usage lost or doubled', async () => {
    let batches = 0;
    const killAt = 5;
    let killed: Promise<void> | null = null;
    const onBatch = (): void => {
      // Kill one instance under load, by its pid, with no chance to finish what it was doing.
      if (++batches === killAt) killed = instances[2]!.stop(true);
    };
    const deadline = Date.now() + 80_000;
    const spent: SpentRecord[][] = await Promise.all(devices.map((d, i) => spendOut(d, { agent: 'bot', tag: `d${i}`, batch: 4, deadline, onBatch })));
    expect(killed).not.toBeNull();
    await killed;
    expect(instances[2]!.child.signalCode).toBe('SIGKILL');

    const all = spent.flat();
    // Every device took part, through more than one instance.
    for (const s of spent) expect(s.length).toBeGreaterThan(0);
    expect(proxy.counts.filter((n) => n > 0).length).toBe(3);

    // Nothing lost, nothing doubled: the panel holds exactly the records the devices had acknowledged.
    const rows = await ctx.db.all<{ lease_id: string; seq: number; call_id: string }>('SELECT lease_id, seq, call_id FROM usage_records ORDER BY call_id');
    expect(rows.map((r) => `${r.lease_id}#${r.seq}#${r.call_id}`).sort()).toEqual(all.map((r) => `${r.lease}#${r.seq}#${r.callId}`).sort());

    // Leases orphaned by the kill (granted, answer lost) lapse through the reapers of the surviving instances.
    await until(async () => Number((await ctx.db.get<{ r: number }>("SELECT reserved_micros AS r FROM agents WHERE name = 'bot'"))?.r) === 0, 20_000);
    const agent = await ctx.db.get<{ committed_micros: number; reserved_micros: number; overshoot_micros: number }>("SELECT committed_micros, reserved_micros, overshoot_micros FROM agents WHERE name = 'bot'");
    expect(agent!.committed_micros).toBe(all.length * CALL_MICROS);
    expect(agent!.committed_micros).toBeLessThanOrEqual(LIMIT);
    expect(agent!.overshoot_micros).toBe(0);
    // The budget was actually spent out, not abandoned: less than one call per device is left.
    expect(LIMIT - agent!.committed_micros).toBeLessThan(3 * CALL_MICROS * 4);

    // Two reapers ran at once the whole time: each lease moved through each state once, and the chain holds.
    const twice = await ctx.db.all("SELECT target, action, COUNT(*) AS n FROM panel_audit WHERE action IN ('lease.expired', 'lease.settled', 'lease.closed') GROUP BY target, action HAVING COUNT(*) > 1");
    expect(twice).toEqual([]);
    expect((await verifyAudit(ctx.db)).ok).toBe(true);
  }, 120_000);

  it('a stop issued anywhere reaches every device within 2 s, whichever instance holds its stream', async () => {
    // First prove every stream is live (some reconnected through the balancer after the kill).
    await setAgentBudget(ctx, CLI_ACTOR, 'bot', LIMIT);
    await until(() => heard.every((h) => h.some((e) => e.event.event === 'budget.changed')), 10_000);

    // The stop comes from a separate process (the CLI on the shared store): only LISTEN/NOTIFY can carry it to
    // the instances, whose own polling is a 5 s safety net.
    const r = runCli(['panel', 'agent', 'suspend', 'bot', '--database-url', url, '--data-dir', dir]);
    expect(r.status, r.stderr).toBe(0);
    const issued = Date.now();
    await until(() => heard.every((h) => h.some((e) => e.event.event === 'agent.stopped')), 5_000);
    const latest = Math.max(...heard.map((h) => h.find((e) => e.event.event === 'agent.stopped')!.at));
    expect(latest - issued).toBeLessThanOrEqual(2_000);
  }, 30_000);
});
