import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { SessionAuth } from '../api/backend.ts';
import { appErr, setup } from '../testing/fake-backend.ts';
import { useSessionStore } from '../stores/use-session-store.ts';
import LoginPage from './LoginPage.vue';

describe('the login page', () => {
  it('sends the pasted admin token, shows a refusal by code, and logs in', async () => {
    const login = vi.fn<SessionAuth['login']>(async () => Promise.reject(appErr('UNAUTHORIZED', 'that is not the admin token of this gateway')));
    const { pinia } = setup({}, { isLoggedIn: async () => false, login, logout: async () => undefined });
    const w = mount(LoginPage, { global: { plugins: [pinia] } });
    const input = w.get('#admin-token');
    expect(input.attributes('type')).toBe('password');
    await input.setValue('ica_wrong');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(login).toHaveBeenCalledWith({ token: 'ica_wrong' });
    expect(w.get('[role="alert"]').text()).toContain('UNAUTHORIZED');
    login.mockImplementation(async () => undefined);
    await input.setValue('ica_right');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(useSessionStore().state).toBe('in');
    expect((w.get('#admin-token').element as HTMLInputElement).value).toBe('');
  });
});
