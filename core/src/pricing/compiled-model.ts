import type { ModelInfo, ModelPrice as CatalogPrice, TieredPrices } from '@pydantic/genai-prices';
import { usdPerMtokToMicros } from './decimal.ts';
import type { ModelPrice } from './types.ts';

/** A price band: applies when the call's total input tokens exceed `above` (genai-prices' tier rule). */
interface Band {
  above: number;
  price: ModelPrice;
}

type Constraint =
  | { kind: 'always' }
  | { kind: 'from'; startMs: number }
  | { kind: 'daily'; startSec: number; endSec: number };

interface Entry {
  constraint: Constraint;
  bands: readonly Band[];
}

const SECONDS_PER_DAY = 86_400;
const TOKEN_KEYS = ['input_mtok', 'output_mtok', 'cache_read_mtok', 'cache_write_mtok', 'output_reasoning_mtok'];

/**
 * A catalog model's prices turned into integer micro-USD once, so that picking the price for a call is a couple
 * of comparisons. Mirrors genai-prices' rules: conditional prices are scanned from the last to the first (a
 * start date applies from that date, a time-of-day window applies inside it, the first entry is the fallback),
 * and a tier applies to all tokens of a call whose total input exceeds the tier's start.
 */
export class CompiledModel {
  private readonly entries: readonly Entry[];
  private worst: { price: ModelPrice; validUntil: number; validFrom: number } | undefined;

  private constructor(entries: readonly Entry[]) {
    this.entries = entries;
  }

  /** Compiles a catalog entry, or returns undefined when it is not priced per token (audio hours, pages…). */
  static from(model: ModelInfo): CompiledModel | undefined {
    const raw = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
    const entries: Entry[] = [];
    for (const conditional of raw) {
      const bands = compileBands(conditional.prices);
      if (!bands) return undefined;
      entries.push({ constraint: compileConstraint(conditional.constraint), bands });
    }
    return entries.length > 0 ? new CompiledModel(entries) : undefined;
  }

  /** The price genai-prices would apply at `nowMs` for a call with this many input tokens (base tier if omitted). */
  priceAt(nowMs: number, inputTokens: number | undefined): ModelPrice {
    const bands = this.selectEntry(nowMs).bands;
    if (inputTokens === undefined) return firstBand(bands).price;
    let chosen = firstBand(bands);
    for (const band of bands) if (inputTokens > band.above) chosen = band;
    return chosen.price;
  }

  /**
   * The dearest price that can apply to a call starting at `nowMs`: the highest tier, and the dearest of the
   * time-of-day windows, since a call may cross a window's edge.
   */
  worstAt(nowMs: number): ModelPrice {
    const cached = this.worst;
    if (cached && nowMs >= cached.validFrom && nowMs < cached.validUntil) return cached.price;
    let validUntil = Number.POSITIVE_INFINITY;
    const candidates: Entry[] = [];
    let settled = false;
    for (let i = this.entries.length - 1; i >= 0 && !settled; i--) {
      const entry = this.entries[i] as Entry;
      const c = entry.constraint;
      if (c.kind === 'always') {
        candidates.push(entry);
        settled = true;
      } else if (c.kind === 'from') {
        if (nowMs >= c.startMs) {
          candidates.push(entry);
          settled = true;
        } else {
          validUntil = Math.min(validUntil, c.startMs);
        }
      } else {
        candidates.push(entry);
      }
    }
    if (!settled) candidates.push(this.entries[0] as Entry);
    const price = maxPrice(candidates.flatMap((e) => e.bands.map((b) => b.price)));
    this.worst = { price, validUntil, validFrom: nowMs };
    return price;
  }

  private selectEntry(nowMs: number): Entry {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i] as Entry;
      const c = entry.constraint;
      if (c.kind === 'always') return entry;
      if (c.kind === 'from') {
        if (nowMs >= c.startMs) return entry;
      } else if (inDailyWindow(nowMs, c.startSec, c.endSec)) {
        return entry;
      }
    }
    return this.entries[0] as Entry;
  }
}

function firstBand(bands: readonly Band[]): Band {
  return bands[0] as Band;
}

