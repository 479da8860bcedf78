import { defineStore } from 'pinia';
import { ref } from 'vue';
import { toUiError } from '../../../src/lib/errors.ts';
import { useToastStore } from '../../../src/stores/use-toast-store.ts';

export interface PendingAction {
  title: string;
  text: string;
  label: string;
  danger?: boolean;
  run: () => Promise<unknown>;
  done: string;
  after?: () => unknown;
}

/** A change that asks first (revoke, suspend, decide): one confirmation dialog for the whole panel. */
export const useConfirm = defineStore('panel-confirm', () => {
  const pending = ref<PendingAction | null>(null);
  const busy = ref(false);
  const toast = useToastStore();

  async function confirm(): Promise<void> {
    const a = pending.value;
    if (!a) return;
    busy.value = true;
    try {
      await a.run();
      toast.ok(a.done);
      await a.after?.();
    } catch (e) {
      toast.error(toUiError(e));
    } finally {
      busy.value = false;
      pending.value = null;
    }
  }

  return { pending, busy, ask: (a: PendingAction) => (pending.value = a), cancel: () => (pending.value = null), confirm };
});
