import { describe, expect, it, vi } from 'vitest';
import { quitGracefully } from './shutdown.ts';

function fakeApp() {
  let listener: ((e: { preventDefault(): void }) => void) | undefined;
  const app = {
    quits: 0,
    on: (_event: 'before-quit', l: (e: { preventDefault(): void }) => void) => void (listener = l),
    // Like Electron: quit() emits before-quit again.
    quit() {
      app.quits++;
      fire();
    },
  };
  const fire = () => {
    const e = { prevented: false, preventDefault: () => void (e.prevented = true) };
    listener!(e);
    return e.prevented;
  };
  return { app, fire };
}

describe('graceful quit', () => {
  it('holds the quit until the gateway has drained, runs the drain once, then quits', async () => {
    const { app, fire } = fakeApp();
    let release!: () => void;
    const stop = vi.fn(() => new Promise<void>((r) => (release = r)));
    quitGracefully(app, stop, vi.fn());

    expect(fire()).toBe(true);
    expect(fire()).toBe(true); // a second Quit while draining waits for the same drain
    expect(stop).toHaveBeenCalledTimes(1);
    expect(app.quits).toBe(0);

    release();
    await vi.waitFor(() => expect(app.quits).toBe(1));
    expect(fire()).toBe(false);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('still quits when stopping fails, and reports why', async () => {
    const { app, fire } = fakeApp();
    const onError = vi.fn();
    quitGracefully(app, () => Promise.reject(new Error('disk full')), onError);
    fire();
    await vi.waitFor(() => expect(app.quits).toBe(1));
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk full' }));
  });
});
