import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue';
import type { AdminOpName, AdminOutput } from '../../../../core/src/panel/admin-ops.ts';
import { toUiError, type UiError } from '../../../src/lib/errors.ts';
import { call } from './api.ts';

export interface Resource<T> {
  data: Ref<T | null>;
  loading: Ref<boolean>;
  error: Ref<UiError | null>;
  load(): Promise<void>;
}

/**
 * One list operation's data on a page: loaded on mount, reloaded after a change, and (with `pollMs`) refreshed
 * while the page is open so figures stay live. A failed refresh keeps the last data and shows the error.
 */
export function useResource<N extends AdminOpName>(name: N, pollMs?: number): Resource<AdminOutput<N>> {
  const data = shallowRef(null) as Ref<AdminOutput<N> | null>;
  const loading = ref(false);
  const error = ref<UiError | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;

  async function load(): Promise<void> {
    loading.value = true;
    try {
      data.value = await call(name);
      error.value = null;
    } catch (e) {
      error.value = toUiError(e);
    } finally {
      loading.value = false;
    }
  }

  onMounted(() => {
    void load();
    if (pollMs) timer = setInterval(() => void load(), pollMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return { data, loading, error, load };
}
