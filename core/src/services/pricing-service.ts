import { z } from 'zod';
import { appError } from '../domain/errors.ts';
import type { Clock } from '../domain/clock.ts';
import { isValidTimeZone } from '../domain/period.ts';
import type { PriceOverride } from '../pricing/index.ts';
import type { AuditLog, PriceOverrideRepo, ProviderRepo, SettingsRepo } from '../ports/store.ts';
import type { Actor } from './agent-service.ts';

/** Bumped on every change a running gateway must pick up (prices, time zone). */
export const CONFIG_REV_SETTING = 'config_rev';
export const TIMEZONE_SETTING = 'timezone';

const PerMtok = z.number().int().nonnegative().max(1e12);

export const PriceOverrideInputSchema = z.object({
  model: z.string().min(1).max(200),
  /** A provider name, or null for the model at any provider. */
  provider: z.string().nullable().default(null),
  inputPerMtok: PerMtok,
  outputPerMtok: PerMtok,
  cacheReadPerMtok: PerMtok.optional(),
  cacheWritePerMtok: PerMtok.optional(),
});
export type PriceOverrideInput = z.input<typeof PriceOverrideInputSchema>;

export interface PricingServiceDeps {
  overrides: PriceOverrideRepo;
  providers: ProviderRepo;
  settings: SettingsRepo;
  audit: AuditLog;
  clock: Clock;
  /** Called after every change, so this process applies it at once (others poll the revision). */
  onChange?: () => void;
}

/** Price overrides and the settings a running gateway reloads without a restart. */
export class PricingService {
  constructor(private readonly d: PricingServiceDeps) {}

  setOverride(input: PriceOverrideInput, actor: Actor): PriceOverride {
    const p = PriceOverrideInputSchema.parse(input);
    const providerId = p.provider === null ? null : this.providerId(p.provider);
    const override: PriceOverride = {
      providerId,
      model: p.model,
      inputPerMtok: p.inputPerMtok,
      outputPerMtok: p.outputPerMtok,
      ...(p.cacheReadPerMtok !== undefined ? { cacheReadPerMtok: p.cacheReadPerMtok } : {}),
      ...(p.cacheWritePerMtok !== undefined ? { cacheWritePerMtok: p.cacheWritePerMtok } : {}),
    };
    const now = this.d.clock.now();
    this.d.overrides.upsert(override, now);
    this.bump();
    this.d.audit.append({ actor, action: 'price.override_set', target: p.model, details: { ...p } }, now);
    return override;
  }

  listOverrides(): (PriceOverride & { providerName: string | null })[] {
    return this.d.overrides.list().map((o) => ({
      ...o,
      providerName: o.providerId === null ? null : (this.d.providers.byId(o.providerId)?.name ?? null),
    }));
  }

  removeOverride(model: string, provider: string | null, actor: Actor): void {
    const providerId = provider === null ? null : this.providerId(provider);
    if (!this.d.overrides.remove(providerId, model)) {
      throw appError('NOT_FOUND', `no price override for "${model}"${provider ? ` at "${provider}"` : ''}`);
    }
    this.bump();
    this.d.audit.append({ actor, action: 'price.override_removed', target: model, details: { provider } }, this.d.clock.now());
  }

  timeZone(): string | undefined {
    return this.d.settings.get(TIMEZONE_SETTING);
  }

  setTimeZone(tz: string, actor: Actor): void {
    if (!isValidTimeZone(tz)) throw appError('INVALID_INPUT', `unknown time zone "${tz}" (use an IANA name such as Europe/Paris)`);
    const before = this.timeZone();
    this.d.settings.set(TIMEZONE_SETTING, tz);
    this.bump();
    this.d.audit.append({ actor, action: 'settings.timezone_changed', details: { from: before ?? null, to: tz } }, this.d.clock.now());
  }

  /** The revision a running gateway compares to know it must reload. */
  configRevision(): string {
    return this.d.settings.get(CONFIG_REV_SETTING) ?? '0';
  }

  private bump(): void {
    this.d.settings.set(CONFIG_REV_SETTING, String(Number(this.configRevision()) + 1));
    this.d.onChange?.();
  }

  private providerId(name: string): string {
    const p = this.d.providers.byName(name);
    if (!p) throw appError('NOT_FOUND', `no provider named "${name}"`);
    return p.id;
  }
}
