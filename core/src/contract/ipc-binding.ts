import { appError } from '../domain/errors.ts';
import type { Envelope } from './client.ts';
import { dispatch, toErrorShape } from './dispatch.ts';
import type { EventHub } from './events.ts';
import type { Handlers } from './handlers/types.ts';

/** The one channel family the desktop app uses: every operation goes through `app:invoke`. */
export const IPC_INVOKE_CHANNEL = 'app:invoke';
export const IPC_EVENT_CHANNEL = 'app:event';

/** What the binding needs of Electron's ipcMain (kept structural so it is testable without Electron). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcInvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export interface IpcBindingOptions {
  handlers: Handlers;
  events: EventHub;
  /** True only for our own window's frame (checked on every call: a navigated or foreign frame is refused). */
  isTrustedSender(event: IpcInvokeEventLike): boolean;
  /** The windows that receive live events. */
  targets(): readonly WebContentsLike[];
  actor: string;
}

/**
 * Serves the admin contract over Electron IPC. Inputs are re-validated by the contract's schemas in main
 * (never trusted from the renderer), and replies are envelopes: Electron keeps only an Error's message
 * across IPC, so codes travel as data.
 */
export function bindIpc(ipcMain: IpcMainLike, o: IpcBindingOptions): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, operation, input): Promise<Envelope> => {
    try {
      if (!o.isTrustedSender(event)) throw appError('FORBIDDEN', 'this window may not call the admin API');
      if (typeof operation !== 'string') throw appError('INVALID_INPUT', 'the operation name must be a string');
      return { ok: true, result: await dispatch(o.handlers, operation, input, { actor: o.actor }) };
    } catch (e) {
      return { ok: false, error: toErrorShape(e) };
    }
  });
  const unsubscribe = o.events.subscribe((e) => {
    for (const target of o.targets()) if (!target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, e);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  };
}
