import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AdminEvent } from '../../../core/src/contract/events.ts';
import { backend, type LiveState } from '../api/backend.ts';
import { useAgentsStore } from './use-agents-store.ts';
import { useAlertsStore } from './use-alerts-store.ts';
import { usePricesStore } from './use-prices-store.ts';
import { useProvidersStore } from './use-providers-store.ts';
import { useCallsStore } from './use-calls-store.ts';
import { useOverviewStore } from './use-overview-store.ts';
import { useSessionStore } from './use-session-store.ts';

/** The one subscription to live admin events, fanned out to the stores that show them. */
export const useLiveStore = defineStore('live', () => {
  const state = ref<LiveState | 'off'>('off');
  const lastEventAt = ref<number | null>(null);
  let stop: (() => void) | undefined;

  function dispatch(e: AdminEvent): void {
    lastEventAt.value = e.at;
    useAgentsStore().applyEvent(e);
    useCallsStore().applyEvent(e);
    useOverviewStore().applyEvent(e);
    useAlertsStore().applyEvent(e);
    if (e.type === 'data.changed') {
      // A change from another process: each store re-reads what it shows (if it has shown anything yet).
      useCallsStore().refreshSoon();
      useProvidersStore().refreshIfLoaded();
      usePricesStore().refreshIfLoaded();
    }
  }

  function start(): void {
    if (stop) return;
    stop = backend().subscribe(dispatch, (s) => {
      state.value = s;
      if (s === 'reconnecting') void checkSession();
    });
  }

  /**
   * An event stream that keeps failing may mean the session is gone (it expired, or the gateway restarted and
   * forgot it): EventSource cannot tell a 401 from a network error, so ask.
   */
  async function checkSession(): Promise<void> {
    const auth = backend().auth;
    if (!auth) return;
    try {
      if (!(await auth.isLoggedIn())) useSessionStore().expired({ code: 'UNAUTHORIZED', message: 'the session has ended' });
    } catch {
      // The gateway is unreachable: the stream keeps retrying and the indicator says so.
    }
  }

  function end(): void {
    stop?.();
    stop = undefined;
    state.value = 'off';
  }

  return { state, lastEventAt, start, end, dispatch };
});
