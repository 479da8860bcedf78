import type { Route } from './route.ts';

const OPENAI_MODELS = ['gpt-5.4', 'gpt-5.4-mini', 'gpt-5-mini', 'gpt-4.1', 'gpt-4o', 'gpt-4o-mini', 'o3', 'text-embedding-3-small'];

const ANTHROPIC_MODELS: ReadonlyArray<[id: string, name: string, created: string]> = [
  ['claude-opus-4-8', 'Claude Opus 4.8', '2026-06-01T00:00:00Z'],
  ['claude-sonnet-4-6', 'Claude Sonnet 4.6', '2026-02-17T00:00:00Z'],
  ['claude-haiku-4-5-20251001', 'Claude Haiku 4.5', '2025-10-01T00:00:00Z'],
];

// Serialised once: the lists never change, and health checks hit them often.
const OPENAI_LIST = JSON.stringify({
  object: 'list',
  data: OPENAI_MODELS.map((id) => ({ id, object: 'model', created: 1_715_367_049, owned_by: 'system' })),
});

const ANTHROPIC_LIST = JSON.stringify({
  data: ANTHROPIC_MODELS.map(([id, display_name, created_at]) => ({ type: 'model', id, display_name, created_at })),
  has_more: false,
  first_id: ANTHROPIC_MODELS[0]?.[0] ?? null,
  last_id: ANTHROPIC_MODELS[ANTHROPIC_MODELS.length - 1]?.[0] ?? null,
});

/** `GET /v1/models` in OpenAI's list format. */
export const openaiModels: Route = {
  flavour: 'openai',
  hasBody: false,
  validate: () => undefined,
  directiveText: () => '',
  respond: () => ({ kind: 'json', body: OPENAI_LIST }),
};

/** `GET /v1/models` in Anthropic's list format (asked for with an `anthropic-version` header). */
export const anthropicModels: Route = {
  flavour: 'anthropic',
  hasBody: false,
  validate: () => undefined,
  directiveText: () => '',
  respond: () => ({ kind: 'json', body: ANTHROPIC_LIST }),
};
