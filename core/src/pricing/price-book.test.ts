import { describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.ts';
import { isAppError } from '../domain/errors.ts';
import { costMicros, worstCaseMicros } from './cost.ts';
import { PriceBook } from './price-book.ts';
import type { PricedProvider } from './types.ts';

const openai: PricedProvider = { id: 'openai-main', type: 'openai', baseUrl: null, zeroPriced: false };
const anthropic: PricedProvider = { id: 'anthropic-main', type: 'anthropic', baseUrl: null, zeroPriced: false };
const compatible = (id: string, baseUrl: string | null): PricedProvider => ({ id, type: 'openai-compatible', baseUrl, zeroPriced: false });
const openrouter = compatible('or', 'https://openrouter.ai/api/v1');
const local = compatible('llm-proxy', 'http://localhost:4000/v1');

const book = new PriceBook([]);
const rates = (input: number, output: number, cacheRead: number, cacheWrite: number) => ({
  inputPerMtok: input,
  outputPerMtok: output,
  cacheReadPerMtok: cacheRead,
  cacheWritePerMtok: cacheWrite,
  source: 'catalog',
});

describe('PriceBook — catalog prices (bundled @pydantic/genai-prices)', () => {
  it('prices OpenAI models, including dated ids, with no cache-write price falling back to input', () => {
    expect(book.priceFor(openai, 'gpt-4o-mini')).toEqual(rates(150_000, 600_000, 75_000, 150_000));
    expect(book.priceFor(openai, 'gpt-4o-mini-2024-07-18')).toEqual(rates(150_000, 600_000, 75_000, 150_000));
    expect(book.priceFor(openai, 'gpt-4o')).toEqual(rates(2_500_000, 10_000_000, 1_250_000, 2_500_000));
    expect(book.priceFor(openai, 'o3-mini')).toEqual(rates(1_100_000, 4_400_000, 550_000, 1_100_000));
  });

  it('prices an embedding model', () => {
    expect(book.priceFor(openai, 'text-embedding-3-small')).toMatchObject({ inputPerMtok: 20_000 });
  });

  it('prices Anthropic models with cache write and read, resolving dated ids to their alias', () => {
    expect(book.priceFor(anthropic, 'claude-3-5-haiku-20241022')).toEqual(rates(800_000, 4_000_000, 80_000, 1_000_000));
    expect(book.priceFor(anthropic, 'claude-sonnet-4-20250514')).toEqual(rates(3_000_000, 15_000_000, 300_000, 3_750_000));
    expect(book.explain(anthropic, 'claude-3-5-haiku-20241022')).toEqual({
      source: 'catalog',
      catalogProviderId: 'anthropic',
      catalogModelId: 'claude-3-5-haiku-latest',
      match: 'provider-type',
    });
  });

  it('picks the tier by total input tokens, and the highest tier for the worst case (Claude Sonnet 4.5)', () => {
    expect(book.priceFor(anthropic, 'claude-sonnet-4-5', 200_000)).toEqual(rates(3_000_000, 15_000_000, 300_000, 3_750_000));
    expect(book.priceFor(anthropic, 'claude-sonnet-4-5', 200_001)).toEqual(rates(6_000_000, 22_500_000, 600_000, 7_500_000));
    expect(book.worstCasePriceFor(anthropic, 'claude-sonnet-4-5')).toEqual(rates(6_000_000, 22_500_000, 600_000, 7_500_000));
  });

  it('charges a real call exactly (gpt-4o-mini with cached tokens)', () => {
    const price = book.priceFor(openai, 'gpt-4o-mini');
    if (!price) throw new Error('gpt-4o-mini must be priced');
    // 1000 uncached × 0.15 + 2000 cached × 0.075 + 300 out × 0.6 = 150 + 150 + 180 µUSD
    expect(costMicros(price, { inputTokens: 1_000, cacheReadTokens: 2_000, cacheWriteTokens: 0, outputTokens: 300, reasoningTokens: 0 })).toBe(480);
  });

  it('prices OpenRouter ids from the OpenRouter catalog, inferred from the base URL', () => {
    expect(book.priceFor(openrouter, 'openai/gpt-4o-mini')).toEqual(rates(150_000, 600_000, 75_000, 150_000));
    expect(book.priceFor(openrouter, 'anthropic/claude-3.5-haiku')).toEqual(rates(800_000, 4_000_000, 800_000, 800_000));
    expect(book.explain(openrouter, 'openai/gpt-4o-mini')).toMatchObject({ catalogProviderId: 'openrouter', match: 'base-url' });
    // OpenRouter lists ':free' variants at zero: a known host's own zero price stands.
    expect(book.priceFor(openrouter, 'meta-llama/llama-3.3-70b-instruct:free')).toMatchObject({ inputPerMtok: 0, outputPerMtok: 0 });
  });

  it('infers other OpenAI-compatible hosts from their base URL', () => {
    const groq = compatible('groq', 'https://api.groq.com/openai/v1');
    expect(book.priceFor(groq, 'llama-3.3-70b-versatile')).toMatchObject({ inputPerMtok: 590_000, outputPerMtok: 790_000 });
    const gemini = compatible('gemini', 'https://generativelanguage.googleapis.com/v1beta/openai/');
    expect(book.priceFor(gemini, 'gemini-2.5-pro', 1_000)).toMatchObject({ inputPerMtok: 1_250_000, outputPerMtok: 10_000_000 });
    expect(book.worstCasePriceFor(gemini, 'gemini-2.5-pro')).toMatchObject({ inputPerMtok: 2_500_000, outputPerMtok: 15_000_000 });
    expect(book.explain(gemini, 'gemini-2.5-pro')).toMatchObject({ catalogProviderId: 'google', match: 'base-url' });
  });

  it('falls back to the model name for unknown hosts: vendor prefix first, then the name', () => {
    expect(book.priceFor(local, 'openai/gpt-4o')).toMatchObject({ inputPerMtok: 2_500_000 });
    expect(book.explain(local, 'openai/gpt-4o')).toMatchObject({ catalogProviderId: 'openai', match: 'vendor-prefix' });
    expect(book.priceFor(local, 'gpt-4o-mini')).toMatchObject({ inputPerMtok: 150_000 });
    expect(book.explain(local, 'gpt-4o-mini')).toMatchObject({ catalogProviderId: 'openai', match: 'model-name' });
    expect(book.priceFor(compatible('nohost', null), 'claude-3-5-haiku-20241022')).toMatchObject({ inputPerMtok: 800_000 });
  });

  it('never guesses a free price for an unknown host', () => {
    expect(book.priceFor(local, 'meta-llama/llama-3.3-70b-instruct:free')).toBeUndefined();
  });

  it('returns undefined for unknown models, empty ids and models not priced per token', () => {
    expect(book.priceFor(openai, 'definitely-not-a-model')).toBeUndefined();
    expect(book.worstCasePriceFor(openai, 'definitely-not-a-model')).toBeUndefined();
    expect(book.priceFor(anthropic, 'gpt-4o')).toBeUndefined();
    expect(book.priceFor(openai, '')).toBeUndefined();
    expect(book.priceFor(openai, 'whisper-1')).toBeUndefined();
    expect(book.priceFor(local, 'my-private-finetune')).toBeUndefined();
  });

  it('follows the clock for time-of-day prices, with the dearest window as the worst case (DeepSeek)', () => {
    const clock = new ManualClock(Date.parse('2026-06-01T12:00:00Z'));
    const timed = new PriceBook([], { clock });
    const deepseek = compatible('ds', 'https://api.deepseek.com');
    expect(timed.priceFor(deepseek, 'deepseek-chat')).toMatchObject({ inputPerMtok: 270_000, outputPerMtok: 1_100_000 });
    clock.set(Date.parse('2026-06-01T20:00:00Z'));
    expect(timed.priceFor(deepseek, 'deepseek-chat')).toMatchObject({ inputPerMtok: 135_000, outputPerMtok: 550_000 });
    expect(timed.worstCasePriceFor(deepseek, 'deepseek-chat')).toMatchObject({ inputPerMtok: 270_000, outputPerMtok: 1_100_000 });
  });

  it('memoises: the second lookup returns the same object and costs microseconds', () => {
    const fresh = new PriceBook([]);
    const first = fresh.priceFor(openrouter, 'openai/gpt-4o-mini');
    expect(fresh.priceFor(openrouter, 'openai/gpt-4o-mini')).toBe(first);
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) fresh.priceFor(openrouter, 'openai/gpt-4o-mini', i);
    const perCallMicros = ((performance.now() - started) * 1000) / 100_000;
    expect(perCallMicros).toBeLessThan(20);
  });

  it('keeps real costs within the reserved worst case across tiers (property, Sonnet 4.5)', () => {
    const worst = book.worstCasePriceFor(anthropic, 'claude-sonnet-4-5');
    if (!worst) throw new Error('claude-sonnet-4-5 must be priced');
    for (const [input, cacheRead, cacheWrite, output] of [
      [10, 0, 0, 1],
      [150_000, 40_000, 9_999, 64_000],
      [1, 199_999, 0, 1],
      [100_000, 100_000, 100_000, 8_000],
    ] as const) {
      const total = input + cacheRead + cacheWrite;
      const price = book.priceFor(anthropic, 'claude-sonnet-4-5', total);
      if (!price) throw new Error('claude-sonnet-4-5 must be priced');
      const usage = { inputTokens: input, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, outputTokens: output, reasoningTokens: 0 };
      expect(costMicros(price, usage)).toBeLessThanOrEqual(worstCaseMicros(worst, total, output));
    }
  });
});

