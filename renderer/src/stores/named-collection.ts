import { ref, type Ref } from 'vue';
import type { UiError } from '../lib/errors.ts';
import { reportError } from './report-error.ts';

/**
 * The state every list of named things in the dashboard shares (agents, providers): the items sorted by name,
 * loading and error flags, and per-item busy marks for actions in flight.
 */
export function useNamedCollection<T extends { name: string }>() {
  const items = ref([]) as Ref<T[]>;
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<UiError | null>(null);
  /** Items with an action in flight, so their buttons can show it and not be pressed twice. */
  const busy = ref<Record<string, boolean>>({});

  function sorted(list: readonly T[]): T[] {
    return list.slice().sort((a, b) => a.name.localeCompare(b.name));
  }

  function upsert(item: T): void {
    const i = items.value.findIndex((x) => x.name === item.name);
    items.value = i === -1 ? sorted([...items.value, item]) : items.value.map((x, j) => (j === i ? item : x));
  }

  function drop(name: string): void {
    items.value = items.value.filter((x) => x.name !== name);
  }

  /** Replaces the list with a fresh one; a failure is kept in `error` for the page to show. */
  async function load(fetch: () => Promise<readonly T[]>): Promise<void> {
    loading.value = true;
    try {
      items.value = sorted(await fetch());
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = reportError(e);
    } finally {
      loading.value = false;
    }
  }

  /** Runs an action for one item, marking it busy; a failure rolls back and is rethrown as a UiError to show. */
  async function act<R>(name: string, run: () => Promise<R>, rollback?: () => void): Promise<R> {
    busy.value = { ...busy.value, [name]: true };
    try {
      return await run();
    } catch (e) {
      rollback?.();
      throw reportError(e);
    } finally {
      const { [name]: _, ...rest } = busy.value;
      busy.value = rest;
    }
  }

  return { items, loaded, loading, error, busy, upsert, drop, load, act };
}
