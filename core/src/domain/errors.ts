/**
 * Every error Iron Cage raises on purpose is an AppError with a SCREAMING_SNAKE code and an HTTP status.
 * Codes, not classes, cross process and IPC boundaries: check them with `isAppError(e, 'CODE')`.
 */
export const ERROR_STATUS = {
  INVALID_IC_TOKEN: 401,
  AGENT_SUSPENDED: 403,
  BUDGET_EXCEEDED: 402,
  MODEL_NOT_ALLOWED: 403,
  UNKNOWN_MODEL_PRICE: 400,
  NO_PROVIDER: 400,
  UPSTREAM_ERROR: 502,
  GUARDRAIL_BLOCKED: 403,
  REQUEST_TOO_LARGE: 413,
  INVALID_REQUEST: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVALID_INPUT: 400,
  UNKNOWN_OPERATION: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface AppErrorShape {
  code: ErrorCode;
  status: number;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
  }
  toJSON(): AppErrorShape {
    return { code: this.code, status: this.status, message: this.message };
  }
}

/** The one factory for deliberate errors. */
export function appError(code: ErrorCode, message: string): AppError {
  return new AppError(code, message);
}

export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  if (!(e instanceof AppError)) return false;
  return code === undefined || e.code === code;
}

/** For exhaustive switches: the compiler proves this is never reached. */
export function missingCase(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
