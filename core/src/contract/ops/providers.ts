import { z } from 'zod';
import { NameSchema } from '../../domain/agent.ts';
import { AddProviderInputSchema, ProviderSchema } from '../../domain/provider.ts';
import { op } from '../define.ts';

const ByName = z.object({ name: NameSchema });

export const ProviderTestResultSchema = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  latencyMs: z.number().int(),
  message: z.string(),
  models: z.number().int().nullable(),
});
export type ProviderTestResult = z.infer<typeof ProviderTestResultSchema>;

export const providerOps = {
  'providers.list': op({ input: z.object({}), output: z.array(ProviderSchema), summary: 'list providers (a key shows only as its last four characters)', mutates: false }),
  'providers.add': op({ input: AddProviderInputSchema, output: ProviderSchema, summary: 'add a provider and its key', mutates: true }),
  'providers.update': op({
    input: z.object({ name: NameSchema, baseUrl: z.string().nullable().optional(), zeroPriced: z.boolean().optional() }),
    output: ProviderSchema,
    summary: 'change a provider\'s base URL or zero pricing',
    mutates: true,
  }),
  'providers.rotateKey': op({ input: z.object({ name: NameSchema, key: z.string().min(1).max(4096) }), output: ProviderSchema, summary: 'replace a provider\'s key', mutates: true }),
  'providers.test': op({ input: ByName, output: ProviderTestResultSchema, summary: 'check that the provider answers and accepts its key', mutates: false }),
  'providers.remove': op({ input: ByName, output: z.object({ removed: z.literal(true) }), summary: 'remove a provider no agent uses', mutates: true }),
};
