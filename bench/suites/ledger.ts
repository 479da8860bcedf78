import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openRuntime } from '../../core/src/node/runtime.ts';
import { silentLogger } from '../../core/src/ports/logger.ts';
import { createLocalWalletLedger } from '../../core/src/node/wallet/wallet-ledger.ts';
import { summarize, type Summary } from '../stats.ts';

export interface LedgerResult {
  /** Reserve + settle pairs completed. */
  pairs: number;
  elapsedMs: number;
  pairsPerSecond: number;
  /** Time of one reserve + settle pair, ms. */
  pair: Summary;
}

const MAX_PAIRS = 1_000_000;

/**
 * The ledger on its own, on a real SQLite file in WAL mode, as the gateway uses it: reserve and settle in
 * memory against the agent's wallet (slices granted by SQLite transactions), call records and settlements
 * group-committed by the journal. Back to back, as fast as one process can go; bounded by count and by time.
 */
export async function ledgerThroughput(durationMs: number): Promise<LedgerResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iron-cage-bench-ledger-'));
  const rt = openRuntime({ dataDir, logger: silentLogger });
  try {
    const provider = await rt.providers.add({ name: 'emu', type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', key: 'sk-bench' }, 'bench');
    const { agent } = rt.agents.create(
      { name: 'ledger', budgetMicros: Number.MAX_SAFE_INTEGER, period: 'total', allowedModels: null, providerNames: ['emu'] },
      'bench',
    );
    const ledger = createLocalWalletLedger(rt.store, rt.instanceId, rt.journal, rt.clock, silentLogger);
    const usage = { inputTokens: 150, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 16, reasoningTokens: 0 };
    const times: number[] = [];
    const t0 = performance.now();
    const deadline = t0 + durationMs;
    let pairs = 0;
    while (pairs < MAX_PAIRS && performance.now() < deadline) {
      const s = performance.now();
      const callId = randomUUID();
      const periodKey = rt.calendar.windowAt(agent.period, Date.now()).key;
      const reservation = ledger.reserve({
        callId,
        agentId: agent.id,
        agentName: agent.name,
        providerId: provider.id,
        providerName: provider.name,
        endpoint: '/chat/completions',
        model: 'gpt-4o-mini',
        stream: false,
        periodKey,
        amount: 1_000,
        startedAt: Date.now(),
        requestBody: null,
      });
      const ok = reservation === true || reservation === false ? reservation : await reservation;
      if (!ok) throw new Error('the ledger benchmark agent ran out of budget');
      ledger.settle(callId, {
        usage,
        cost: 33,
        outcome: 'ok',
        httpStatus: 200,
        usageEstimated: false,
        finishedAt: Date.now(),
        latencyMs: 1,
        responseBody: null,
      });
      times.push(performance.now() - s);
      pairs++;
    }
    rt.journal.flush();
    const elapsedMs = performance.now() - t0;
    return { pairs, elapsedMs, pairsPerSecond: (pairs * 1000) / elapsedMs, pair: summarize(times) };
  } finally {
    rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
