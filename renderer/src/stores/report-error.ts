import { toUiError, type UiError } from '../lib/errors.ts';
import { useSessionStore } from './use-session-store.ts';

/** Converts a failed call for display; an ended session sends the page back to the login form. */
export function reportError(e: unknown): UiError {
  const ui = toUiError(e);
  if (ui.code === 'UNAUTHORIZED') useSessionStore().expired(ui);
  return ui;
}
