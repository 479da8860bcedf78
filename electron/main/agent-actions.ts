import type { ApiClient } from '../../core/src/contract/client.ts';
import { periodWindow } from '../../core/src/domain/period.ts';

/**
 * Suspends every active agent through the contract, so each suspension is validated, audited (actor
 * `desktop`) and cuts that agent's running calls, exactly as `iron-cage agent suspend` would.
 */
export async function pauseAllAgents(client: ApiClient): Promise<{ paused: string[]; failed: string[] }> {
  const agents = await client.call('agents.list', {});
  const paused: string[] = [];
  const failed: string[] = [];
  for (const agent of agents) {
    if (agent.status !== 'active') continue;
    try {
      await client.call('agents.suspend', { name: agent.name });
      paused.push(agent.name);
    } catch {
      failed.push(agent.name);
    }
  }
  return { paused, failed };
}

/** What every agent has spent since midnight in the ledger's time zone (the one budgets use). */
export async function todaySpendMicros(client: ApiClient, now: number): Promise<number> {
  const { timezone } = await client.call('settings.get', {});
  const { start } = periodWindow('daily', now, timezone);
  const rows = await client.call('usage.summary', { since: start });
  return rows.reduce((sum, row) => sum + row.costMicros, 0);
}
