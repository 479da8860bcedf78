import type { IpcInvokeEventLike, IpcMainLike, WebContentsLike } from '../../core/src/contract/ipc-binding.ts';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

/**
 * An in-memory stand-in for Electron's ipcMain/ipcRenderer pair. Like real IPC, every message is structured-cloned,
 * so nothing that cannot cross a process boundary (functions, class instances, stacks) survives.
 */
export function createFakeIpc(senderUrl = 'app://iron-cage/index.html') {
  const handlers = new Map<string, Listener>();
  const received: unknown[] = [];
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`a handler for ${channel} is already registered`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const webContents: WebContentsLike = {
    send: (_channel, ...args) => received.push(structuredClone(args[0])),
    isDestroyed: () => false,
  };
  return {
    ipcMain,
    webContents,
    received,
    /** What the preload's `invoke(operation, input)` does: one round trip on the invoke channel. */
    async invoke(channel: string, fromUrl: string, ...args: unknown[]): Promise<unknown> {
      const h = handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      const event: IpcInvokeEventLike = { sender: { id: 1 }, senderFrame: { url: fromUrl } };
      return structuredClone(await h(event, ...args.map((a) => structuredClone(a))));
    },
    senderUrl,
  };
}
