import type { PriceRecord } from '../../panel/usage.ts';
import type { SqlExecutor } from '../../panel/store-port.ts';
import { costMicros, totalInputTokens } from '../../pricing/cost.ts';
import type { PricedProvider } from '../../pricing/types.ts';
import type { PanelContext } from './panel-context.ts';
import { listProviders } from './store/people-repo.ts';

/**
 * The panel's own price for a usage record, from token counts and the genai-prices catalog (the same PriceBook the
 * local gateway uses). A device's cost is only ever cross-checked against it.
 */
export async function panelPricer(ctx: PanelContext, ex: SqlExecutor): Promise<PriceRecord> {
  const providers = new Map<string, PricedProvider>();
  for (const p of await listProviders(ex)) {
    providers.set(p.name, { id: p.id, type: p.type as PricedProvider['type'], baseUrl: p.base_url, zeroPriced: false });
  }
  return (r) => {
    const provider = providers.get(r.provider) ?? { id: r.provider, type: guessType(r.provider), baseUrl: null, zeroPriced: false };
    const usage = { inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheReadTokens: r.cacheReadTokens, cacheWriteTokens: r.cacheWriteTokens, reasoningTokens: 0 };
    const price = ctx.prices.priceFor(provider, r.model, totalInputTokens(usage));
    return price ? costMicros(price, usage) : null;
  };
}

function guessType(name: string): PricedProvider['type'] {
  return name.includes('anthropic') ? 'anthropic' : name.includes('openai') ? 'openai' : 'openai-compatible';
}
