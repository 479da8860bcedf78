import { z } from 'zod';
import { op } from '../define.ts';

const PerMtok = z.number().int().nonnegative();

export const PriceOverrideSchema = z.object({
  providerId: z.string().nullable(),
  providerName: z.string().nullable(),
  model: z.string(),
  inputPerMtok: PerMtok,
  outputPerMtok: PerMtok,
  cacheReadPerMtok: PerMtok.optional(),
  cacheWritePerMtok: PerMtok.optional(),
});

export const ModelPriceSchema = z.object({
  inputPerMtok: PerMtok,
  outputPerMtok: PerMtok,
  cacheReadPerMtok: PerMtok,
  cacheWritePerMtok: PerMtok,
  source: z.enum(['catalog', 'override', 'free']),
});

export const SettingsSchema = z.object({
  timezone: z.string(),
  timezoneIsSystemDefault: z.boolean(),
  dataDir: z.string(),
});

export const HostStatusSchema = z.object({
  /** What runs this gateway: the desktop app, or the headless `iron-cage serve`. */
  host: z.enum(['desktop', 'headless']),
  /** The running Iron Cage version (the dashboard shows it beside the help link). */
  version: z.string().optional(),
  /** Where agents reach the gateway, once it listens. */
  gatewayUrl: z.string().nullable(),
  secretStore: z.object({
    kind: z.string(),
    /** Set when provider keys are not protected by the OS keychain: shown plainly, never hidden. */
    warning: z.string().nullable(),
  }),
});
export type HostStatus = z.infer<typeof HostStatusSchema>;

export const settingsOps = {
  'host.status': op({ input: z.object({}), output: HostStatusSchema, summary: 'the host, its gateway address and how provider keys are protected', mutates: false }),
  'prices.list': op({ input: z.object({}), output: z.array(PriceOverrideSchema), summary: 'list price overrides', mutates: false }),
  'prices.set': op({
    input: z.object({
      model: z.string().min(1).max(200),
      provider: z.string().nullable().default(null),
      inputPerMtok: PerMtok,
      outputPerMtok: PerMtok,
      cacheReadPerMtok: PerMtok.optional(),
      cacheWritePerMtok: PerMtok.optional(),
    }),
    output: PriceOverrideSchema.omit({ providerName: true }),
    summary: 'set a model\'s price (micro-USD per million tokens)',
    mutates: true,
  }),
  'prices.remove': op({
    input: z.object({ model: z.string().min(1), provider: z.string().nullable().default(null) }),
    output: z.object({ removed: z.literal(true) }),
    summary: 'remove a price override',
    mutates: true,
  }),
  'prices.lookup': op({
    input: z.object({ provider: z.string().min(1), model: z.string().min(1).max(200) }),
    output: ModelPriceSchema.nullable(),
    summary: 'the price a call to this model at this provider would be charged at (null: refused as unpriced)',
    mutates: false,
  }),
  'settings.get': op({ input: z.object({}), output: SettingsSchema, summary: 'settings shared by every process on this data directory', mutates: false }),
  'settings.update': op({ input: z.object({ timezone: z.string().min(1).optional() }), output: SettingsSchema, summary: 'change shared settings', mutates: true }),
};
