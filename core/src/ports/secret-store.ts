/**
 * Encrypts provider keys at rest. The Node adapter uses a key file; the desktop app uses the OS keychain
 * through Electron's safeStorage. Ciphertext is an opaque string safe to store in the database.
 */
export interface SecretStore {
  /** A short name for diagnostics, e.g. `key-file` or `safe-storage`. */
  readonly kind: string;
  encrypt(plaintext: string): Promise<string>;
  decrypt(ciphertext: string): Promise<string>;
}
