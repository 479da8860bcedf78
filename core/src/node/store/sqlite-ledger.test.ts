import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import type { ReserveRequest } from '../../ports/store.ts';
import { EMPTY_USAGE } from '../../domain/usage.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
  store = openStore(dir, 'instance-a');
  store.agents.create('agent', { name: 'a', limits: [{ period: 'total', limitMicros: 1_000 }], allowedModels: null, providers: { openai: null, anthropic: null }, logBodies: false }, 0);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function req(amount: number): ReserveRequest {
  return {
    callId: `call-${++n}`,
    agentId: 'agent',
    agentName: 'a',
    providerId: 'p',
    providerName: 'p',
    endpoint: '/chat/completions',
    model: 'm',
    stream: false,
    periodKey: 'total',
    amount,
    startedAt: 0,
    requestBody: null,
  };
}

const settlement = (cost: number) => ({
  usage: { ...EMPTY_USAGE, outputTokens: cost },
  cost,
  outcome: 'ok',
  httpStatus: 200,
  usageEstimated: false,
  finishedAt: 1,
  latencyMs: 1,
  responseBody: null,
});

describe('SqliteLedger', () => {
  it('admits reservations only while spent + reserved + amount fits the limit', () => {
    expect(store.ledger.reserve(req(600))).toBe(true);
    expect(store.ledger.reserve(req(401))).toBe(false);
    expect(store.ledger.reserve(req(400))).toBe(true);
    expect(store.ledger.windows('agent', 0)[0]).toMatchObject({ spentMicros: 0, reservedMicros: 1_000 });
  });

  it('settles to the real cost and releases the rest; a release gives everything back', () => {
    const a = req(600);
    const b = req(300);
    store.ledger.reserve(a);
    store.ledger.reserve(b);
    store.ledger.settle(a.callId, settlement(250));
    store.ledger.release(b.callId, 'upstream_error', 500, 1, 1);
    expect(store.ledger.windows('agent', 0)[0]).toMatchObject({ spentMicros: 250, reservedMicros: 0 });
    // Settling or releasing twice changes nothing.
    store.ledger.settle(a.callId, settlement(250));
    store.ledger.release(b.callId, 'upstream_error', 500, 1, 1);
    expect(store.ledger.windows('agent', 0)[0]).toMatchObject({ spentMicros: 250, reservedMicros: 0 });
  });

  it('refuses every reservation of a suspended agent', () => {
    store.agents.update('agent', { status: 'suspended' }, 1);
    expect(store.ledger.reserve(req(1))).toBe(false);
  });

  it('charges a call whose process a restart judged dead at its reservation, and a late settlement changes nothing', () => {
    const a = req(500);
    store.ledger.reserve(a);
    const other = openStore(dir, 'instance-b');
    try {
      other.instances.register('instance-b', process.pid, 'host', 100_000);
      // instance-a never registered a heartbeat: to instance-b it is a crashed gateway.
      expect(other.instances.recover('instance-b', 'host', 100_000, 30_000, () => false)).toEqual({
        deadInstances: 0,
        chargedCalls: 1,
        chargedMicros: 500,
        releasedMicros: 0,
      });
    } finally {
      other.close();
    }
    store.ledger.settle(a.callId, settlement(120));
    expect(store.ledger.windows('agent', 0)[0]).toMatchObject({ spentMicros: 500, reservedMicros: 0, heldMicros: 0 });
  });

  it('keeps the reservations of a live instance when another one starts', () => {
    store.instances.register('instance-a', process.pid, 'host', 0);
    store.ledger.reserve(req(500));
    const report = store.instances.recover('instance-b', 'host', 1_000, 30_000, () => true);
    expect(report.chargedCalls).toBe(0);
    expect(store.ledger.windows('agent', 0)[0]?.reservedMicros).toBe(500);
  });
});
