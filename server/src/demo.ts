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
  try {
    for (const [name, type] of [
      ['demo-openai', 'openai'],
      ['demo-anthropic', 'anthropic'],
    ] as const) {
      const existing = rt.store.providers.byName(name);
      if (existing) {
        rt.store.providers.update(existing.id, { baseUrl: `${emulator.url}/v1` }, rt.clock.now());
        await rt.providers.rotateKey(name, providerKey, DEMO_ACTOR);
      } else {
        await rt.providers.add({ name, type, baseUrl: `${emulator.url}/v1`, key: providerKey }, DEMO_ACTOR);
      }
    }
    let token: string;
    if (rt.store.agents.byName(DEMO_AGENT)) {
      rt.agents.setStatus(DEMO_AGENT, 'active', DEMO_ACTOR);
      token = rt.agents.rotateToken(DEMO_AGENT, DEMO_ACTOR).token;
    } else {
      token = rt.agents.create(
        { name: DEMO_AGENT, budgetMicros: DEMO_BUDGET_MICROS, period: 'daily', providerNames: ['demo-openai', 'demo-anthropic'] },
        DEMO_ACTOR,
      ).token;
    }
    return { emulator, agentName: DEMO_AGENT, token };
  } catch (e) {
    await emulator.close();
    throw e;
  }
}
