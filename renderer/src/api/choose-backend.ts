import type { Backend } from './backend.ts';
import { createHttpBackend } from './http-backend.ts';
import { createIpcBackend } from './ipc-backend.ts';

/** IPC when the desktop app's preload is there, else HTTP to the gateway that served this page. */
export function chooseBackend(win: Window = window): Backend {
  return win.ironCage ? createIpcBackend(win.ironCage) : createHttpBackend(win.location);
}
