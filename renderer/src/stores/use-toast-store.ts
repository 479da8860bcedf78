import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { UiError } from '../lib/errors.ts';

export interface Toast {
  id: number;
  kind: 'ok' | 'error';
  text: string;
  code?: string;
}

/** Short confirmations and failures of actions, announced to screen readers. */
export const useToastStore = defineStore('toast', () => {
  const toasts = ref<Toast[]>([]);
  let next = 1;

  function push(t: Omit<Toast, 'id'>, ms: number): void {
    const id = next++;
    toasts.value = [...toasts.value.slice(-2), { ...t, id }];
    setTimeout(() => dismiss(id), ms);
  }

  const ok = (text: string): void => push({ kind: 'ok', text }, 4000);
  const error = (e: UiError): void => push({ kind: 'error', text: e.message, code: e.code }, 8000);
  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  return { toasts, ok, error, dismiss };
});
