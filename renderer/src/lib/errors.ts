import { isAppError } from '../../../core/src/domain/errors.ts';

/** An error as the dashboard shows it: the stable code, and the gateway's own message. */
export interface UiError {
  code: string;
  message: string;
}

const TITLES: Record<string, string> = {
  UNAUTHORIZED: 'Not logged in',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  INVALID_INPUT: 'Not accepted',
  UNKNOWN_OPERATION: 'Not supported by this gateway',
  REQUEST_TOO_LARGE: 'Too large',
  METHOD_NOT_ALLOWED: 'Not allowed',
  INTERNAL: 'The gateway failed',
  OFFLINE: 'Gateway unreachable',
  UNEXPECTED: 'Something went wrong',
};

/** A human title for an error code; the code itself is always shown beside it. */
export function errorTitle(code: string): string {
  return TITLES[code] ?? 'Error';
}

/** Turns anything thrown by a client call into a UiError: codes survive every transport, stacks never do. */
export function toUiError(e: unknown): UiError {
  if (isAppError(e)) return { code: e.code, message: e.message };
  // fetch rejects with a TypeError when nothing answers.
  if (e instanceof TypeError) return { code: 'OFFLINE', message: 'the gateway did not answer; is it still running?' };
  if (e instanceof Error) return { code: 'UNEXPECTED', message: e.message };
  return { code: 'UNEXPECTED', message: String(e) };
}
