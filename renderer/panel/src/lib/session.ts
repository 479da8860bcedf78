import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AdminOpName, AdminOutput } from '../../../../core/src/panel/admin-ops.ts';
import { toUiError, type UiError } from '../../../src/lib/errors.ts';
import { call, can, setCsrf } from './api.ts';

type User = AdminOutput<'session.me'>['user'];

/** Who is signed in to the panel: checked once at start, then by e-mail and password. */
export const usePanelSession = defineStore('panel-session', () => {
  const state = ref<'checking' | 'out' | 'in'>('checking');
  const user = ref<User | null>(null);
  const error = ref<UiError | null>(null);
  const busy = ref(false);

  function signedIn(s: AdminOutput<'session.me'>): void {
    user.value = s.user;
    setCsrf(s.csrfToken);
    state.value = 'in';
  }

  async function start(): Promise<void> {
    try {
      signedIn(await call('session.me'));
    } catch {
      state.value = 'out';
    }
  }

  async function login(email: string, password: string): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      signedIn(await call('session.login', { email, password }));
    } catch (e) {
      error.value = toUiError(e);
    } finally {
      busy.value = false;
    }
  }

  async function logout(): Promise<void> {
    await call('session.logout').catch(() => undefined);
    user.value = null;
    setCsrf(null);
    state.value = 'out';
  }

  const role = computed(() => user.value?.role);
  const may = (op: AdminOpName): boolean => can(role.value, op);
  return { state, user, error, busy, role, start, login, logout, may };
});
