import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreatePrivateFile } from './private-file.ts';

export const ADMIN_TOKEN_FILE = 'admin.token';
const PREFIX = 'ica_';

/** The admin API's bearer token: created once per data directory, readable by its owner only (0600). */
export function loadOrCreateAdminToken(dataDir: string): string {
  return readOrCreatePrivateFile(join(dataDir, ADMIN_TOKEN_FILE), () => PREFIX + randomBytes(32).toString('base64url'));
}

/** Compares a presented token with the expected one in constant time (over digests, so lengths do not leak). */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
