import type { Scenario } from './directives.ts';
import type { ApiError, Flavour } from './errors.ts';
import type { IdSource } from './ids.ts';
import type { SseFrame } from './sse.ts';

/** What an endpoint answers with: a JSON body (status 200; a string is sent as already serialised) or a stream. */
export type Reply = { kind: 'json'; body: unknown } | { kind: 'sse'; frames: SseFrame[] };

export interface RespondContext {
  ids: IdSource;
  defaultOutputTokens: number;
  /** Unix seconds, for `created` fields. */
  now: number;
}

/** One emulated endpoint: pure functions from a parsed request to a reply, the server does the I/O. */
export interface Route {
  flavour: Flavour;
  /** POST endpoints take a JSON object body; GET ones none. */
  hasBody: boolean;
  /** A 400 for a request the real API refuses, else undefined. */
  validate(body: Record<string, unknown>): ApiError | undefined;
  /** The text scenario directives are read from: the last user message. */
  directiveText(body: Record<string, unknown>): string;
  respond(body: Record<string, unknown>, scenario: Readonly<Scenario>, ctx: RespondContext): Reply;
}

/** The request's `model`, echoed back as the real APIs do. */
export function modelOf(body: Record<string, unknown>): string {
  return typeof body.model === 'string' ? body.model : '';
}

/** Shared guard of the OpenAI endpoints: a model is required. */
export function missingModel(body: Record<string, unknown>): ApiError | undefined {
  return typeof body.model === 'string' && body.model !== ''
    ? undefined
    : { status: 400, message: 'you must provide a model parameter' };
}
