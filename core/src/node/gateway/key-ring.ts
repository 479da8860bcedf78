import type { SecretStore } from '../../ports/secret-store.ts';
import type { UpstreamProvider } from '../../ports/store.ts';

/**
 * Decrypted provider keys, held in this process's memory only, keyed by their ciphertext so a rotated key
 * (new ciphertext) is picked up on the next call without any invalidation message.
 */
export class KeyRing {
  private readonly plain = new Map<string, string>();

  constructor(private readonly secrets: SecretStore) {}

  async keyFor(provider: UpstreamProvider): Promise<string | null> {
    const ciphertext = provider.keyCiphertext;
    if (ciphertext === null) return null;
    const known = this.plain.get(ciphertext);
    if (known !== undefined) return known;
    const key = await this.secrets.decrypt(ciphertext);
    // Providers are few; drop stale entries when the set grows so rotated keys do not linger in memory.
    if (this.plain.size >= 64) this.plain.clear();
    this.plain.set(ciphertext, key);
    return key;
  }
}
