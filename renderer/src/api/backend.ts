import type { ApiClient } from '../../../core/src/contract/client.ts';
import type { AdminEvent } from '../../../core/src/contract/events.ts';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** Logging in is only a thing for the web dashboard; the desktop window is trusted by the main process. */
export interface SessionAuth {
  isLoggedIn(): Promise<boolean>;
  login(credential: { code: string } | { token: string }): Promise<void>;
  logout(): Promise<void>;
}

/**
 * Everything the dashboard knows of the outside world: the typed admin client, the live event feed and,
 * on the web, the login. The stores reach the gateway through this and nothing else.
 */
export interface Backend {
  kind: 'ipc' | 'http';
  client: ApiClient;
  /** Subscribes to live admin events; returns the unsubscribe function. */
  subscribe(listener: (e: AdminEvent) => void, onState?: (s: LiveState) => void): () => void;
  /** The gateway's URL as agents should call it (for the snippets shown with a new token). */
  gatewayUrl: string;
  /** The gateway's port, read-only here (the desktop app's settings or `serve --port` change it). */
  port: number | null;
  auth: SessionAuth | null;
}

let current: Backend | undefined;

/** Installs the backend at start (or a fake one in a test). */
export function setBackend(b: Backend | undefined): void {
  current = b;
}

export function backend(): Backend {
  if (!current) throw new Error('the dashboard has no backend; call setBackend() first');
  return current;
}

/** Shorthand for the stores: the typed admin client. */
export function api(): ApiClient {
  return backend().client;
}
