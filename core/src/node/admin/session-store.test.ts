import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../domain/clock.ts';
import { DashboardSessions } from './session-store.ts';

describe('dashboard sessions', () => {
  it('redeem a login code once, within its time', () => {
    const clock = new ManualClock();
    const s = new DashboardSessions({ clock, codeTtlMs: 60_000 });
    const code = s.issueLoginCode();
    expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const session = s.redeemLoginCode(code);
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.isValid(session)).toBe(true);
    expect(s.redeemLoginCode(code)).toBeUndefined();

    const late = s.issueLoginCode();
    clock.advance(60_000);
    expect(s.redeemLoginCode(late)).toBeUndefined();
  });

  it('expire sessions, end them on logout, and know no other id', () => {
    const clock = new ManualClock();
    const s = new DashboardSessions({ clock, sessionTtlMs: 1_000 });
    const a = s.startSession();
    const b = s.startSession();
    expect(a).not.toBe(b);
    s.end(a);
    expect(s.isValid(a)).toBe(false);
    expect(s.isValid(b)).toBe(true);
    clock.advance(1_000);
    expect(s.isValid(b)).toBe(false);
    expect(s.isValid(undefined)).toBe(false);
    expect(s.isValid('')).toBe(false);
    expect(s.isValid('x'.repeat(43))).toBe(false);
    expect(s.sessionTtlSeconds).toBe(1);
  });

  it('keep at most a bounded number, dropping the oldest', () => {
    const s = new DashboardSessions({ clock: new ManualClock(), maxSessions: 2, maxCodes: 1 });
    const [a, b, c] = [s.startSession(), s.startSession(), s.startSession()];
    expect([s.isValid(a), s.isValid(b), s.isValid(c)]).toEqual([false, true, true]);
    const first = s.issueLoginCode();
    const second = s.issueLoginCode();
    expect(s.redeemLoginCode(first)).toBeUndefined();
    expect(s.redeemLoginCode(second)).toBeDefined();
  });
});
