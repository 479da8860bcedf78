import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { openRuntime, type Runtime } from '../../core/src/node/runtime.ts';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../core/src/node/gateway/start-gateway.ts';
import { createFileLogger } from '../../core/src/node/file-logger.ts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../server/src/emulator/index.ts';

export const PROVIDER_KEY = 'sk-test-PROVIDER-KEY-0123456789abcdefXYZ';

export interface Harness {
  dataDir: string;
  rt: Runtime;
  emu: RunningEmulator;
  gateway: RunningGateway;
  token: string;
  openai: OpenAI;
  anthropic: Anthropic;
  /** Spent + reserved of an agent in its current window. */
  budget(agent?: string): { spent: number; reserved: number; limit: number };
  calls(): CallRow[];
  close(): Promise<void>;
}

export interface CallRow {
  id: string;
  agent_name: string;
  model: string;
  state: string;
  outcome: string;
  reserved_micros: number;
  cost_micros: number;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  usage_estimated: number;
  http_status: number | null;
  stream: number;
}

export interface HarnessOptions {
  budgetUsd?: number;
  period?: 'total' | 'hourly' | 'daily' | 'weekly' | 'monthly';
  models?: string[] | null;
  gateway?: GatewayOptions;
  emulator?: EmulatorOptions;
}

export function tempDir(prefix = 'iron-cage-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real gateway on loopback, over a real SQLite file, in front of the emulator; SDK clients pointed at it. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const dataDir = tempDir();
  const emu = await startEmulator({ apiKey: PROVIDER_KEY, ...opts.emulator });
  const rt = openRuntime({ dataDir, logger: createFileLogger(join(dataDir, 'logs'), 'debug') });
  await rt.providers.add({ name: 'oa', type: 'openai', baseUrl: `${emu.url}/v1`, key: PROVIDER_KEY }, 'test');
  await rt.providers.add({ name: 'an', type: 'anthropic', baseUrl: `${emu.url}/v1`, key: PROVIDER_KEY }, 'test');
  const { token } = rt.agents.create(
    {
      name: 'agent-1',
      budgetMicros: Math.round((opts.budgetUsd ?? 5) * 1e6),
      period: opts.period ?? 'total',
      allowedModels: opts.models ?? null,
      providerNames: ['oa', 'an'],
    },
    'test',
  );
  const gateway = await startGateway(rt, { port: 0, ...opts.gateway });
  const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: token, maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: token, maxRetries: 0 });
  return {
    dataDir,
    rt,
    emu,
    gateway,
    token,
    openai,
    anthropic,
    budget(agent = 'agent-1') {
      const a = rt.agents.get(agent);
      return { spent: a.budget.spentMicros, reserved: a.budget.reservedMicros, limit: a.budget.limitMicros };
    },
    calls: () => (rt.journal.flush(), rt.store.db).prepare('SELECT * FROM calls ORDER BY started_at, rowid').all() as CallRow[],
    async close() {
      await gateway.close(1_000);
      await emu.close();
      rt.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns true, for at most `ms`. */
export async function waitFor(check: () => boolean, ms = 3_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
