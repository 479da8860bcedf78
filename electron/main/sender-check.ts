import type { IpcInvokeEventLike } from '../../core/src/contract/ipc-binding.ts';

/** `scheme://host[:port]` of a URL; for custom schemes `URL.origin` is the opaque "null", so it is built by hand. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}

export interface SenderCheckOptions {
  /** The dashboard's origin: `app://iron-cage`, or the dev server's in `electron-vite dev`. */
  origin: string;
  /** True for the webContents of a window we opened. */
  isOurWebContents(id: number): boolean;
}

/**
 * Trusts an IPC call only from the top frame of one of our windows while it shows our own origin: a window
 * that somehow navigated elsewhere, or an embedded frame, is refused on every call.
 */
export function createSenderCheck(o: SenderCheckOptions): (event: IpcInvokeEventLike) => boolean {
  return (event) => {
    const frame = event.senderFrame as (IpcInvokeEventLike['senderFrame'] & { parent?: unknown }) | null;
    if (!frame) return false;
    if (frame.parent !== undefined && frame.parent !== null) return false;
    if (!o.isOurWebContents(event.sender.id)) return false;
    return originOf(frame.url) === o.origin;
  };
}
