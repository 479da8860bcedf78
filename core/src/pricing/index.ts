export type { ModelPrice, PriceOverride, PricedProvider, PriceExplanation } from './types.ts';
export { PriceBook } from './price-book.ts';
export { costMicros, worstCaseMicros, totalInputTokens } from './cost.ts';
export { usdPerMtokToMicros } from './decimal.ts';
