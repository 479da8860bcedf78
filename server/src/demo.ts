import { randomBytes } from 'node:crypto';
import type { Runtime } from '../../core/src/node/runtime.ts';
import { startEmulator, type RunningEmulator } from './emulator/index.ts';

export const DEMO_AGENT = 'demo';
const DEMO_ACTOR = 'demo';
const DEMO_BUDGET_MICROS = 1_000_000;

export interface Demo {
  emulator: RunningEmulator;
  agentName: string;
  token: string;
}

/**
 * Starts the built-in provider emulator and points a `demo` agent at it (providers `demo-openai` and
 * `demo-anthropic`, a $1 daily budget), so a newcomer sees a metered call without a real key.
 * The agent's token is rotated on every start because a token is only ever shown once.
 */
export async function startDemo(rt: Runtime): Promise<Demo> {
  // A fresh random key each run: it proves the gateway swaps the agent's IC token for the provider key.
  const providerKey = `demo-${randomBytes(16).toString('hex')}`;
  const emulator = await startEmulator({ apiKey: providerKey, chunkDelayMs: 30 });
  const client = rt.client(DEMO_ACTOR);
  try {
    const existing = new Set((await client.call('providers.list', {})).map((p) => p.name));
    for (const [name, type] of [
      ['demo-openai', 'openai'],
      ['demo-anthropic', 'anthropic'],
    ] as const) {
      if (existing.has(name)) {
        await client.call('providers.update', { name, baseUrl: `${emulator.url}/v1` });
        await client.call('providers.rotateKey', { name, key: providerKey });
      } else {
        await client.call('providers.add', { name, type, baseUrl: `${emulator.url}/v1`, key: providerKey });
      }
    }
    const agents = await client.call('agents.list', {});
    let token: string;
    if (agents.some((a) => a.name === DEMO_AGENT)) {
      await client.call('agents.resume', { name: DEMO_AGENT });
      token = (await client.call('tokens.rotate', { agent: DEMO_AGENT })).token;
    } else {
      token = (
        await client.call('agents.create', {
          name: DEMO_AGENT,
          budgetMicros: DEMO_BUDGET_MICROS,
          period: 'daily',
          providerNames: ['demo-openai', 'demo-anthropic'],
        })
      ).token;
    }
    return { emulator, agentName: DEMO_AGENT, token };
  } catch (e) {
    await emulator.close();
    throw e;
  }
}
