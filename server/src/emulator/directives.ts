/**
 * Scenario directives: `#emu:name[=value]` tokens in the text of the request's last user message, so a test can
 * steer the emulator through any gateway unchanged. Unknown names and out-of-range values are ignored.
 *
 *   #emu:status=N            answer HTTP N (400–599) in the API's error format (429 carries retry-after: 0)
 *   #emu:output-tokens=N     generate N output tokens (still capped by the request's max tokens)
 *   #emu:cached=N            N input tokens were cache reads
 *   #emu:cache-write=N       N input tokens were cache writes (Anthropic cache_creation_input_tokens)
 *   #emu:reasoning=N         N of the output tokens are reasoning (OpenAI reasoning_tokens; on Anthropic hidden thinking)
 *   #emu:chunks=N            split the streamed text into N chunks (default: one word per chunk)
 *   #emu:chunk-delay-ms=N    delay between stream events
 *   #emu:first-byte-delay-ms=N  delay before the response starts
 *   #emu:drop-after=N        stream: destroy the socket after N content chunks (no usage, no terminator)
 *   #emu:end-after=N         stream: end the response cleanly after N content chunks (no finish, usage or terminator)
 *   #emu:no-usage            leave usage out (stream usage chunk / usage fields, and the JSON body's usage)
 *   #emu:hang                accept the request and never answer, until the client leaves or the emulator closes
 *   #emu:echo                answer with the message's own text (directives removed), streamed in 7-character
 *                            pieces so that any value in it is split across chunks (for guardrail tests)
 */
export interface Scenario {
  status?: number;
  outputTokens?: number;
  cached?: number;
  cacheWrite?: number;
  reasoning?: number;
  chunks?: number;
  chunkDelayMs?: number;
  firstByteDelayMs?: number;
  dropAfter?: number;
  endAfter?: number;
  noUsage: boolean;
  hang: boolean;
  /** The text to answer with, for `#emu:echo`. */
  echo?: string;
}

/** The scenario of a request without directives. */
export const PLAIN_SCENARIO: Readonly<Scenario> = Object.freeze({ noUsage: false, hang: false });

const MAX_TOKENS = 1_000_000;
const MAX_DELAY_MS = 600_000;
const DIRECTIVE = /#emu:([a-z-]+)(?:=(\d{1,9}))?/g;

type NumericKey = Exclude<keyof Scenario, 'noUsage' | 'hang' | 'echo'>;

const NUMERIC = new Map<string, { key: NumericKey; min: number; max: number }>([
  ['status', { key: 'status', min: 400, max: 599 }],
  ['output-tokens', { key: 'outputTokens', min: 0, max: MAX_TOKENS }],
  ['cached', { key: 'cached', min: 0, max: MAX_TOKENS }],
  ['cache-write', { key: 'cacheWrite', min: 0, max: MAX_TOKENS }],
  ['reasoning', { key: 'reasoning', min: 0, max: MAX_TOKENS }],
  ['chunks', { key: 'chunks', min: 1, max: MAX_TOKENS }],
  ['chunk-delay-ms', { key: 'chunkDelayMs', min: 0, max: MAX_DELAY_MS }],
  ['first-byte-delay-ms', { key: 'firstByteDelayMs', min: 0, max: MAX_DELAY_MS }],
  ['drop-after', { key: 'dropAfter', min: 0, max: MAX_TOKENS }],
  ['end-after', { key: 'endAfter', min: 0, max: MAX_TOKENS }],
]);

/** Reads the directives in a message text; the plain scenario when there are none. */
export function parseDirectives(text: string): Readonly<Scenario> {
  if (!text.includes('#emu:')) return PLAIN_SCENARIO;
  const scenario: Scenario = { noUsage: false, hang: false };
  for (const [, name = '', value] of text.matchAll(DIRECTIVE)) {
    if (value === undefined) {
      if (name === 'no-usage') scenario.noUsage = true;
      else if (name === 'hang') scenario.hang = true;
      else if (name === 'echo') scenario.echo = text.replace(DIRECTIVE, '').replace(/\s+/g, ' ').trim();
      continue;
    }
    const spec = NUMERIC.get(name);
    const n = Number(value);
    if (spec && n >= spec.min && n <= spec.max) scenario[spec.key] = n;
  }
  return scenario;
}
