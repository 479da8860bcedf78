import type { Usage } from '../domain/usage.ts';
import { isRecord } from './request-fields.ts';

/** A token count from a provider, or undefined when absent or not a non-negative integer. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A nested count such as usage.prompt_tokens_details.cached_tokens. */
export function nestedCount(parent: Record<string, unknown>, key: string, field: string): number | undefined {
  const child = parent[key];
  return isRecord(child) ? tokenCount(child[field]) : undefined;
}

/**
 * Builds a Usage from OpenAI-style counts, where the prompt total includes its cached (and, for some
 * compatible providers, cache-written) tokens and the output total includes reasoning. Inconsistent reports
 * (more cached than prompt tokens) are clamped so the four counts stay disjoint and add up to the totals.
 */
export function usageFromTotals(prompt: number, cached: number, cacheWrite: number, output: number, reasoning: number): Usage {
  const cacheReadTokens = Math.min(cached, prompt);
  const cacheWriteTokens = Math.min(cacheWrite, prompt - cacheReadTokens);
  return {
    inputTokens: prompt - cacheReadTokens - cacheWriteTokens,
    cacheReadTokens,
    cacheWriteTokens,
    outputTokens: output,
    reasoningTokens: Math.min(reasoning, output),
  };
}

/** Parses JSON that a cheap check has already singled out; undefined if it is not a JSON object after all. */
export function parseObject(data: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(data);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
