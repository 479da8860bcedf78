import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OpInput, OpOutput } from '../../../core/src/contract/operations.ts';
import { api } from '../api/backend.ts';
import type { UiError } from '../lib/errors.ts';
import { reportError } from './report-error.ts';

export type PriceOverride = OpOutput<'prices.list'>[number];

/** Price overrides: what a model costs where the bundled catalog has no price (or a wrong one). */
export const usePricesStore = defineStore('prices', () => {
  const overrides = ref<PriceOverride[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<UiError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      overrides.value = (await api().call('prices.list', {})).slice().sort((a, b) => a.model.localeCompare(b.model));
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = reportError(e);
    } finally {
      loading.value = false;
    }
  }

  async function set(input: OpInput<'prices.set'>): Promise<void> {
    try {
      await api().call('prices.set', input);
    } catch (e) {
      throw reportError(e);
    }
    await load();
  }

  async function remove(model: string, provider: string | null): Promise<void> {
    try {
      await api().call('prices.remove', { model, provider });
    } catch (e) {
      throw reportError(e);
    }
    await load();
  }

  /** The price a call would be charged at, or null when the gateway would refuse it as unpriced. */
  async function lookup(provider: string, model: string): Promise<OpOutput<'prices.lookup'>> {
    try {
      return await api().call('prices.lookup', { provider, model });
    } catch (e) {
      throw reportError(e);
    }
  }

  function refreshIfLoaded(): void {
    if (loaded.value && !loading.value) void load();
  }

  return { overrides, loaded, loading, error, load, set, remove, lookup, refreshIfLoaded };
});
