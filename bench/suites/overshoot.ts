import { rmSync } from 'node:fs';
import type { LoadDriver } from '../load-driver.ts';
import { cli, memoryOf, stop, type Server } from '../processes.ts';
import { prepareGatewayData } from '../stack.ts';
import { CAPPED_CALL_COST, CAPPED_CALLS, CAPPED_FITS, CHAT_PATH, cappedBody } from '../workload.ts';

export interface OvershootResult {
  calls: number;
  budgetFits: number;
  admitted: number;
  refused: number;
  other: number;
  limitMicros: number;
  spentMicros: number;
  reservedAfterMicros: number;
  overshootMicros: number;
  wallMs: number;
  /** Peak RSS of this gateway, 1,000 connections open at once. */
  peakRssMb: number;
  ok: boolean;
}

/**
 * 1,000 calls at once (half plain, half streamed) against a budget that fits 100, with a price override making
 * each call's worst case exactly its real cost: exactly 100 may run, and the budget may not move by one µUSD more.
 */
export async function overshoot(driver: LoadDriver, emulatorUrl: string, startGateway: (dataDir: string) => Promise<Server>): Promise<OvershootResult> {
  const limitMicros = CAPPED_CALL_COST * CAPPED_FITS;
  const { dataDir, token } = prepareGatewayData(emulatorUrl, limitMicros / 1e6, 'capped');
  cli(['price', 'set', 'gpt-4o-mini', '--input', '0', '--output', '1'], dataDir);
  const gw = await startGateway(dataDir);
  try {
    const half = CAPPED_CALLS / 2;
    const job = (stream: boolean) =>
      driver.run({
        origin: gw.url,
        path: CHAT_PATH,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: cappedBody(stream),
        concurrency: half,
        maxRequests: half,
        durationMs: 60_000,
        warmupRequests: 0,
      });
    const [plain, streamed] = await Promise.all([job(false), job(true)]);
    const peakRssMb = memoryOf(gw.pid).peakMb;
    await stop(gw.child);
    const agents = JSON.parse(cli(['agent', 'list', '--json'], dataDir)) as {
      name: string;
      budget: { limitMicros: number; spentMicros: number; reservedMicros: number };
    }[];
    const budget = agents.find((a) => a.name === 'capped')?.budget;
    if (!budget) throw new Error('the capped agent is missing');
    const count = (status: string): number => (plain.statuses[status] ?? 0) + (streamed.statuses[status] ?? 0);
    const admitted = count('200');
    const refused = count('402');
    const other = CAPPED_CALLS - admitted - refused;
    const overshootMicros = Math.max(0, budget.spentMicros + budget.reservedMicros - budget.limitMicros);
    return {
      calls: CAPPED_CALLS,
      budgetFits: CAPPED_FITS,
      admitted,
      refused,
      other,
      limitMicros: budget.limitMicros,
      spentMicros: budget.spentMicros,
      reservedAfterMicros: budget.reservedMicros,
      overshootMicros,
      wallMs: Math.max(plain.elapsedMs, streamed.elapsedMs),
      peakRssMb,
      ok: admitted === CAPPED_FITS && other === 0 && overshootMicros === 0 && budget.reservedMicros === 0 && budget.spentMicros === limitMicros,
    };
  } finally {
    await stop(gw.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
