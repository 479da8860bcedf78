import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OpInput, OpOutput } from '../../../core/src/contract/operations.ts';
import { api } from '../api/backend.ts';
import type { UiError } from '../lib/errors.ts';
import { reportError } from './report-error.ts';
import { useNamedCollection } from './named-collection.ts';

export type ProviderView = OpOutput<'providers.list'>[number];
export type ProviderTest = OpOutput<'providers.test'>;

/**
 * Providers as the gateway shows them: a key appears only as its last four characters. A key typed into
 * a form passes through `add`/`rotateKey` to the gateway and is never kept here.
 */
export const useProvidersStore = defineStore('providers', () => {
  const { items: providers, loaded, loading, error, busy, upsert, drop, load: loadWith, act } = useNamedCollection<ProviderView>();
  const tests = ref<Record<string, { running: boolean; result?: ProviderTest; error?: UiError }>>({});

  const load = (): Promise<void> => loadWith(() => api().call('providers.list', {}));

  async function add(input: OpInput<'providers.add'>): Promise<ProviderView> {
    return act(input.name, async () => {
      const p = await api().call('providers.add', input);
      upsert(p);
      return p;
    });
  }

  async function update(input: OpInput<'providers.update'>): Promise<ProviderView> {
    return act(input.name, async () => {
      const p = await api().call('providers.update', input);
      upsert(p);
      return p;
    });
  }

  async function rotateKey(name: string, key: string): Promise<ProviderView> {
    return act(name, async () => {
      const p = await api().call('providers.rotateKey', { name, key });
      upsert(p);
      return p;
    });
  }

  async function test(name: string): Promise<void> {
    tests.value = { ...tests.value, [name]: { running: true } };
    try {
      tests.value = { ...tests.value, [name]: { running: false, result: await api().call('providers.test', { name }) } };
    } catch (e) {
      tests.value = { ...tests.value, [name]: { running: false, error: reportError(e) } };
    }
  }

  /** Removed at once from the list; back in it if the gateway refuses (an agent still uses it). */
  async function remove(name: string): Promise<void> {
    const before = providers.value;
    drop(name);
    await act(name, () => api().call('providers.remove', { name }), () => {
      providers.value = before;
    });
  }

  /** Re-reads the list after a change made by another process, if the list was ever shown. */
  function refreshIfLoaded(): void {
    if (loaded.value && !loading.value) void load();
  }

  return { providers, loaded, loading, error, tests, busy, load, add, update, rotateKey, test, remove, refreshIfLoaded };
});
