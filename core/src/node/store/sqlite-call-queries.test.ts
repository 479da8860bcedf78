import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'call-queries-'));
  store = openStore(dir, 'instance-a');
  store.agents.create('agent', { name: 'bot', limits: [{ period: 'total', limitMicros: 1_000_000 }], allowedModels: null, providers: { openai: null, anthropic: null }, logBodies: true }, 0);
  const call = (id: string, model: string, at: number, body: string | null) =>
    store.ledger.reserve({ callId: id, agentId: 'agent', agentName: 'bot', providerId: 'p', providerName: 'emu', endpoint: '/v1/chat/completions', model, stream: false, periodKey: 'total', amount: 10, startedAt: at, requestBody: body });
  call('c1', 'gpt-4o-mini', 1_000, '{"messages":[]}');
  call('c2', 'claude-100%_x', 2_000, null);
  const usage = { inputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 };
  store.ledger.settle('c1', { usage, cost: 5, outcome: 'ok', httpStatus: 200, usageEstimated: false, finishedAt: 1_010, latencyMs: 10, responseBody: '{"ok":true}' });
  store.ledger.refuse({ callId: 'c3', agentId: 'agent', agentName: 'bot', endpoint: '/v1/chat/completions', model: 'gpt-4o', periodKey: 'total', outcome: 'budget_exceeded', httpStatus: 402, at: 3_000 });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('calls as the dashboard reads them', () => {
  it('keeps guardrail findings with their call, appended across decisions', () => {
    expect(store.findings.append('c1', [{ direction: 'request', category: 'secret', action: 'redact', types: ['AWS_ACCESS_KEY'], count: 1 }])).toBe(true);
    store.findings.append('c1', [{ direction: 'response', category: 'pii', action: 'flag', types: ['EMAIL'], count: 2 }]);
    expect(store.findings.append('no-such-call', [{ direction: 'request', category: 'pii', action: 'flag', types: ['EMAIL'], count: 1 }])).toBe(false);
    const [c1] = store.usage.recentCalls({ limit: 10 }).filter((c) => c.id === 'c1');
    expect(c1!.findings).toEqual([
      { direction: 'request', category: 'secret', action: 'redact', types: ['AWS_ACCESS_KEY'], count: 1 },
      { direction: 'response', category: 'pii', action: 'flag', types: ['EMAIL'], count: 2 },
    ]);
    expect(store.usage.recentCalls({ limit: 10 }).find((c) => c.id === 'c2')!.findings).toEqual([]);
  });

  it('searches on the server by text (LIKE wildcards taken literally), kind and time range', () => {
    const ids = (f: Parameters<Store['usage']['recentCalls']>[0]) => store.usage.recentCalls(f).map((c) => c.id);
    expect(ids({ limit: 10, text: 'GPT-4O' })).toEqual(['c3', 'c1']);
    expect(ids({ limit: 10, text: '100%_' })).toEqual(['c2']);
    expect(ids({ limit: 10, text: '%' })).toEqual(['c2']);
    expect(ids({ limit: 10, kind: 'refused' })).toEqual(['c3']);
    expect(ids({ limit: 10, kind: 'ok' })).toEqual(['c1']);
    expect(ids({ limit: 10, kind: 'failed' })).toEqual([]);
    expect(ids({ limit: 10, kind: 'in_flight' })).toEqual(['c2']);
    expect(ids({ limit: 10, since: 1_500, until: 3_000 })).toEqual(['c2']);
    expect(ids({ limit: 10, agentName: 'bot' })).toEqual(['c3', 'c2', 'c1']);
  });

  it('gives one call with its logged bodies', () => {
    expect(store.usage.callDetail('c1')).toMatchObject({ call: { id: 'c1', outcome: 'ok' }, requestBody: '{"messages":[]}', responseBody: '{"ok":true}' });
    expect(store.usage.callDetail('c2')).toMatchObject({ requestBody: null, responseBody: null });
    expect(store.usage.callDetail('nope')).toBeUndefined();
  });
});
