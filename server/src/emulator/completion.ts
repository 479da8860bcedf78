import type { Scenario } from './directives.ts';
import { outputPieces, tokensForChars } from './tokens.ts';

/**
 * What the emulated model "generates" for one request, in provider-neutral terms.
 * Input counts overlap the way OpenAI reports them: `cachedTokens` and `cacheWriteTokens` are parts of
 * `inputTokens`. `reasoningTokens` are part of `outputTokens`; the visible text holds the rest.
 */
export interface Completion {
  inputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** The visible text, one chunk per stream content event. */
  pieces: string[];
  text: string;
  /** The request's max-tokens limit cut the output short (finish_reason "length", stop_reason "max_tokens"). */
  truncated: boolean;
}

/** Plans a completion: output = min(limit, directive or default) tokens, cache and reasoning clamped to fit. */
export function planCompletion(
  inputChars: number,
  maxTokens: number | undefined,
  scenario: Readonly<Scenario>,
  defaultOutputTokens: number,
): Completion {
  const inputTokens = tokensForChars(inputChars);
  const cachedTokens = Math.min(scenario.cached ?? 0, inputTokens);
  const cacheWriteTokens = Math.min(scenario.cacheWrite ?? 0, inputTokens - cachedTokens);
  const wanted = scenario.outputTokens ?? defaultOutputTokens;
  const outputTokens = maxTokens === undefined ? wanted : Math.min(wanted, maxTokens);
  if (scenario.echo !== undefined) return echoCompletion(inputTokens, cachedTokens, cacheWriteTokens, scenario.echo);
  const reasoningTokens = Math.min(scenario.reasoning ?? 0, outputTokens);
  const visible = outputTokens - reasoningTokens;
  const pieces = outputPieces(visible, scenario.chunks ?? visible);
  return {
    inputTokens,
    cachedTokens,
    cacheWriteTokens,
    outputTokens,
    reasoningTokens,
    pieces,
    text: pieces.join(''),
    truncated: outputTokens < wanted,
  };
}

const ECHO_PIECE_CHARS = 7;

function echoCompletion(inputTokens: number, cachedTokens: number, cacheWriteTokens: number, text: string): Completion {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += ECHO_PIECE_CHARS) pieces.push(text.slice(i, i + ECHO_PIECE_CHARS));
  const outputTokens = tokensForChars(text.length);
  return { inputTokens, cachedTokens, cacheWriteTokens, outputTokens, reasoningTokens: 0, pieces, text, truncated: false };
}

/** A request's max-tokens field when it is a non-negative integer. */
export function readLimit(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
