import { createTestingPinia } from '@pinia/testing';
import { vi } from 'vitest';
import { AppError } from '../../../core/src/domain/errors.ts';
import { DEFAULT_GUARD_POLICY } from '../../../core/src/domain/guard-policy.ts';
import type { ErrorCode } from '../../../core/src/domain/errors.ts';
import type { AdminEvent } from '../../../core/src/contract/events.ts';
import type { OperationName, OpInput, OpOutput } from '../../../core/src/contract/operations.ts';
import { setBackend, type Backend, type SessionAuth } from '../api/backend.ts';

type Mock<N extends OperationName> = (input: OpInput<N>) => OpOutput<N> | Promise<OpOutput<N>>;
export type Mocks = { [N in OperationName]?: Mock<N> };

export interface FakeBackend extends Backend {
  mocks: Mocks;
  calls: { operation: OperationName; input: unknown }[];
  /** Delivers a live event as the gateway would. */
  emit(e: AdminEvent): void;
}

/** An error as a transport rebuilds it from its envelope. */
export function appErr(code: ErrorCode, message = code.toLowerCase()): AppError {
  return new AppError(code, message);
}

/**
 * A backend whose client answers only the operations a test mocks: anything else rejects, so a store that
 * calls more than the test expects fails loudly instead of getting undefined.
 */
export function fakeBackend(mocks: Mocks = {}, auth: SessionAuth | null = null): FakeBackend {
  const listeners = new Set<(e: AdminEvent) => void>();
  const b: FakeBackend = {
    kind: auth ? 'http' : 'ipc',
    mocks,
    calls: [],
    gatewayUrl: 'http://127.0.0.1:8733',
    port: 8733,
    auth,
    client: {
      async call(operation, input) {
        b.calls.push({ operation, input });
        const mock = b.mocks[operation] as ((i: unknown) => unknown) | undefined;
        if (!mock) throw new Error(`unmocked operation ${operation}`);
        return (await mock(input)) as never;
      },
    },
    subscribe(listener, onState) {
      listeners.add(listener);
      onState?.('live');
      return () => listeners.delete(listener);
    },
    emit(e) {
      for (const l of listeners) l(e);
    },
  };
  return b;
}

/** Installs a fake backend and an active testing Pinia whose actions really run. */
export function setup(mocks: Mocks = {}, auth: SessionAuth | null = null) {
  const backend = fakeBackend(mocks, auth);
  setBackend(backend);
  const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn });
  return { backend, pinia };
}

export function agentView(name: string, over: Partial<OpOutput<'agents.get'>> = {}): OpOutput<'agents.get'> {
  return {
    id: `id-${name}`,
    name,
    status: 'active',
    budgetMicros: 10_000_000,
    period: 'monthly',
    allowedModels: null,
    providers: { openai: 'p1', anthropic: null },
    logBodies: false,
    guardPolicy: DEFAULT_GUARD_POLICY,
    createdAt: Date.UTC(2026, 10, 1),
    updatedAt: Date.UTC(2026, 10, 1),
    limits: [{ period: 'monthly', limitMicros: 10_000_000 }],
    budget: { period: 'monthly', periodKey: '2026-11', limitMicros: 10_000_000, spentMicros: 2_500_000, reservedMicros: 500_000, remainingMicros: 7_000_000, resetsAt: Date.UTC(2026, 11, 1) },
    budgets: [{ period: 'monthly', periodKey: '2026-11', limitMicros: 10_000_000, spentMicros: 2_500_000, reservedMicros: 500_000, remainingMicros: 7_000_000, resetsAt: Date.UTC(2026, 11, 1) }],
    providerNames: { openai: 'openai', anthropic: null },
    ...over,
  };
}

export function callRecord(id: string, over: Partial<OpOutput<'calls.list'>[number]> = {}): OpOutput<'calls.list'>[number] {
  return {
    id,
    agentName: 'bot',
    providerName: 'openai',
    endpoint: '/chat/completions',
    model: 'gpt-4o-mini',
    stream: false,
    state: 'settled',
    outcome: 'ok',
    httpStatus: 200,
    reservedMicros: 100,
    costMicros: 9,
    inputTokens: 6,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 12,
    reasoningTokens: 0,
    usageEstimated: false,
    startedAt: 1_000,
    latencyMs: 40,
    ...over,
  };
}

export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