describe('PriceBook — overrides and free providers', () => {
  const overrides = new PriceBook([
    { providerId: null, model: 'gpt-4o', inputPerMtok: 1_000_000, outputPerMtok: 2_000_000 },
    { providerId: 'openai-main', model: 'GPT-4o', inputPerMtok: 5_000_000, outputPerMtok: 6_000_000, cacheReadPerMtok: 7, cacheWritePerMtok: 8 },
    { providerId: null, model: 'my-private-finetune', inputPerMtok: 400_000, outputPerMtok: 1_600_000, cacheReadPerMtok: 100_000 },
  ]);

  it('prefers an override for the provider, then one for any provider, over the catalog', () => {
    expect(overrides.priceFor(openai, 'gpt-4o')).toEqual({ inputPerMtok: 5_000_000, outputPerMtok: 6_000_000, cacheReadPerMtok: 7, cacheWritePerMtok: 8, source: 'override' });
    expect(overrides.priceFor(openrouter, 'gpt-4o')).toEqual({ inputPerMtok: 1_000_000, outputPerMtok: 2_000_000, cacheReadPerMtok: 1_000_000, cacheWritePerMtok: 1_000_000, source: 'override' });
    expect(overrides.worstCasePriceFor(openai, 'gpt-4o')).toMatchObject({ inputPerMtok: 5_000_000, source: 'override' });
    expect(overrides.priceFor(openai, 'gpt-4o-mini')).toMatchObject({ source: 'catalog' });
  });

  it('prices a model the catalog does not know', () => {
    expect(overrides.priceFor(local, 'my-private-finetune')).toEqual({ inputPerMtok: 400_000, outputPerMtok: 1_600_000, cacheReadPerMtok: 100_000, cacheWritePerMtok: 400_000, source: 'override' });
    expect(overrides.explain(local, 'my-private-finetune')).toEqual({ source: 'override' });
  });

  it('makes every model free at a zero-priced provider, but an override still wins', () => {
    const ollama: PricedProvider = { id: 'ollama', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', zeroPriced: true };
    const free = { inputPerMtok: 0, outputPerMtok: 0, cacheReadPerMtok: 0, cacheWritePerMtok: 0, source: 'free' };
    expect(overrides.priceFor(ollama, 'llama3.2')).toEqual(free);
    expect(overrides.worstCasePriceFor(ollama, 'anything-at-all')).toEqual(free);
    expect(overrides.priceFor(ollama, 'my-private-finetune')).toMatchObject({ source: 'override' });
  });

  it('rejects overrides that are not whole micro-USD, negative, empty or duplicated', () => {
    const attempt = (list: ConstructorParameters<typeof PriceBook>[0]): unknown => {
      try {
        new PriceBook(list);
        return undefined;
      } catch (e) {
        return e;
      }
    };
    expect(isAppError(attempt([{ providerId: null, model: 'x', inputPerMtok: 1.5, outputPerMtok: 1 }]), 'INVALID_INPUT')).toBe(true);
    expect(isAppError(attempt([{ providerId: null, model: 'x', inputPerMtok: 1, outputPerMtok: -1 }]), 'INVALID_INPUT')).toBe(true);
    expect(isAppError(attempt([{ providerId: null, model: ' ', inputPerMtok: 1, outputPerMtok: 1 }]), 'INVALID_INPUT')).toBe(true);
    expect(
      isAppError(
        attempt([
          { providerId: 'p', model: 'x', inputPerMtok: 1, outputPerMtok: 1 },
          { providerId: 'p', model: 'X', inputPerMtok: 2, outputPerMtok: 2 },
        ]),
        'INVALID_INPUT',
      ),
    ).toBe(true);
  });
});
