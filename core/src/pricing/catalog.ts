import { calcPrice, findProvider } from '@pydantic/genai-prices';
import type { ModelInfo, PriceOptions, TieredPrices } from '@pydantic/genai-prices';
import { missingCase } from '../domain/errors.ts';
import type { PricedProvider, PriceExplanation } from './types.ts';

/** A catalog model found for a provider and model id, and how it was found. */
export interface CatalogMatch {
  model: ModelInfo;
  catalogProviderId: string;
  match: NonNullable<PriceExplanation['match']>;
}

/**
 * Providers tried, in order, when an OpenAI-compatible endpoint is unknown and only the model name is left to go
 * on: the model's maker first (its list price is the best guess for a re-hoster), then hosts, then OpenRouter
 * (whose ids are `vendor/model`). Subscription-bundled catalogs (github-copilot) are left out on purpose: they
 * list models at zero, which must never be guessed for an unknown endpoint.
 */
const NAME_SCAN_ORDER = [
  'openai', 'anthropic', 'google', 'mistral', 'deepseek', 'x-ai', 'cohere', 'moonshotai', 'zai', 'zhipuai',
  'minimax', 'voyageai', 'perplexity', 'arcee', 'groq', 'together', 'fireworks', 'cerebras', 'novita',
  'baseten', 'avian', 'doubleword', 'quicksilverpro', 'ovhcloud', 'cloudflare', 'aws', 'openrouter',
] as const;

/** Finds the catalog model genai-prices would price this call with, or undefined. Slow: memoise the result. */
export function findCatalogModel(provider: PricedProvider, model: string): CatalogMatch | undefined {
  switch (provider.type) {
    case 'openai':
      return inProvider('openai', model, 'provider-type');
    case 'anthropic':
      return inProvider('anthropic', model, 'provider-type');
    case 'openai-compatible':
      return findForCompatible(provider.baseUrl, model);
    default:
      return missingCase(provider.type);
  }
}

function findForCompatible(baseUrl: string | null, model: string): CatalogMatch | undefined {
  const byUrl = baseUrl ? providerIdForUrl(baseUrl) : undefined;
  if (byUrl) {
    // A known host: its own catalog decides (including a zero price it lists). Aggregators that pass
    // `vendor/model` through to the vendor get the vendor's price when the host does not list the model.
    return inProvider(byUrl, model, 'base-url') ?? (model.includes('/') ? byVendorPrefix(model) : undefined);
  }
  // An unknown host: guess from the name, but a guess is never free.
  const guess = (model.includes('/') ? byVendorPrefix(model) : undefined) ?? byModelName(model);
  return guess && !isFreeEverywhere(guess.model) ? guess : undefined;
}

function providerIdForUrl(baseUrl: string): string | undefined {
  try {
    return findProvider({ providerApiUrl: baseUrl.trim() })?.id;
  } catch {
    return undefined;
  }
}

/** `openai/gpt-4o` → the openai catalog's gpt-4o, as genai-prices resolves LiteLLM-style ids; then OpenRouter's. */
function byVendorPrefix(model: string): CatalogMatch | undefined {
  const viaVendor = lookup(model, { providerId: 'litellm' });
  if (viaVendor) return { ...viaVendor, match: 'vendor-prefix' };
  return inProvider('openrouter', model, 'vendor-prefix');
}

function byModelName(model: string): CatalogMatch | undefined {
  // genai-prices' own rule first: the provider whose model pattern claims the name (gpt-* → openai, …).
  const claimed = lookup(model, {});
  if (claimed && !isFreeEverywhere(claimed.model)) return { ...claimed, match: 'model-name' };
  for (const id of NAME_SCAN_ORDER) {
    const found = inProvider(id, model, 'model-name');
    if (found && !isFreeEverywhere(found.model)) return found;
  }
  return undefined;
}

function inProvider(providerId: string, model: string, match: CatalogMatch['match']): CatalogMatch | undefined {
  const found = lookup(model, { providerId });
  return found ? { ...found, match } : undefined;
}

/** Runs genai-prices' own resolution (aliases, dated ids, fallback providers) and keeps only what it matched. */
function lookup(model: string, options: PriceOptions): Omit<CatalogMatch, 'match'> | undefined {
  try {
    const result = calcPrice({}, model, options);
    return result ? { model: result.model, catalogProviderId: result.provider.id } : undefined;
  } catch {
    // A catalog entry genai-prices itself cannot evaluate is treated as unknown: refused, never free.
    return undefined;
  }
}

function isFreeEverywhere(model: ModelInfo): boolean {
  const entries = Array.isArray(model.prices) ? model.prices.map((p) => p.prices) : [model.prices];
  return entries.every((prices) => Object.values(prices).every(isZeroPrice));
}

function isZeroPrice(price: number | TieredPrices | undefined): boolean {
  if (price === undefined || typeof price === 'number') return !price;
  return price.base === 0 && price.tiers.every((t) => t.price === 0);
}
