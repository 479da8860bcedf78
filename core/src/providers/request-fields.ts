import { appError } from '../domain/errors.ts';

/** Shared checks on request bodies. Each failure is an INVALID_REQUEST that names the field. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireBody(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw appError('INVALID_REQUEST', 'the request body must be a JSON object');
  return body;
}

export function requireModel(body: Record<string, unknown>): string {
  const model = body.model;
  if (typeof model !== 'string' || model.trim() === '') {
    throw appError('INVALID_REQUEST', "the request body needs a 'model' string");
  }
  return model;
}

export function streamFlag(body: Record<string, unknown>): boolean {
  const stream = body.stream;
  if (stream === undefined || stream === null) return false;
  if (typeof stream !== 'boolean') throw appError('INVALID_REQUEST', "'stream' must be true or false");
  return stream;
}

/** A positive integer field, or undefined when absent or null (null means "no cap" to the OpenAI API). */
export function optionalPositiveInt(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw appError('INVALID_REQUEST', `'${key}' must be a positive integer`);
  }
  return value;
}
