import type { ApiFamily, Usage } from '../domain/usage.ts';

/** The endpoints the gateway meters: chat, responses and embeddings (OpenAI family) and messages (Anthropic). */
export type EndpointKind = 'chat' | 'responses' | 'embeddings' | 'messages';

/** How a configured provider speaks: the two first-party APIs, or someone else's OpenAI-compatible API. */
export type ProviderType = 'openai' | 'anthropic' | 'openai-compatible';

/** What the gateway needs to know about a request body before forwarding it. */
export interface RequestFacts {
  model: string;
  stream: boolean;
  /** The client's own cap: max_tokens / max_completion_tokens / max_output_tokens. */
  maxOutputTokens: number | undefined;
  /** Characters of all text the model will read: messages, system, tools, input items. */
  inputChars: number;
}

export interface PrepareOptions {
  providerType: ProviderType;
  defaultMaxOutputTokens: number;
}

export interface PreparedRequest {
  /** The body to forward: the caller's own object when `changed` is false, a copy otherwise. */
  body: Record<string, unknown>;
  changed: boolean;
  /** We asked for streamed usage the client did not ask for: strip the usage-only chunk before the client sees it. */
  injectedUsageOption: boolean;
  /** The most output tokens the call can produce (the cap × the number of choices). */
  outputCap: number;
}

/** Incremental meter for one SSE response: feed each parsed event. */
export interface StreamMeter {
  push(event: string | undefined, data: string): void;
  /** The final usage the provider reported, or undefined until it has arrived. */
  usage(): Usage | undefined;
  /** Characters of generated text seen so far (text, reasoning, tool arguments). */
  outputChars(): number;
}

/** A meter that also exposes what is known before the final usage arrives. */
export interface MeteredStream extends StreamMeter {
  /**
   * Usage known so far even if the stream dies before its final usage (e.g. Anthropic's input and cache counts
   * from `message_start`); its output count is a lower bound. Undefined when nothing has been reported.
   */
  partialUsage(): Usage | undefined;
}

/** The wire knowledge of one API family. One line in the registry adds a family. */
export interface ApiFamilyAdapter {
  family: ApiFamily;
  kinds: readonly EndpointKind[];
  /** Base URL of the first-party API; endpoint paths are appended to it. */
  defaultBaseUrl: string;
  /** Path of an endpoint below the base URL, e.g. '/chat/completions'. */
  path(kind: EndpointKind): string;
  /** Headers that carry the provider key upstream. */
  authHeaders(apiKey: string): Record<string, string>;
  inspectRequest(kind: EndpointKind, body: unknown): RequestFacts;
  prepareRequest(kind: EndpointKind, body: Record<string, unknown>, opts: PrepareOptions): PreparedRequest;
  extractUsage(kind: EndpointKind, responseJson: unknown): Usage | undefined;
  createStreamMeter(kind: EndpointKind): MeteredStream;
}
