import type { z } from 'zod';

/**
 * One admin operation of the contract: its input and output schemas. Every front end (dashboard over IPC or
 * HTTP, the CLI, later the team panel) calls the same operations, validated by the same schemas.
 */
export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for `--help`, API listings and the audit trail. */
  summary: string;
  /** Whether the operation changes state (audited; refused over GET-like transports). */
  mutates: boolean;
}

/** Declares an operation; the identity function keeps each schema's precise type. */
export function op<I extends z.ZodType, O extends z.ZodType>(def: Operation<I, O>): Operation<I, O> {
  return def;
}

/** Who performs an operation, recorded in the audit trail: `cli`, `dashboard`, later a panel user. */
export interface CallContext {
  actor: string;
}
