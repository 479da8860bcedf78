import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { OpOutput } from '../../../core/src/contract/operations.ts';
import { api, backend } from '../api/backend.ts';
import type { UiError } from '../lib/errors.ts';
import { reportError } from './report-error.ts';

export type HostStatus = OpOutput<'host.status'>;

/** The port of a URL as a number (its scheme's default when none is written), or null if it is not a URL. */
export function portOf(url: string): number | null {
  try {
    const u = new URL(url);
    if (u.port) return Number(u.port);
    return u.protocol === 'https:' ? 443 : u.protocol === 'http:' ? 80 : null;
  } catch {
    return null;
  }
}

/**
 * What the host says about itself: the gateway's address as agents call it and how provider keys are kept.
 * Until `host.status` answers (or if this gateway cannot), the address is the backend's own guess.
 */
export const useHostStore = defineStore('host', () => {
  const status = ref<HostStatus | null>(null);
  const error = ref<UiError | null>(null);
  let pending: Promise<void> | null = null;

  const gatewayUrl = computed(() => status.value?.gatewayUrl ?? backend().gatewayUrl);
  const port = computed(() => {
    const url = status.value?.gatewayUrl;
    return url ? (portOf(url) ?? backend().port) : backend().port;
  });
  const warning = computed(() => status.value?.secretStore.warning ?? null);

  async function load(): Promise<void> {
    try {
      status.value = await api().call('host.status', {});
      error.value = null;
    } catch (e) {
      // An older gateway, or a failure: keep the backend's own address.
      error.value = reportError(e);
    }
  }

  /** Loads once per session; concurrent callers share the one request, and a failed load is retried next time. */
  function ensure(): Promise<void> {
    if (status.value) return Promise.resolve();
    pending ??= load().finally(() => {
      pending = null;
    });
    return pending;
  }

  return { status, error, gatewayUrl, port, warning, load, ensure };
});
