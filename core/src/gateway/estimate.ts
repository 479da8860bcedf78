import type { Usage } from '../domain/usage.ts';

/**
 * Request bytes over-count tokens (every token is at least one byte); the margin covers what providers
 * add around the request, such as Anthropic's tool-use system prompt.
 */
export const INPUT_TOKEN_MARGIN = 1024;

/** Worst-case input tokens for a request body of `bodyBytes` bytes. */
export function worstCaseInputTokens(bodyBytes: number): number {
  return bodyBytes + INPUT_TOKEN_MARGIN;
}

/**
 * Usage to charge when the provider never reported any (a dropped or cut-off stream): what the stream did report,
 * topped up from the text seen at a generous four characters a token.
 */
export function estimateUsage(partial: Usage | undefined, inputChars: number, outputChars: number): Usage {
  const seenOutput = Math.ceil(outputChars / 4);
  if (partial) {
    return { ...partial, outputTokens: Math.max(partial.outputTokens, seenOutput) };
  }
  return {
    inputTokens: Math.ceil(inputChars / 4),
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: seenOutput,
    reasoningTokens: 0,
  };
}

/** All input tokens, cached or not: the figure tiered prices are chosen by. */
export function totalInputTokens(u: Usage): number {
  return u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
}
