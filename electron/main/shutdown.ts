/** The part of Electron's `app` that quitting goes through. */
export interface QuitHost {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Holds the app open on quit until `stop` has run once: the gateway stops taking calls, lets the ones in flight
 * finish (so they are settled, not left reserved), and the ledger closes. Then the quit goes ahead.
 */
export function quitGracefully(app: QuitHost, stop: () => Promise<void>, onError: (e: unknown) => void): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    stop()
      .catch(onError)
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}
