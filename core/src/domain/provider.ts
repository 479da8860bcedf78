import { z } from 'zod';
import type { ApiFamily } from './usage.ts';
import { NameSchema } from './agent.ts';

export const ProviderTypeSchema = z.enum(['openai', 'anthropic', 'openai-compatible']);
export type ProviderType = z.infer<typeof ProviderTypeSchema>;

/** Which wire format a provider type speaks. */
export function familyOf(type: ProviderType): ApiFamily {
  return type === 'anthropic' ? 'anthropic' : 'openai';
}

/** A provider as every front end may see it: the key itself never leaves the secret store. */
export const ProviderSchema = z.object({
  id: z.string(),
  name: NameSchema,
  type: ProviderTypeSchema,
  baseUrl: z.string().nullable(),
  hasKey: z.boolean(),
  last4: z.string().nullable(),
  zeroPriced: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Provider = z.infer<typeof ProviderSchema>;

export const AddProviderInputSchema = z.object({
  name: NameSchema,
  type: ProviderTypeSchema,
  baseUrl: z.string().nullable().default(null),
  key: z.string().min(1).max(4096).nullable(),
  zeroPriced: z.boolean().default(false),
});
export type AddProviderInput = z.input<typeof AddProviderInputSchema>;

/** The shown part of a key: its last four characters, only when the key is long enough to keep the rest secret. */
export function keyLast4(key: string): string | null {
  return key.length >= 16 ? key.slice(-4) : null;
}
