import type { Usage } from '../../domain/usage.ts';
import { appError } from '../../domain/errors.ts';
import { isRecord, requireBody, requireModel } from '../request-fields.ts';
import { embeddingInputChars } from '../request-text.ts';
import type { MeteredStream, PreparedRequest, RequestFacts } from '../types.ts';
import { tokenCount } from '../usage-fields.ts';

/** Facts about an embeddings request: never streamed, no output tokens. */
export function inspectEmbeddings(raw: unknown): RequestFacts {
  const body = requireBody(raw);
  const model = requireModel(body);
  if (body.input === undefined || body.input === null) {
    throw appError('INVALID_REQUEST', "an embeddings request needs an 'input'");
  }
  if (body.stream === true) throw appError('INVALID_REQUEST', 'embeddings cannot be streamed');
  return { model, stream: false, maxOutputTokens: undefined, inputChars: embeddingInputChars(body.input) };
}

export function prepareEmbeddings(body: Record<string, unknown>): PreparedRequest {
  return { body, changed: false, injectedUsageOption: false, outputCap: 0 };
}

/** Usage of an embeddings response: all prompt tokens, no output. */
export function embeddingsUsage(response: unknown): Usage | undefined {
  if (!isRecord(response) || !isRecord(response.usage)) return undefined;
  const prompt = tokenCount(response.usage.prompt_tokens) ?? tokenCount(response.usage.total_tokens);
  if (prompt === undefined) return undefined;
  return { inputTokens: prompt, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
}

/** Embeddings never stream; a meter that sees nothing keeps the gateway's code path uniform. */
export function createEmbeddingsStreamMeter(): MeteredStream {
  return { push() {}, usage: () => undefined, partialUsage: () => undefined, outputChars: () => 0 };
}
