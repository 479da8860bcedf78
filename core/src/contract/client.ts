import { AppError, type AppErrorShape, type ErrorCode } from '../domain/errors.ts';
import type { CallContext } from './define.ts';
import { dispatch } from './dispatch.ts';
import type { Handlers } from './handlers/types.ts';
import type { OperationName, OpInput, OpOutput } from './operations.ts';

/** The typed client every front end uses: the dashboard (IPC or HTTP), the CLI (direct), tests. */
export interface ApiClient {
  call<N extends OperationName>(operation: N, input: OpInput<N>): Promise<OpOutput<N>>;
}

/** What a transport carries back: a result, or an error as code, status and message. */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: AppErrorShape };

/** Rebuilds a transported error as an AppError, so `isAppError(e, 'CODE')` works on every side. */
export function errorFromShape(shape: AppErrorShape): AppError {
  const e = new AppError(shape.code as ErrorCode, shape.message);
  return e;
}

/** A client over any transport that sends an operation and returns an envelope. */
export function createTransportClient(send: (operation: string, input: unknown) => Promise<Envelope>): ApiClient {
  return {
    async call(operation, input) {
      const reply = await send(operation, input);
      if (!reply.ok) throw errorFromShape(reply.error);
      return reply.result as never;
    },
  };
}

/** In-process client: the CLI calls the same handlers, through the same validation, as the remote front ends. */
export function createDirectClient(handlers: Handlers, ctx: CallContext): ApiClient {
  return {
    call: async (operation, input) => (await dispatch(handlers, operation, input, ctx)) as never,
  };
}