function compileConstraint(constraint: unknown): Constraint {
  if (constraint === undefined || constraint === null) return { kind: 'always' };
  const c = constraint as { type?: string; start_date?: string; start_time?: string; end_time?: string };
  if (typeof c.start_date === 'string') {
    const startMs = Date.parse(`${c.start_date}T00:00:00Z`);
    if (Number.isNaN(startMs)) throw new Error(`invalid start_date in catalog: ${c.start_date}`);
    return { kind: 'from', startMs };
  }
  if (typeof c.start_time === 'string' && typeof c.end_time === 'string') {
    return { kind: 'daily', startSec: secondsOfDayUtc(c.start_time), endSec: secondsOfDayUtc(c.end_time) };
  }
  throw new Error(`unknown price constraint in catalog: ${JSON.stringify(constraint)}`);
}

/** '00:30:00Z' or '09:00:00+08:00' → seconds after midnight UTC. */
function secondsOfDayUtc(time: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!m) throw new Error(`invalid time-of-day constraint in catalog: ${time}`);
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const offset = m[4] === 'Z' ? 0 : (m[5] === '+' ? 1 : -1) * (Number(m[6]) * 3600 + Number(m[7]) * 60);
  return (((local - offset) % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
}

function inDailyWindow(nowMs: number, startSec: number, endSec: number): boolean {
  const sec = (((nowMs / 1000) % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
  return endSec < startSec ? sec >= startSec || sec < endSec : sec >= startSec && sec < endSec;
}

/** A rate that may be tiered: base price, then (start, price) steps. */
interface Rate {
  base: number;
  tiers: readonly { start: number; price: number }[];
}

function compileBands(prices: CatalogPrice): Band[] | undefined {
  const keys = Object.keys(prices).filter((k) => prices[k] !== undefined);
  const rates = new Map<string, Rate>();
  for (const key of TOKEN_KEYS) {
    const value = prices[key];
    if (value !== undefined) rates.set(key, toRate(value));
  }
  // An entry with no prices at all is the catalog saying "free" (OpenRouter ':free' models, bundled plans).
  // An entry priced only in other units (audio hours, pages, requests) cannot be metered in tokens.
  if (keys.length > 0 && !rates.has('input_mtok') && !rates.has('output_mtok')) return undefined;

  const starts = [...new Set([...rates.values()].flatMap((r) => r.tiers.map((t) => t.start)))].sort((a, b) => a - b);
  const thresholds = [-1, ...starts];
  return thresholds.map((above) => ({ above, price: priceInBand(rates, above) }));
}

function priceInBand(rates: Map<string, Rate>, above: number): ModelPrice {
  const at = (key: string): number | undefined => {
    const r = rates.get(key);
    if (!r) return undefined;
    let price = r.base;
    for (const tier of r.tiers) if (tier.start <= above) price = tier.price;
    return usdPerMtokToMicros(price);
  };
  const input = at('input_mtok');
  // Input-only entries are embedding models (no output) or old completion models: pricing output like input
  // errs on the side of charging. Output-only entries price input like output for the same reason.
  const output = at('output_mtok');
  const reasoning = at('output_reasoning_mtok');
  const inputPerMtok = input ?? output ?? 0;
  // Our usage folds reasoning into output tokens, so output is charged at the dearer of the two rates.
  const outputPerMtok = Math.max(output ?? inputPerMtok, reasoning ?? 0);
  return Object.freeze({
    inputPerMtok,
    outputPerMtok,
    cacheReadPerMtok: at('cache_read_mtok') ?? inputPerMtok,
    cacheWritePerMtok: at('cache_write_mtok') ?? inputPerMtok,
    source: 'catalog' as const,
  });
}

function toRate(value: number | TieredPrices | undefined): Rate {
  if (typeof value === 'number') return { base: value, tiers: [] };
  if (value && typeof value === 'object' && typeof value.base === 'number' && Array.isArray(value.tiers)) {
    return { base: value.base, tiers: [...value.tiers].sort((a, b) => a.start - b.start) };
  }
  throw new Error(`invalid price value in catalog: ${JSON.stringify(value)}`);
}

function maxPrice(prices: readonly ModelPrice[]): ModelPrice {
  const pick = (f: (p: ModelPrice) => number): number => Math.max(...prices.map(f));
  return Object.freeze({
    inputPerMtok: pick((p) => p.inputPerMtok),
    outputPerMtok: pick((p) => p.outputPerMtok),
    cacheReadPerMtok: pick((p) => p.cacheReadPerMtok),
    cacheWritePerMtok: pick((p) => p.cacheWritePerMtok),
    source: 'catalog' as const,
  });
}
