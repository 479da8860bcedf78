import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OpOutput } from '../../../core/src/contract/operations.ts';
import { api } from '../api/backend.ts';
import type { UiError } from '../lib/errors.ts';
import { reportError } from './report-error.ts';

export type Settings = OpOutput<'settings.get'>;

/** Settings shared by every process on the data directory: the budgets' time zone, the data folder. */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings | null>(null);
  const loading = ref(false);
  const error = ref<UiError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      settings.value = await api().call('settings.get', {});
      error.value = null;
    } catch (e) {
      error.value = reportError(e);
    } finally {
      loading.value = false;
    }
  }

  async function setTimeZone(timezone: string): Promise<Settings> {
    try {
      settings.value = await api().call('settings.update', { timezone });
      return settings.value;
    } catch (e) {
      throw reportError(e);
    }
  }

  return { settings, loading, error, load, setTimeZone };
});
