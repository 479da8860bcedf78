import type { z } from 'zod';
import type { Operation } from './define.ts';
import { agentOps } from './ops/agents.ts';
import { analyticsOps } from './ops/analytics.ts';
import { auditOps } from './ops/audit.ts';
import { providerOps } from './ops/providers.ts';
import { settingsOps } from './ops/settings.ts';
import { usageOps } from './ops/usage.ts';

/** Every admin operation, declared once. Transports and clients are generated from this table. */
export const OPERATIONS = {
  ...agentOps,
  ...providerOps,
  ...settingsOps,
  ...usageOps,
  ...auditOps,
  ...analyticsOps,
} as const satisfies Record<string, Operation>;

export type Operations = typeof OPERATIONS;
export type OperationName = keyof Operations;
/** What a caller sends (defaults not yet applied). */
export type OpInput<N extends OperationName> = z.input<Operations[N]['input']>;
/** What a handler receives (parsed, defaults applied). */
export type OpParsed<N extends OperationName> = z.output<Operations[N]['input']>;
export type OpOutput<N extends OperationName> = z.output<Operations[N]['output']>;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}
