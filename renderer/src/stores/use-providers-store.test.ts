import { describe, expect, it } from 'vitest';
import type { OpOutput } from '../../../core/src/contract/operations.ts';
import { appErr, setup } from '../testing/fake-backend.ts';
import { useProvidersStore } from './use-providers-store.ts';

const KEY = 'sk-live-typed-in-the-form-0000000000-LAST';

function provider(name: string, last4: string | null = 'LAST'): OpOutput<'providers.list'>[number] {
  return { id: `id-${name}`, name, type: 'openai', baseUrl: null, hasKey: last4 !== null, last4, zeroPriced: false, createdAt: 1, updatedAt: 1 };
}

describe('the providers store', () => {
  it('hands a typed key to the gateway and keeps only what the gateway shows: the last four characters', async () => {
    const { backend, pinia } = setup({ 'providers.add': (input) => ({ ...provider(input.name), last4: input.key!.slice(-4) }) });
    const store = useProvidersStore();
    const added = await store.add({ name: 'openai', type: 'openai', key: KEY });
    expect(added.last4).toBe('LAST');
    expect(backend.calls).toEqual([{ operation: 'providers.add', input: { name: 'openai', type: 'openai', key: KEY } }]);
    expect(JSON.stringify(pinia.state.value)).not.toContain(KEY);
    expect(store.providers).toEqual([added]);
  });

  it('puts a removed provider back when the gateway refuses (an agent uses it)', async () => {
    setup({ 'providers.list': () => [provider('a'), provider('b')], 'providers.remove': () => Promise.reject(appErr('CONFLICT', 'provider "a" is used by agent "bot"')) });
    const store = useProvidersStore();
    await store.load();
    await expect(store.remove('a')).rejects.toEqual({ code: 'CONFLICT', message: 'provider "a" is used by agent "bot"' });
    expect(store.providers.map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('keeps each connection test result, or its error', async () => {
    const { backend } = setup({ 'providers.test': () => ({ ok: false, status: 401, latencyMs: 12, message: 'the provider refused the key', models: null }) });
    const store = useProvidersStore();
    await store.test('a');
    expect(store.tests.a).toMatchObject({ running: false, result: { ok: false, status: 401 } });
    backend.mocks['providers.test'] = () => Promise.reject(appErr('NOT_FOUND', 'no provider named "b"'));
    await store.test('b');
    expect(store.tests.b).toMatchObject({ running: false, error: { code: 'NOT_FOUND' } });
  });
});
