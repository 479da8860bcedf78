// The preload's whole surface. Type-only imports from the contract: the preload bundle holds no code but this
// file's and Electron's (sandboxed preloads can require nothing else).
import type { Envelope } from '../../core/src/contract/client.ts';
import type { AdminEvent } from '../../core/src/contract/events.ts';
import type { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../core/src/contract/ipc-binding.ts';
import type { OperationName } from '../../core/src/contract/operations.ts';

/** What the dashboard sees as `window.ironCage` in the desktop app: exactly these two functions. */
export interface DesktopBridge {
  /**
   * Calls one admin operation. Resolves to an envelope, never rejects for an operation's error: Electron keeps
   * only an Error's message across IPC, so codes travel as data (wrap with `createTransportClient`).
   */
  invoke(operation: OperationName, input?: unknown): Promise<Envelope>;
  /** Live admin events (the `app:event` channel, and no other). Returns the function that unsubscribes. */
  on(channel: typeof IPC_EVENT_CHANNEL, listener: (event: AdminEvent) => void): () => void;
}

export const BRIDGE_KEY = 'ironCage';

// Checked against the contract at compile time; spelled out so no contract code is bundled here.
const INVOKE_CHANNEL: typeof IPC_INVOKE_CHANNEL = 'app:invoke';
const EVENT_CHANNEL: typeof IPC_EVENT_CHANNEL = 'app:event';

/** Operation names look like `agents.list`; anything else is refused before it leaves the renderer. */
const OPERATION_NAME = /^[a-z][A-Za-z]{0,40}(\.[a-z][A-Za-z]{0,40}){1,2}$/;

/** What we use of Electron's `ipcRenderer`: one invoke channel, one event channel. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function refused(message: string): Promise<Envelope> {
  return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_OPERATION', status: 404, message } });
}

/**
 * Builds the bridge. The renderer never gets `ipcRenderer`, an IPC event object (its `sender` is ipcRenderer),
 * a channel name of its choosing, `process` or any Node API.
 */
export function createBridge(ipc: IpcRendererLike): DesktopBridge {
  return {
    invoke(operation, input) {
      if (typeof operation !== 'string' || !OPERATION_NAME.test(operation)) return refused('not an operation of the admin contract');
      return ipc.invoke(INVOKE_CHANNEL, operation, input ?? {}) as Promise<Envelope>;
    },
    on(channel, listener) {
      if (channel !== EVENT_CHANNEL) throw new TypeError(`only ${EVENT_CHANNEL} can be listened to`);
      if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
      // The IPC event object is dropped: its `sender` is ipcRenderer itself.
      const forward = (_event: unknown, payload: unknown): void => listener(payload as AdminEvent);
      ipc.on(EVENT_CHANNEL, forward);
      return () => void ipc.removeListener(EVENT_CHANNEL, forward);
    },
  };
}
