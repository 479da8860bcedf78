import type { Db } from '../db/open-database.ts';

/**
 * Notices changes to agents (budget, status) made by any process: while the database changes, compares each
 * agent's `updated_at` with the last one seen and reports the agents that changed. Also ticks `onTick`
 * (idle wallets give their money back) on the same timer.
 */
export function watchAgentChanges(
  db: Db,
  dataVersion: () => number,
  pollMs: number,
  onChanged: (agentIds: Set<string>) => void,
  onTick: () => void,
): { check(): void; stop(): void } {
  const stamps = db.prepare<[], { id: string; updated_at: number }>('SELECT id, updated_at FROM agents');
  let seen = new Map(stamps.all().map((r) => [r.id, r.updated_at] as const));
  let version = dataVersion();
  const check = (): void => {
    const next = new Map(stamps.all().map((r) => [r.id, r.updated_at] as const));
    const changed = new Set<string>();
    for (const [id, at] of seen) if (next.get(id) !== at) changed.add(id);
    seen = next;
    if (changed.size > 0) onChanged(changed);
  };
  const timer = setInterval(() => {
    onTick();
    const v = dataVersion();
    if (v === version) return;
    version = v;
    check();
  }, pollMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
