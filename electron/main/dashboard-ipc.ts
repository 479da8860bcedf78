import { bindIpc, type IpcMainLike, type WebContentsLike } from '../../core/src/contract/ipc-binding.ts';
import type { Runtime } from '../../core/src/node/runtime.ts';
import { createSenderCheck } from './sender-check.ts';

export interface DashboardWindowLike {
  webContents: WebContentsLike & { id: number };
}

/** Who the audit trail names for changes made in the desktop window (the same as the web dashboard). */
export const DASHBOARD_ACTOR = 'dashboard';

/**
 * Serves the admin contract to our window over `app:invoke` / `app:event`. Only the window's own top frame,
 * showing our origin, gets an answer; the operation name and input are checked against the contract in main.
 */
export function bindDashboardIpc(
  ipcMain: IpcMainLike,
  rt: Pick<Runtime, 'handlers' | 'events'>,
  o: { origin: string; windows(): readonly DashboardWindowLike[] },
): () => void {
  return bindIpc(ipcMain, {
    handlers: rt.handlers,
    events: rt.events,
    isTrustedSender: createSenderCheck({ origin: o.origin, isOurWebContents: (id) => o.windows().some((w) => w.webContents.id === id) }),
    targets: () => o.windows().map((w) => w.webContents),
    actor: DASHBOARD_ACTOR,
  });
}
