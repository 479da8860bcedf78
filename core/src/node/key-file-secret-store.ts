import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readOrCreatePrivateFile } from './private-file.ts';
import type { SecretStore } from '../ports/secret-store.ts';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random key kept in a file readable by its owner only (0600).
 * Used by the headless gateway, and by the desktop app when the OS keychain is unavailable.
 */
export class KeyFileSecretStore implements SecretStore {
  readonly kind = 'key-file';
  private readonly key: Buffer;

  constructor(keyFile: string) {
    this.key = loadOrCreateKey(keyFile);
  }

  async encrypt(plaintext: string): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  async decrypt(ciphertext: string): Promise<string> {
    const [version, payload] = ciphertext.split(':', 2);
    if (version === 'ss1') {
      throw new Error('this key was saved by the desktop app in the OS keychain; open the app, or add the key again here');
    }
    if (version !== VERSION || !payload) throw new Error('unrecognised secret format');
    const raw = Buffer.from(payload, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('secret is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

function loadOrCreateKey(file: string): Buffer {
  const key = Buffer.from(readOrCreatePrivateFile(file, () => randomBytes(KEY_BYTES).toString('base64')), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`key file ${file} is damaged (expected ${KEY_BYTES} bytes)`);
  return key;
}
