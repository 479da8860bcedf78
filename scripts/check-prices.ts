/**
 * Evaluation, not a test: compares the prices Iron Cage resolves (bundled genai-prices catalog) with LiteLLM's
 * price table as vendored by tokencost (third-party, September 2025, so some disagreement is expected where
 * prices changed since). Reads the table from the shared data folder; never copies it.
 *
 *   node --import tsx scripts/check-prices.ts [path/to/litellm_model_prices.json] [--verbose]
 */
import { readFileSync } from 'node:fs';
import { PriceBook } from '../core/src/pricing/index.ts';
import type { ModelPrice, PricedProvider } from '../core/src/pricing/index.ts';

const DEFAULT_PATH = '/work/shared/data/pricing/litellm_model_prices_via_tokencost.json';
const TOKEN_MODES = new Set(['chat', 'completion', 'embedding', 'responses']);

/** LiteLLM provider → how a user would configure it in Iron Cage (type and base URL). */
const PROVIDERS: Record<string, Omit<PricedProvider, 'id' | 'zeroPriced'>> = {
  openai: { type: 'openai', baseUrl: null },
  'text-completion-openai': { type: 'openai', baseUrl: null },
  anthropic: { type: 'anthropic', baseUrl: null },
  openrouter: { type: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1' },
  gemini: { type: 'openai-compatible', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/' },
  groq: { type: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1' },
  mistral: { type: 'openai-compatible', baseUrl: 'https://api.mistral.ai/v1' },
  codestral: { type: 'openai-compatible', baseUrl: 'https://api.mistral.ai/v1' },
  deepseek: { type: 'openai-compatible', baseUrl: 'https://api.deepseek.com' },
  xai: { type: 'openai-compatible', baseUrl: 'https://api.x.ai/v1' },
  together_ai: { type: 'openai-compatible', baseUrl: 'https://api.together.xyz/v1' },
  fireworks_ai: { type: 'openai-compatible', baseUrl: 'https://api.fireworks.ai/inference/v1' },
  'fireworks_ai-embedding-models': { type: 'openai-compatible', baseUrl: 'https://api.fireworks.ai/inference/v1' },
  perplexity: { type: 'openai-compatible', baseUrl: 'https://api.perplexity.ai' },
  cerebras: { type: 'openai-compatible', baseUrl: 'https://api.cerebras.ai/v1' },
  cohere: { type: 'openai-compatible', baseUrl: 'https://api.cohere.ai/compatibility/v1' },
  cohere_chat: { type: 'openai-compatible', baseUrl: 'https://api.cohere.ai/compatibility/v1' },
  moonshot: { type: 'openai-compatible', baseUrl: 'https://api.moonshot.ai/v1' },
  voyage: { type: 'openai-compatible', baseUrl: 'https://api.voyageai.com/v1' },
  azure: { type: 'openai-compatible', baseUrl: 'https://example.openai.azure.com/openai' },
  bedrock: { type: 'openai-compatible', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com' },
  bedrock_converse: { type: 'openai-compatible', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com' },
  cloudflare: { type: 'openai-compatible', baseUrl: 'https://api.cloudflare.com/client/v4/accounts/x/ai/v1' },
  novita: { type: 'openai-compatible', baseUrl: 'https://api.novita.ai/v3/openai' },
};

interface LiteEntry {
  litellm_provider?: string;
  mode?: string;
  input_cost_per_token?: number;
  output_cost_per_token?: number;
  cache_read_input_token_cost?: number;
  cache_creation_input_token_cost?: number;
}

interface Row {
  key: string;
  provider: string;
  ours: ModelPrice;
  theirs: { input: number; output: number | undefined };
  agree: boolean;
  match: string;
}

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const path = args.find((a) => !a.startsWith('--')) ?? DEFAULT_PATH;
const table = JSON.parse(readFileSync(path, 'utf8')) as Record<string, LiteEntry>;
const book = new PriceBook([]);

let considered = 0;
const unresolved: string[] = [];
const rows: Row[] = [];
const perProvider = new Map<string, { considered: number; resolved: number; agree: number }>();
let cacheCompared = 0;
let cacheAgree = 0;

for (const [key, entry] of Object.entries(table)) {
  if (typeof entry !== 'object' || entry === null) continue;
  if (!TOKEN_MODES.has(entry.mode ?? '') || typeof entry.input_cost_per_token !== 'number') continue;
  const litellmProvider = entry.litellm_provider ?? '';
  const config = PROVIDERS[litellmProvider] ?? { type: 'openai-compatible' as const, baseUrl: null };
  const provider: PricedProvider = { id: litellmProvider, zeroPriced: false, ...config };
  // LiteLLM prefixes its routing provider ('groq/llama3-8b', 'openrouter/openai/gpt-4o'); the upstream id has none.
  const model = key.startsWith(`${litellmProvider}/`) ? key.slice(litellmProvider.length + 1) : key;

  considered++;
  const stats = perProvider.get(litellmProvider) ?? { considered: 0, resolved: 0, agree: 0 };
  perProvider.set(litellmProvider, stats);
  stats.considered++;

  const ours = book.priceFor(provider, model);
  if (!ours) {
    unresolved.push(`${litellmProvider}: ${model}`);
    continue;
  }
  stats.resolved++;
  const input = perMtok(entry.input_cost_per_token);
  const output = entry.mode === 'embedding' ? undefined : perMtok(entry.output_cost_per_token ?? 0);
  const agree = within(ours.inputPerMtok, input) && (output === undefined || within(ours.outputPerMtok, output));
  if (agree) stats.agree++;
  if (typeof entry.cache_read_input_token_cost === 'number') {
    cacheCompared++;
    if (within(ours.cacheReadPerMtok, perMtok(entry.cache_read_input_token_cost))) cacheAgree++;
  }
  rows.push({ key, provider: litellmProvider, ours, theirs: { input, output }, agree, match: book.explain(provider, model)?.match ?? '' });
}

const resolved = rows.length;
const agreeing = rows.filter((r) => r.agree).length;
console.log(`LiteLLM table: ${path}`);
console.log(`token-priced models considered: ${considered}`);
console.log(`resolved by Iron Cage:          ${resolved} (${pct(resolved, considered)})`);
console.log(`input+output agree within 1%:   ${agreeing} of ${resolved} resolved (${pct(agreeing, resolved)})`);
console.log(`cache-read price agrees (1%):   ${cacheAgree} of ${cacheCompared} with a LiteLLM cache-read price`);
const byMatch = new Map<string, { n: number; agree: number }>();
for (const r of rows) {
  const m = byMatch.get(r.match) ?? { n: 0, agree: 0 };
  m.n++;
  if (r.agree) m.agree++;
  byMatch.set(r.match, m);
}
console.log('\nby how the catalog entry was found:');
for (const [m, s] of byMatch) console.log(`  ${m.padEnd(15)} ${String(s.n).padStart(5)} resolved, ${pct(s.agree, s.n)} agree`);

console.log('\nby LiteLLM provider (considered / resolved / agree):');
const sorted = [...perProvider.entries()].sort((a, b) => b[1].considered - a[1].considered);
for (const [p, s] of sorted.slice(0, verbose ? sorted.length : 20)) {
  console.log(`  ${p.padEnd(30)} ${String(s.considered).padStart(5)} ${String(s.resolved).padStart(5)} ${String(s.agree).padStart(5)}`);
}

const disagreements = rows.filter((r) => !r.agree);
console.log(`\ndisagreements (${disagreements.length}), ${verbose ? 'all' : 'first 25'} — ours vs LiteLLM, µUSD/Mtok in/out:`);
for (const r of disagreements.slice(0, verbose ? disagreements.length : 25)) {
  console.log(`  ${r.key}: ${r.ours.inputPerMtok}/${r.ours.outputPerMtok} vs ${r.theirs.input}/${r.theirs.output ?? '-'} [${r.match}]`);
}
if (verbose) {
  console.log(`\nunresolved (${unresolved.length}):`);
  for (const u of unresolved) console.log(`  ${u}`);
}

function perMtok(usdPerToken: number): number {
  return Math.round(usdPerToken * 1e12); // µUSD per Mtok; evaluation only, so float rounding is fine here
}

function within(ours: number, theirs: number): boolean {
  if (theirs === 0) return ours === 0;
  return Math.abs(ours - theirs) / theirs <= 0.01;
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}
