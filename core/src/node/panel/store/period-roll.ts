import { periodWindow, type BudgetPeriod } from '../../../domain/period.ts';
import type { Budget } from '../../../panel/budget.ts';
import type { SqlExecutor } from '../../../panel/store-port.ts';
import { agentBudget, teamBudget } from './ledger-repo.ts';

/**
 * Budgets are per period (calendar-aligned in the panel's time zone). The first transaction in a new window starts
 * its `committed` from zero; what open leases reserve carries over, since their money may still be spent.
 */
async function roll(ex: SqlExecutor, table: 'agents' | 'teams', id: string, now: number, timeZone: string): Promise<void> {
  const row = await ex.get<{ period: string; period_key: string }>(`SELECT period, period_key FROM ${table} WHERE id = ?`, [id]);
  if (!row) return;
  const key = periodWindow(row.period as BudgetPeriod, now, timeZone).key;
  if (key !== row.period_key) await ex.run(`UPDATE ${table} SET committed_micros = 0, overshoot_micros = 0, period_key = ? WHERE id = ? AND period_key <> ?`, [key, id, key]);
}

/** The budgets a lease draws on, in the current period. */
export async function currentBudgets(ex: SqlExecutor, agentId: string, teamId: string | null, now: number, timeZone: string): Promise<{ agent: Budget; team: Budget | null }> {
  await roll(ex, 'agents', agentId, now, timeZone);
  if (teamId) await roll(ex, 'teams', teamId, now, timeZone);
  return { agent: await agentBudget(ex, agentId), team: await teamBudget(ex, teamId) };
}
