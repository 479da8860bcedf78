/**
 * Our own Chat Completions fixtures, written after the shapes of real api.openai.com traffic and of the
 * OpenAI-compatible variants we must understand (OpenRouter, DeepSeek, Groq, Python servers' spacing).
 */

/** Non-streamed reasoning-model completion with cached prompt tokens. */
export const CHAT_RESPONSE_CACHED_REASONING = {
  id: 'chatcmpl-fixture1',
  object: 'chat.completion',
  created: 1_760_000_000,
  model: 'o3-mini-2025-01-31',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Ball costs 5 cents.', refusal: null, annotations: [] }, finish_reason: 'stop' }],
  usage: {
    prompt_tokens: 2006,
    completion_tokens: 300,
    total_tokens: 2306,
    prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 192, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: null,
};

/** The text the stream below generates, decoded: content, then tool-call arguments. */
export const CHAT_STREAM_TEXT = ['', 'Hé said "hi"', '\n😀', ' done', '{"city":', '"Paris"}'];

/** Streamed completion with include_usage: every chunk has "usage":null, then a usage-only chunk. */
export const CHAT_STREAM_WITH_USAGE = String.raw`data: {"id":"chatcmpl-fx2","object":"chat.completion.chunk","created":1760000001,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"a1"}

data: {"id":"chatcmpl-fx2","object":"chat.completion.chunk","created":1760000001,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"H\u00e9 said \"hi\""},"logprobs":{"content":[{"token":"H\u00e9","logprob":-0.1,"bytes":[72,195,169],"top_logprobs":[]}],"refusal":null},"finish_reason":null}],"usage":null,"obfuscation":"b2"}

data: {"id":"chatcmpl-fx2","object":"chat.completion.chunk","created":1760000001,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"\n😀"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"c3"}

data: {"id":"chatcmpl-fx2","object":"chat.completion.chunk","created":1760000001,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":" done"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"d4"}

data: {"id":"chatcmpl-fx2","object":"chat.completion.chunk","created":1760000001,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-fx2","object":"chat.completion.chunk","created":1760000001,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-fx2","object":"chat.completion.chunk","created":1760000001,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-fx2","object":"chat.completion.chunk","created":1760000001,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null,"obfuscation":"e5"}

data: {"id":"chatcmpl-fx2","object":"chat.completion.chunk","created":1760000001,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_1","choices":[],"usage":{"prompt_tokens":1300,"completion_tokens":24,"total_tokens":1324,"prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"obfuscation":"f6"}

data: [DONE]

`;

/** A stream whose client did not ask for usage and we did not inject it: no usage at all. */
export const CHAT_STREAM_WITHOUT_USAGE = String.raw`data: {"id":"chatcmpl-fx3","object":"chat.completion.chunk","created":1760000002,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

data: {"id":"chatcmpl-fx3","object":"chat.completion.chunk","created":1760000002,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Four words, no usage."},"finish_reason":null}]}

data: {"id":"chatcmpl-fx3","object":"chat.completion.chunk","created":1760000002,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

data: [DONE]

`;

/** OpenRouter: usage rides on the last chunk, which still has a choice; cache writes are reported. */
export const OPENROUTER_STREAM = String.raw`data: {"id":"gen-1","provider":"Anthropic","model":"anthropic/claude-sonnet-4","object":"chat.completion.chunk","created":1760000003,"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}

: OPENROUTER PROCESSING

data: {"id":"gen-1","provider":"Anthropic","model":"anthropic/claude-sonnet-4","object":"chat.completion.chunk","created":1760000003,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop","native_finish_reason":"end_turn","logprobs":null}],"usage":{"prompt_tokens":5000,"completion_tokens":12,"total_tokens":5012,"cost":0.02,"prompt_tokens_details":{"cached_tokens":3000,"cache_write_tokens":1500,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}

data: [DONE]

`;

/** DeepSeek: reasoning streamed as reasoning_content; cache hits under prompt_cache_hit_tokens. */
export const DEEPSEEK_STREAM = String.raw`data: {"id":"ds-1","object":"chat.completion.chunk","created":1760000004,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Think"},"logprobs":null,"finish_reason":null}]}

data: {"id":"ds-1","object":"chat.completion.chunk","created":1760000004,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"42","reasoning_content":null},"logprobs":null,"finish_reason":null}]}

data: {"id":"ds-1","object":"chat.completion.chunk","created":1760000004,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":64,"completion_tokens":90,"total_tokens":154,"completion_tokens_details":{"reasoning_tokens":88},"prompt_cache_hit_tokens":60,"prompt_cache_miss_tokens":4}}

data: [DONE]

`;

/** Groq's older streams reported usage under x_groq on the final chunk. */
export const GROQ_STREAM = String.raw`data: {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1760000005,"model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{"role":"assistant","content":"Yo"},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1760000005,"model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"x_groq":{"id":"req_1","usage":{"queue_time":0.01,"prompt_tokens":40,"prompt_time":0.002,"completion_tokens":2,"completion_time":0.001,"total_tokens":42,"total_time":0.003}}}

data: [DONE]

`;

/** A Python server's spacing (json.dumps defaults) for the usage-only chunk. */
export const SPACED_USAGE_ONLY_CHUNK =
  '{"id": "cmpl-9", "object": "chat.completion.chunk", "created": 1760000006, "model": "qwen", "choices": [], "usage": {"prompt_tokens": 10, "completion_tokens": 3, "total_tokens": 13}}';
