/** The two error wire formats the emulator speaks, built in one place. */
export type Flavour = 'openai' | 'anthropic';

/** An error answer: status and message, with OpenAI's `type`/`code`/`param` when they differ from the defaults. */
export interface ApiError {
  status: number;
  message: string;
  type?: string;
  code?: string | null;
  param?: string | null;
}

const ANTHROPIC_TYPES = new Map<number, string>([
  [400, 'invalid_request_error'],
  [401, 'authentication_error'],
  [403, 'permission_error'],
  [404, 'not_found_error'],
  [413, 'request_too_large'],
  [429, 'rate_limit_error'],
  [500, 'api_error'],
  [529, 'overloaded_error'],
]);

function openaiType(status: number): string {
  if (status === 429) return 'requests';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** The JSON body of an error: `{"error":{message,type,param,code}}` or `{"type":"error","error":{type,message}}`. */
export function errorBody(flavour: Flavour, error: ApiError, requestId: string): string {
  if (flavour === 'anthropic') {
    const type = error.type ?? ANTHROPIC_TYPES.get(error.status) ?? (error.status >= 500 ? 'api_error' : 'invalid_request_error');
    return JSON.stringify({ type: 'error', error: { type, message: error.message }, request_id: requestId });
  }
  return JSON.stringify({
    error: {
      message: error.message,
      type: error.type ?? openaiType(error.status),
      param: error.param ?? null,
      code: error.code ?? null,
    },
  });
}

/** The answer to a path neither API has; always in OpenAI's format, since the path names no API. */
export function notFoundError(method: string, path: string): ApiError {
  return { status: 404, message: `Invalid URL (${method} ${path})` };
}

/** The answer to a body that is not a JSON object. */
export function malformedJsonError(flavour: Flavour): ApiError {
  return flavour === 'anthropic'
    ? { status: 400, message: 'There was an error parsing the body of your request. Make sure it is valid JSON.' }
    : {
        status: 400,
        message:
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      };
}

const KEYS_PAGE = 'https://platform.openai.com/account/api-keys';

/** The answer to a missing or wrong key; only the key's ends are echoed, as the real APIs do. */
export function unauthorizedError(flavour: Flavour, presented: string | undefined): ApiError {
  if (flavour === 'anthropic') return { status: 401, message: 'invalid x-api-key' };
  if (!presented) {
    return {
      status: 401,
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    };
  }
  const masked = presented.length > 8 ? `${presented.slice(0, 3)}****${presented.slice(-4)}` : '****';
  return {
    status: 401,
    message: `Incorrect API key provided: ${masked}. You can find your API key at ${KEYS_PAGE}.`,
    code: 'invalid_api_key',
  };
}

/** The error a `#emu:status=N` directive asks for. */
export function scenarioError(flavour: Flavour, status: number): ApiError {
  if (status === 429) {
    return flavour === 'anthropic'
      ? { status, message: 'Number of requests has exceeded your rate limit (emulated by #emu:status=429).' }
      : { status, message: 'Rate limit reached for requests (emulated by #emu:status=429).', code: 'rate_limit_exceeded' };
  }
  if (status >= 500) {
    return { status, message: `The server had an error while processing your request (emulated by #emu:status=${status}).` };
  }
  return { status, message: `Emulated error (#emu:status=${status}).` };
}
