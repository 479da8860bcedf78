/**
 * Token usage of one call, normalised across provider wire formats.
 * The four counts are disjoint: every input token is in exactly one of
 * `inputTokens` (uncached), `cacheReadTokens` or `cacheWriteTokens`.
 * `reasoningTokens` is informational: it is already included in `outputTokens`.
 */
export interface Usage {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export const EMPTY_USAGE: Usage = Object.freeze({
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
});

/** The API families a provider can speak; a call goes to the agent's provider of the called family. */
export type ApiFamily = 'openai' | 'anthropic';
