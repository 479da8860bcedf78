import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { isAppError } from '../../../domain/errors.ts';
import { isPanelError } from '../../../panel/errors.ts';

/** The one place errors become responses: `{ error: { code, status, message, reason?, details? } }`, never a stack. */
export function onPanelError(err: Error, c: Context): Response {
  if (isPanelError(err) || isAppError(err)) return c.json({ error: err.toJSON() }, err.status as ContentfulStatusCode);
  if (err instanceof ZodError) {
    const message = err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return c.json({ error: { code: 'INVALID_INPUT', status: 400, message } }, 400);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: { code: err.status === 404 ? 'NOT_FOUND' : 'INVALID_REQUEST', status: err.status, message: err.message || 'bad request' } }, err.status);
  }
  return c.json({ error: { code: 'INTERNAL', status: 500, message: 'internal error' } }, 500);
}
