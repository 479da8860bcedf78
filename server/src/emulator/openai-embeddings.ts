import { missingModel, modelOf, type Route } from './route.ts';
import { tokensForChars } from './tokens.ts';

const DEFAULT_DIMENSIONS = 16;
const MAX_DIMENSIONS = 4096;

/** A unit vector derived from the text alone (FNV-1a seed, xorshift32 stream): same text, same vector. */
export function embeddingOf(text: string, dimensions: number): number[] {
  let seed = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 0x01000193);
  let state = seed >>> 0 || 1;
  const vector = new Array<number>(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const value = state / 0x80000000 - 1;
    vector[i] = value;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < dimensions; i++) vector[i] = Math.fround((vector[i] ?? 0) * scale);
  return vector;
}

/** The inputs as texts (token-id arrays become their ids joined) and their billed tokens. */
function inputsOf(input: unknown): { texts: string[]; tokens: number } {
  const items: unknown[] = Array.isArray(input) && input.some((x) => typeof x !== 'number') ? input : [input];
  const texts: string[] = [];
  let chars = 0;
  let idTokens = 0;
  for (const item of items) {
    if (typeof item === 'string') {
      texts.push(item);
      chars += item.length;
    } else if (Array.isArray(item)) {
      texts.push(item.join(' '));
      idTokens += item.length;
    }
  }
  return { texts, tokens: tokensForChars(chars) + idTokens };
}

function dimensionsOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? Math.min(value, MAX_DIMENSIONS) : DEFAULT_DIMENSIONS;
}

/** `POST /v1/embeddings`: `input` a string, strings, or token ids; `encoding_format` float or base64. */
export const openaiEmbeddings: Route = {
  flavour: 'openai',
  hasBody: true,
  validate(body) {
    const noModel = missingModel(body);
    if (noModel) return noModel;
    if (typeof body.input !== 'string' && !Array.isArray(body.input)) {
      return { status: 400, message: "'input' is a required property" };
    }
    return undefined;
  },
  directiveText(body) {
    if (typeof body.input === 'string') return body.input;
    const last: unknown = Array.isArray(body.input) ? body.input[body.input.length - 1] : undefined;
    return typeof last === 'string' ? last : '';
  },
  respond(body, scenario) {
    const { texts, tokens } = inputsOf(body.input);
    const dimensions = dimensionsOf(body.dimensions);
    const base64 = body.encoding_format === 'base64';
    const data = texts.map((text, index) => {
      const vector = embeddingOf(text, dimensions);
      const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    });
    const list: Record<string, unknown> = { object: 'list', data, model: modelOf(body) };
    if (!scenario.noUsage) list.usage = { prompt_tokens: tokens, total_tokens: tokens };
    return { kind: 'json', body: list };
  },
};
