import type { ApiFamily, Usage } from '../domain/usage.ts';
import { anthropicFamily } from './anthropic/index.ts';
import { openaiFamily } from './openai/index.ts';
import type { ApiFamilyAdapter, EndpointKind, MeteredStream, PrepareOptions, PreparedRequest, RequestFacts } from './types.ts';

export type {
  ApiFamilyAdapter,
  EndpointKind,
  MeteredStream,
  PrepareOptions,
  PreparedRequest,
  ProviderType,
  RequestFacts,
  StreamMeter,
} from './types.ts';
export { isUsageOnlyChatChunk } from './openai/index.ts';

/** Every API family the gateway speaks. Adding a family is one line here and one folder beside this file. */
export const API_FAMILIES: Readonly<Record<ApiFamily, ApiFamilyAdapter>> = Object.freeze({
  openai: openaiFamily,
  anthropic: anthropicFamily,
});

const FAMILY_OF_KIND: Readonly<Record<EndpointKind, ApiFamily>> = Object.freeze({
  chat: 'openai',
  responses: 'openai',
  embeddings: 'openai',
  messages: 'anthropic',
});

/** Gateway paths (as clients call them, after the SDKs' `/v1` base) and the endpoint each one is. */
const KIND_OF_PATH: Readonly<Record<string, EndpointKind>> = Object.freeze({
  '/v1/chat/completions': 'chat',
  '/v1/responses': 'responses',
  '/v1/embeddings': 'embeddings',
  '/v1/messages': 'messages',
});

/** The API family an endpoint belongs to. */
export function familyOf(kind: EndpointKind): ApiFamily {
  return FAMILY_OF_KIND[kind];
}

/** The adapter for an endpoint's family. */
export function adapterFor(kind: EndpointKind): ApiFamilyAdapter {
  return API_FAMILIES[FAMILY_OF_KIND[kind]];
}

/** The metered endpoint a request path names, or undefined for paths the gateway does not meter. */
export function endpointKindForPath(pathname: string): EndpointKind | undefined {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return Object.hasOwn(KIND_OF_PATH, trimmed) ? KIND_OF_PATH[trimmed] : undefined;
}

/** What the gateway needs to know about a request body before forwarding it; throws INVALID_REQUEST. */
export function inspectRequest(kind: EndpointKind, body: unknown): RequestFacts {
  return adapterFor(kind).inspectRequest(kind, body);
}

/** Returns a body to forward, or the same object when nothing needs changing. */
export function prepareRequest(kind: EndpointKind, body: Record<string, unknown>, opts: PrepareOptions): PreparedRequest {
  return adapterFor(kind).prepareRequest(kind, body, opts);
}

/** Usage of a non-streamed response body, or undefined when it reports none. */
export function extractUsage(kind: EndpointKind, responseJson: unknown): Usage | undefined {
  return adapterFor(kind).extractUsage(kind, responseJson);
}

/** A fresh meter for one streamed response. */
export function createStreamMeter(kind: EndpointKind): MeteredStream {
  return adapterFor(kind).createStreamMeter(kind);
}
