import type { ErrorCode } from '../domain/errors.ts';
import type { ApiFamily } from '../domain/usage.ts';

/** An error as a client of the called API expects to read it. */
export interface WireError {
  status: number;
  body: string;
}

// Types each SDK knows, by HTTP status. Anthropic has a dedicated billing error for 402.
const OPENAI_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'insufficient_quota',
  403: 'permission_error',
  404: 'invalid_request_error',
  405: 'invalid_request_error',
  413: 'invalid_request_error',
  502: 'api_error',
};
const ANTHROPIC_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'request_too_large',
  502: 'api_error',
};

/** Our codes travel in lower snake case on the wire (`budget_exceeded`), as provider error codes do. */
export function wireCode(code: ErrorCode): string {
  return code.toLowerCase();
}

/** Formats a gateway error in the error shape of the API family that was called. */
export function formatWireError(family: ApiFamily, status: number, code: ErrorCode, message: string): WireError {
  const c = wireCode(code);
  if (family === 'anthropic') {
    const type = ANTHROPIC_TYPE[status] ?? 'api_error';
    return { status, body: JSON.stringify({ type: 'error', error: { type, message, code: c } }) };
  }
  const type = OPENAI_TYPE[status] ?? 'server_error';
  return { status, body: JSON.stringify({ error: { message, type, param: null, code: c } }) };
}

/** The same error as an SSE event, for a stream that is already under way when it has to stop. */
export function formatStreamError(family: ApiFamily, code: ErrorCode, message: string): string {
  const c = wireCode(code);
  if (family === 'anthropic') {
    return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message, code: c } })}\n\n`;
  }
  return `data: ${JSON.stringify({ error: { message, type: 'server_error', param: null, code: c } })}\n\n`;
}
