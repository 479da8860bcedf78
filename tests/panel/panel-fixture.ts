import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addProvider, addUser, createAgent, createTeam } from '../../core/src/node/panel/admin-service.ts';
import { enrolDevice, PanelDeviceClient } from '../../core/src/node/panel/device-client.ts';
import { issueEnrolCode } from '../../core/src/node/panel/device-auth.ts';
import type { Actor } from '../../core/src/node/panel/panel-context.ts';
import type { LeasePolicy } from '../../core/src/panel/lease.ts';
import { startPanel, type RunningPanel } from '../../server/src/panel/panel-server.ts';
import { inject } from 'vitest';
import { freshPgDatabase, type Engine } from '../support/pg-db.ts';

export const CLI: Actor = { kind: 'cli' };
export const PROVIDER_KEY = 'sk-panel-test-SECRET-0123456789';

export interface PanelFixture {
  panel: RunningPanel;
  dir: string;
  /** The PostgreSQL database, when the fixture runs on PostgreSQL. */
  databaseUrl: string | undefined;
  close(): Promise<void>;
  device(email?: string, name?: string): Promise<PanelDeviceClient>;
  /** Everything money-bearing in the store, to prove a refused request changed nothing. */
  ledger(): Promise<unknown>;
}

/**
 * A real panel on loopback over a real SQLite file, or a fresh database on the run's throwaway PostgreSQL, with a
 * team, two members, a provider and agents. The engine comes from the vitest project (`node` runs every panel
 * suite on SQLite, `panel-pg` runs them again on PostgreSQL).
 */
export async function startFixture(policy: Partial<LeasePolicy> = {}, extraAgents: Parameters<typeof createAgent>[2][] = [], engine: Engine = inject('panelEngine') ?? 'sqlite'): Promise<PanelFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'ic-panel-'));
  const databaseUrl = engine === 'postgres' ? await freshPgDatabase('panel') : undefined;
  const panel = await startPanel({ host: '127.0.0.1', port: 0, dataDir: dir, databaseUrl, policy, reapEveryMs: 200 });
  const ctx = panel.ctx;
  if (ctx.db.engine !== engine) throw new Error(`the fixture asked for ${engine} and got ${ctx.db.engine}`);
  await createTeam(ctx, CLI, { name: 'core', budgetMicros: 50_000_000 });
  await addUser(ctx, CLI, { email: 'dev@example.com', role: 'member', team: 'core', password: 'correct horse battery' });
  await addUser(ctx, CLI, { email: 'other@example.com', role: 'member', team: 'core', password: 'correct horse battery' });
  await addProvider(ctx, CLI, { name: 'oa', type: 'openai', key: PROVIDER_KEY });
  await createAgent(ctx, CLI, { name: 'bot', owner: 'dev@example.com', budgetMicros: 20_000_000, providers: ['oa'] });
  for (const a of extraAgents) await createAgent(ctx, CLI, a);
  return {
    panel,
    dir,
    databaseUrl,
    async close() {
      await panel.close();
      rmSync(dir, { recursive: true, force: true });
    },
    async device(email = 'dev@example.com', name = 'laptop') {
      const { code } = await issueEnrolCode(ctx, CLI, { user: email });
      const id = await enrolDevice(panel.url, code, { deviceName: name, platform: 'linux', appVersion: 'test' });
      return new PanelDeviceClient(panel.url, id);
    },
    async ledger() {
      const db = ctx.db;
      return {
        agents: await db.all('SELECT id, committed_micros, reserved_micros, overshoot_micros FROM agents ORDER BY id'),
        teams: await db.all('SELECT id, committed_micros, reserved_micros FROM teams ORDER BY id'),
        leases: await db.all('SELECT id, epoch, granted_micros, captured_micros, high_seq, state, expires_at FROM leases ORDER BY id'),
        usage: await db.all('SELECT lease_id, seq, call_id, cost_micros FROM usage_records ORDER BY lease_id, seq'),
      };
    },
  };
}

let call = 0;
/** A usage record as a device reports it: gpt-4o-mini tokens, priced by the panel. */
export function rec(seq: number, tokens = { in: 1_000, out: 500 }, callId = `call-${++call}`) {
  return { seq, callId, provider: 'oa', model: 'gpt-4o-mini', status: 'ok' as const, inputTokens: tokens.in, outputTokens: tokens.out, cacheReadTokens: 0, cacheWriteTokens: 0, clientCostMicros: 450 };
}
