import { defineStore } from 'pinia';
import { ref } from 'vue';

export type Theme = 'system' | 'light' | 'dark';
const KEY = 'iron-cage.theme';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The colour theme: follows the OS unless chosen. Kept in this browser's storage (the desktop app's own
 * settings are the shell's business); applied as `data-theme` on <html>, which the stylesheet reads.
 */
export const useThemeStore = defineStore('theme', () => {
  const saved = storage()?.getItem(KEY);
  const theme = ref<Theme>(saved === 'light' || saved === 'dark' ? saved : 'system');

  function apply(): void {
    if (typeof document === 'undefined') return;
    if (theme.value === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme.value;
  }

  function set(next: Theme): void {
    theme.value = next;
    if (next === 'system') storage()?.removeItem(KEY);
    else storage()?.setItem(KEY, next);
    apply();
  }

  return { theme, set, apply };
});
