/** Creates and hashes IC tokens; the plaintext token is shown once and never stored. */
export interface TokenMinter {
  mint(): { token: string; hash: string; prefix: string };
  hash(token: string): string;
  newId(): string;
}
