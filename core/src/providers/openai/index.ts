import { appError, missingCase } from '../../domain/errors.ts';
import type { ApiFamilyAdapter, EndpointKind } from '../types.ts';
import { chatUsage, createChatStreamMeter, inspectChat, prepareChat } from './chat.ts';
import { createEmbeddingsStreamMeter, embeddingsUsage, inspectEmbeddings, prepareEmbeddings } from './embeddings.ts';
import { createResponsesStreamMeter, inspectResponses, prepareResponses, responsesUsage } from './responses.ts';

export { isUsageOnlyChatChunk } from './chat.ts';

type OpenAiKind = 'chat' | 'responses' | 'embeddings';

/** The OpenAI API family: api.openai.com and every OpenAI-compatible server. */
export const openaiFamily: ApiFamilyAdapter = {
  family: 'openai',
  kinds: ['chat', 'responses', 'embeddings'],
  defaultBaseUrl: 'https://api.openai.com/v1',
  path(kind) {
    const k = own(kind);
    switch (k) {
      case 'chat':
        return '/chat/completions';
      case 'responses':
        return '/responses';
      case 'embeddings':
        return '/embeddings';
      default:
        return missingCase(k);
    }
  },
  authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
  inspectRequest(kind, body) {
    const k = own(kind);
    switch (k) {
      case 'chat':
        return inspectChat(body);
      case 'responses':
        return inspectResponses(body);
      case 'embeddings':
        return inspectEmbeddings(body);
      default:
        return missingCase(k);
    }
  },
  prepareRequest(kind, body, opts) {
    const k = own(kind);
    switch (k) {
      case 'chat':
        return prepareChat(body, opts);
      case 'responses':
        return prepareResponses(body, opts);
      case 'embeddings':
        return prepareEmbeddings(body);
      default:
        return missingCase(k);
    }
  },
  extractUsage(kind, json) {
    const k = own(kind);
    switch (k) {
      case 'chat':
        return chatUsage(json);
      case 'responses':
        return responsesUsage(json);
      case 'embeddings':
        return embeddingsUsage(json);
      default:
        return missingCase(k);
    }
  },
  createStreamMeter(kind) {
    const k = own(kind);
    switch (k) {
      case 'chat':
        return createChatStreamMeter();
      case 'responses':
        return createResponsesStreamMeter();
      case 'embeddings':
        return createEmbeddingsStreamMeter();
      default:
        return missingCase(k);
    }
  },
};

function own(kind: EndpointKind): OpenAiKind {
  if (kind === 'messages') throw appError('INTERNAL', "endpoint 'messages' is not part of the OpenAI API family");
  return kind;
}
