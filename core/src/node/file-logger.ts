import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Logger } from '../ports/logger.ts';
import { createLogDestination } from './log-destination.ts';

/**
 * JSON-lines log in the data directory (pino, asynchronous writes off the request path). A full or read-only
 * disk costs log lines, never the process (see createLogDestination).
 * Known secret-bearing fields are censored as a second line of defence; callers never pass keys.
 */
export function createFileLogger(dir: string, level: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger & { flush(): void } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Opening the file here (not inside pino) means the destination is ready at once, so a short-lived
  // process can flush and exit without losing lines. 0600: logs are nobody else's business.
  const fd = openSync(join(dir, 'gateway.log'), 'a', 0o600);
  const dest = createLogDestination(fd);
  const log = pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: ['key', 'apiKey', 'token', 'authorization', '*.authorization', '*.key'], censor: '[redacted]' },
    },
    dest,
  );
  return {
    debug: (msg, fields) => log.debug(fields ?? {}, msg),
    info: (msg, fields) => log.info(fields ?? {}, msg),
    warn: (msg, fields) => log.warn(fields ?? {}, msg),
    error: (msg, fields) => log.error(fields ?? {}, msg),
    flush: () => dest.flushSync(),
  };
}
