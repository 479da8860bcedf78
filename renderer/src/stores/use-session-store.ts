import { defineStore } from 'pinia';
import { ref } from 'vue';
import { backend } from '../api/backend.ts';
import { toUiError, type UiError } from '../lib/errors.ts';

export type SessionState = 'checking' | 'in' | 'out';

/** Whether this page may use the admin API: always in the desktop app, after login on the web. */
export const useSessionStore = defineStore('session', () => {
  const state = ref<SessionState>('checking');
  const error = ref<UiError | null>(null);
  const busy = ref(false);
  const canLogOut = ref(false);

  /** Starts the session: redeems the one-time code from the URL if there is one, else asks the gateway. */
  async function start(code?: string): Promise<void> {
    const auth = backend().auth;
    canLogOut.value = auth !== null;
    if (!auth) {
      state.value = 'in';
      return;
    }
    state.value = 'checking';
    error.value = null;
    try {
      if (code) {
        try {
          await auth.login({ code });
          state.value = 'in';
          return;
        } catch (e) {
          // The code may be spent (a reload) while the cookie from its first use is still good.
          error.value = toUiError(e);
        }
      }
      const loggedIn = await auth.isLoggedIn();
      if (loggedIn) error.value = null;
      state.value = loggedIn ? 'in' : 'out';
    } catch (e) {
      error.value = toUiError(e);
      state.value = 'out';
    }
  }

  async function loginWithToken(token: string): Promise<boolean> {
    const auth = backend().auth;
    if (!auth) return true;
    busy.value = true;
    error.value = null;
    try {
      await auth.login({ token: token.trim() });
      state.value = 'in';
      return true;
    } catch (e) {
      error.value = toUiError(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function logout(): Promise<void> {
    const auth = backend().auth;
    if (!auth) return;
    try {
      await auth.logout();
    } finally {
      error.value = null;
      state.value = 'out';
    }
  }

  /** A call was refused as unauthenticated: the session ended (expired, or the gateway restarted). */
  function expired(reason: UiError): void {
    if (!backend().auth || state.value !== 'in') return;
    error.value = { code: reason.code, message: 'your session has ended (the gateway may have restarted); log in again' };
    state.value = 'out';
  }

  return { state, error, busy, canLogOut, start, loginWithToken, logout, expired };
});
