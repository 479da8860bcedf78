import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TokenMinter } from '../ports/token-minter.ts';

const TOKEN_PREFIX = 'ic_';

/** IC tokens carry 256 random bits; only their SHA-256 is stored. */
export const nodeTokenMinter: TokenMinter = {
  mint() {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    return { token, hash: hashToken(token), prefix: token.slice(0, 10) };
  },
  hash: hashToken,
  newId: () => randomUUID(),
};

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
