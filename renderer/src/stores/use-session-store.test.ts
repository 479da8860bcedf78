import { describe, expect, it, vi } from 'vitest';
import type { SessionAuth } from '../api/backend.ts';
import { appErr, setup } from '../testing/fake-backend.ts';
import { useSessionStore } from './use-session-store.ts';

function auth(over: Partial<SessionAuth> = {}): SessionAuth {
  return { isLoggedIn: vi.fn(async () => false), login: vi.fn(async () => undefined), logout: vi.fn(async () => undefined), ...over };
}

describe('the session store', () => {
  it('is always logged in in the desktop app, where there is no login', async () => {
    setup();
    const s = useSessionStore();
    await s.start('ignored');
    expect(s.state).toBe('in');
    expect(s.canLogOut).toBe(false);
  });

  it('redeems the one-time code from the URL', async () => {
    const a = auth();
    setup({}, a);
    const s = useSessionStore();
    await s.start('the-code');
    expect(a.login).toHaveBeenCalledWith({ code: 'the-code' });
    expect(s.state).toBe('in');
  });

  it('falls back to an existing session when the code was already used (a reload)', async () => {
    setup({}, auth({ login: async () => Promise.reject(appErr('UNAUTHORIZED', 'expired')), isLoggedIn: async () => true }));
    const s = useSessionStore();
    await s.start('spent');
    expect(s.state).toBe('in');
    expect(s.error).toBeNull();
  });

  it('shows the login form with the reason when neither works, and logs in with a pasted token', async () => {
    const a = auth({ login: vi.fn(async () => Promise.reject(appErr('UNAUTHORIZED', 'this login link has expired'))) });
    setup({}, a);
    const s = useSessionStore();
    await s.start('spent');
    expect(s.state).toBe('out');
    expect(s.error).toEqual({ code: 'UNAUTHORIZED', message: 'this login link has expired' });

    expect(await s.loginWithToken('  ica_wrong ')).toBe(false);
    expect(a.login).toHaveBeenLastCalledWith({ token: 'ica_wrong' });
    a.login = vi.fn(async () => undefined);
    expect(await s.loginWithToken('ica_right')).toBe(true);
    expect(s.state).toBe('in');
    await s.logout();
    expect(a.logout).toHaveBeenCalled();
    expect(s.state).toBe('out');
  });

  it('reports an unreachable gateway by code', async () => {
    setup({}, auth({ isLoggedIn: async () => Promise.reject(new TypeError('Failed to fetch')) }));
    const s = useSessionStore();
    await s.start();
    expect(s.state).toBe('out');
    expect(s.error?.code).toBe('OFFLINE');
  });
});
