import { createTransportClient, type Envelope } from '../../../core/src/contract/client.ts';
import type { AdminEvent } from '../../../core/src/contract/events.ts';
import type { Backend } from './backend.ts';

/** What the desktop app's preload exposes as `window.ironCage`: one invoke, one event feed, nothing else. */
export interface IronCageBridge {
  invoke(operation: string, input: unknown): Promise<Envelope>;
  on(channel: 'app:event', listener: (event: AdminEvent) => void): (() => void) | void;
  /** The gateway's URL as the desktop app runs it, if the preload tells (else the default port is assumed). */
  gatewayUrl?: string;
}

declare global {
  interface Window {
    ironCage?: IronCageBridge;
  }
}

const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8733';

/** The dashboard inside the desktop app: every operation over `app:invoke`, live events over `app:event`. */
export function createIpcBackend(bridge: IronCageBridge): Backend {
  const gatewayUrl = bridge.gatewayUrl ?? DEFAULT_GATEWAY_URL;
  let port: number | null = null;
  try {
    port = Number(new URL(gatewayUrl).port) || null;
  } catch {
    port = null;
  }
  return {
    kind: 'ipc',
    client: createTransportClient((operation, input) => bridge.invoke(operation, input)),
    gatewayUrl,
    port,
    auth: null,
    subscribe(listener, onState) {
      const off = bridge.on('app:event', listener);
      onState?.('live');
      return () => {
        if (typeof off === 'function') off();
      };
    },
  };
}
