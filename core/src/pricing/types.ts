/** Prices in integer micro-USD per million tokens (so $2.50/Mtok = 2_500_000). */
export interface ModelPrice {
  inputPerMtok: number;
  outputPerMtok: number;
  cacheReadPerMtok: number;
  cacheWritePerMtok: number;
  source: 'catalog' | 'override' | 'free';
}

/** A price the user sets for a model, in integer micro-USD per million tokens. */
export interface PriceOverride {
  /** null = the override applies at any provider. */
  providerId: string | null;
  model: string;
  inputPerMtok: number;
  outputPerMtok: number;
  /** Defaults to the input price. */
  cacheReadPerMtok?: number;
  /** Defaults to the input price. */
  cacheWritePerMtok?: number;
}

/** What pricing needs to know about a configured provider. */
export interface PricedProvider {
  id: string;
  type: 'openai' | 'anthropic' | 'openai-compatible';
  baseUrl: string | null;
  /** A provider the user declared free (e.g. a local model server): every model costs nothing. */
  zeroPriced: boolean;
}

/** How a price was found, for the dashboard and the audit log. */
export interface PriceExplanation {
  source: ModelPrice['source'];
  /** The genai-prices provider and model the price came from, when it came from the catalog. */
  catalogProviderId?: string;
  catalogModelId?: string;
  /** How the catalog provider was chosen. */
  match?: 'provider-type' | 'base-url' | 'vendor-prefix' | 'model-name';
}
