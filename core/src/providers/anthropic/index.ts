import { appError } from '../../domain/errors.ts';
import type { ApiFamilyAdapter, EndpointKind } from '../types.ts';
import { createMessagesStreamMeter, inspectMessages, messagesUsage, prepareMessages } from './messages.ts';

/** The Anthropic API family: the Messages API. */
export const anthropicFamily: ApiFamilyAdapter = {
  family: 'anthropic',
  kinds: ['messages'],
  defaultBaseUrl: 'https://api.anthropic.com/v1',
  path(kind) {
    own(kind);
    return '/messages';
  },
  // The client's own anthropic-version and anthropic-beta headers are forwarded; only the key is ours to add.
  authHeaders: (apiKey) => ({ 'x-api-key': apiKey }),
  inspectRequest(kind, body) {
    own(kind);
    return inspectMessages(body);
  },
  prepareRequest(kind, body, opts) {
    own(kind);
    return prepareMessages(body, opts);
  },
  extractUsage(kind, json) {
    own(kind);
    return messagesUsage(json);
  },
  createStreamMeter(kind) {
    own(kind);
    return createMessagesStreamMeter();
  },
};

function own(kind: EndpointKind): void {
  if (kind !== 'messages') throw appError('INTERNAL', `endpoint '${kind}' is not part of the Anthropic API family`);
}
