import { ZodError } from 'zod';
import { appError, isAppError, type AppErrorShape } from '../domain/errors.ts';
import type { CallContext } from './define.ts';
import type { Handlers } from './handlers/types.ts';
import { isOperationName, OPERATIONS, type OperationName } from './operations.ts';

/** Turns a schema failure into one readable INVALID_INPUT message. */
export function zodMessage(e: ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
}

/**
 * Runs one operation for any transport: the name is checked against the contract, the input is parsed with
 * the operation's schema (so a handler only ever sees valid input), and the output is parsed too, so no field
 * the contract does not declare (a key, a hash) can leak to a front end.
 */
export async function dispatch(handlers: Handlers, name: string, rawInput: unknown, ctx: CallContext): Promise<unknown> {
  if (!isOperationName(name)) throw appError('UNKNOWN_OPERATION', `no such operation: ${name}`);
  const operation = OPERATIONS[name];
  let input: unknown;
  try {
    input = operation.input.parse(rawInput ?? {});
  } catch (e) {
    if (e instanceof ZodError) throw appError('INVALID_INPUT', zodMessage(e));
    throw e;
  }
  const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
  let output: unknown;
  try {
    output = await handler(input, ctx);
  } catch (e) {
    if (e instanceof ZodError) throw appError('INVALID_INPUT', zodMessage(e));
    throw e;
  }
  const checked = operation.output.safeParse(output);
  if (!checked.success) throw appError('INTERNAL', `operation ${name} produced a result outside its contract`);
  return checked.data;
}

/** The error as it crosses a boundary: code, status and message, never a stack. */
export function toErrorShape(e: unknown): AppErrorShape {
  if (isAppError(e)) return e.toJSON();
  if (e instanceof ZodError) return appError('INVALID_INPUT', zodMessage(e)).toJSON();
  return { code: 'INTERNAL', status: 500, message: 'internal error; see the log' };
}

export type { OperationName };
