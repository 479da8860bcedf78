import { systemClock } from '../domain/clock.ts';
import type { Clock } from '../domain/clock.ts';
import { appError } from '../domain/errors.ts';
import { findCatalogModel } from './catalog.ts';
import { CompiledModel } from './compiled-model.ts';
import type { ModelPrice, PricedProvider, PriceExplanation, PriceOverride } from './types.ts';

type Resolved =
  | { kind: 'fixed'; price: ModelPrice; explanation: PriceExplanation }
  | { kind: 'catalog'; model: CompiledModel; explanation: PriceExplanation };

const FREE: ModelPrice = Object.freeze({
  inputPerMtok: 0,
  outputPerMtok: 0,
  cacheReadPerMtok: 0,
  cacheWritePerMtok: 0,
  source: 'free' as const,
});

/** Resolutions kept before the memo is dropped: agents choose model names, so the memo must not grow forever. */
const MEMO_LIMIT = 10_000;

/**
 * Prices for every (provider, model) the gateway sees. Resolution order: an override for this provider and
 * model, an override for the model at any provider, a provider declared free, then the bundled genai-prices
 * catalog. Unknown models have no price (the gateway refuses them). Each resolution is memoised, so after the
 * first call `priceFor` is a map lookup and a comparison or two.
 */
export class PriceBook {
  private readonly overrides = new Map<string, ModelPrice>();
  private readonly memo = new Map<string, Resolved | null>();
  private readonly clock: Pick<Clock, 'now'>;

  constructor(overrides: readonly PriceOverride[], options: { clock?: Pick<Clock, 'now'> } = {}) {
    this.clock = options.clock ?? systemClock;
    for (const o of overrides) {
      const key = overrideKey(o.providerId, o.model);
      if (this.overrides.has(key)) {
        throw appError('INVALID_INPUT', `two price overrides for model '${o.model}' at provider '${o.providerId ?? '*'}'`);
      }
      this.overrides.set(key, compileOverride(o));
    }
  }

  /**
   * Price for a model at a provider, or undefined when unknown (the caller refuses the call: an unknown price is
   * never free). `inputTokens` (uncached + cache read + cache write) picks the tier of tiered models; without it
   * the base tier is returned.
   */
  priceFor(provider: PricedProvider, model: string, inputTokens?: number): ModelPrice | undefined {
    const resolved = this.resolve(provider, model);
    if (!resolved) return undefined;
    return resolved.kind === 'fixed' ? resolved.price : resolved.model.priceAt(this.clock.now(), inputTokens);
  }

  /** Worst-case price for reservations: the highest tier for tiered models, the dearest time-of-day rate. */
  worstCasePriceFor(provider: PricedProvider, model: string): ModelPrice | undefined {
    const resolved = this.resolve(provider, model);
    if (!resolved) return undefined;
    return resolved.kind === 'fixed' ? resolved.price : resolved.model.worstAt(this.clock.now());
  }

  /** Where the price for a model at a provider comes from, or undefined when it has none. */
  explain(provider: PricedProvider, model: string): PriceExplanation | undefined {
    return this.resolve(provider, model)?.explanation;
  }

  private resolve(provider: PricedProvider, model: string): Resolved | undefined {
    const key = `${provider.type}\u0000${provider.id}\u0000${provider.baseUrl ?? ''}\u0000${provider.zeroPriced ? 1 : 0}\u0000${model}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const resolved = this.resolveUncached(provider, model);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(key, resolved ?? null);
    return resolved;
  }

  private resolveUncached(provider: PricedProvider, model: string): Resolved | undefined {
    const override = this.overrides.get(overrideKey(provider.id, model)) ?? this.overrides.get(overrideKey(null, model));
    if (override) return { kind: 'fixed', price: override, explanation: { source: 'override' } };
    if (provider.zeroPriced) return { kind: 'fixed', price: FREE, explanation: { source: 'free' } };
    if (model.trim() === '') return undefined;
    const found = findCatalogModel(provider, model);
    if (!found) return undefined;
    let compiled: CompiledModel | undefined;
    try {
      compiled = CompiledModel.from(found.model);
    } catch {
      compiled = undefined; // malformed catalog entry: unknown, hence refused
    }
    if (!compiled) return undefined;
    return {
      kind: 'catalog',
      model: compiled,
      explanation: { source: 'catalog', catalogProviderId: found.catalogProviderId, catalogModelId: found.model.id, match: found.match },
    };
  }
}

function overrideKey(providerId: string | null, model: string): string {
  // Model ids are matched like genai-prices matches them: case-insensitively, ignoring surrounding spaces.
  return `${providerId ?? ''}\u0000${model.trim().toLowerCase()}`;
}

function compileOverride(o: PriceOverride): ModelPrice {
  if (o.model.trim() === '') throw appError('INVALID_INPUT', 'a price override needs a model');
  const check = (name: string, value: number): number => {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw appError('INVALID_INPUT', `price override for '${o.model}': ${name} must be a whole number of micro-USD per Mtok, got ${value}`);
    }
    return value;
  };
  const inputPerMtok = check('inputPerMtok', o.inputPerMtok);
  return Object.freeze({
    inputPerMtok,
    outputPerMtok: check('outputPerMtok', o.outputPerMtok),
    cacheReadPerMtok: check('cacheReadPerMtok', o.cacheReadPerMtok ?? inputPerMtok),
    cacheWritePerMtok: check('cacheWritePerMtok', o.cacheWritePerMtok ?? inputPerMtok),
    source: 'override' as const,
  });
}
