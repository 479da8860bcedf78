import { appError } from '../../core/src/domain/errors.ts';
import type { SecretStore } from '../../core/src/ports/secret-store.ts';

/**
 * Marks ciphertext made by the OS keychain. The key-file store writes `v1:…`, so a reader always knows which
 * backend a stored key needs, and switching backends fails loudly instead of decrypting garbage.
 */
export const SAFE_STORAGE_PREFIX = 'ss1:';

/** What we use of Electron's `safeStorage` (structural, so tests need no Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

/**
 * Provider keys encrypted by the OS keychain (Keychain, DPAPI, libsecret/KWallet) through Electron's safeStorage.
 * Electron 40 only has the synchronous API; it is wrapped so the port stays asynchronous.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'safe-storage';

  constructor(private readonly safeStorage: SafeStorageLike) {}

  async encrypt(plaintext: string): Promise<string> {
    return SAFE_STORAGE_PREFIX + this.safeStorage.encryptString(plaintext).toString('base64');
  }

  async decrypt(ciphertext: string): Promise<string> {
    if (!ciphertext.startsWith(SAFE_STORAGE_PREFIX)) throw new Error('not a keychain-encrypted secret');
    return this.safeStorage.decryptString(Buffer.from(ciphertext.slice(SAFE_STORAGE_PREFIX.length), 'base64'));
  }
}

/** How provider keys are protected on this machine, for the tray and (later) the dashboard. */
export interface SecretProtection {
  kind: 'os-keychain' | 'key-file';
  /** The Linux password store Electron picked (`gnome_libsecret`, `kwallet6`, `basic_text`…). */
  backend?: string;
  /** Set when keys are not protected by the OS: said plainly in the UI, never hidden. */
  warning?: string;
}

/**
 * The desktop's secret store: new keys go to the OS keychain when it really protects them, otherwise to the key
 * file. Reading picks the backend from the ciphertext's prefix, so keys added by the CLI (key file) keep working
 * in the app.
 */
export class DesktopSecretStore implements SecretStore {
  readonly kind: string;

  constructor(
    private readonly keychain: SafeStorageSecretStore | undefined,
    private readonly keyFile: () => SecretStore,
  ) {
    this.kind = keychain ? keychain.kind : 'key-file';
  }

  encrypt(plaintext: string): Promise<string> {
    return this.keychain ? this.keychain.encrypt(plaintext) : this.keyFile().encrypt(plaintext);
  }

  decrypt(ciphertext: string): Promise<string> {
    if (!ciphertext.startsWith(SAFE_STORAGE_PREFIX)) return this.keyFile().decrypt(ciphertext);
    if (!this.keychain) {
      return Promise.reject(
        appError('INTERNAL', 'this provider key was encrypted by the OS keychain, which is not available now; enter the key again'),
      );
    }
    return this.keychain.decrypt(ciphertext);
  }
}

export interface ChooseSecretStoreOptions {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  /** Opens the key-file store; called at most once, and only when a key needs it. */
  keyFile: () => SecretStore;
}

/**
 * Picks the keychain when it protects keys for real. On Linux without a Secret Service or KWallet, Electron
 * falls back to `basic_text`: a hard-coded password, i.e. no protection. We do not pretend: the key file is used
 * (its protection is the same, and the CLI can read it) and the UI says so.
 */
export function chooseSecretStore(o: ChooseSecretStoreOptions): { store: DesktopSecretStore; protection: SecretProtection } {
  let opened: SecretStore | undefined;
  const keyFile = (): SecretStore => (opened ??= o.keyFile());
  const fallback = (warning: string, backend?: string) => ({
    store: new DesktopSecretStore(undefined, keyFile),
    protection: { kind: 'key-file' as const, warning, ...(backend !== undefined ? { backend } : {}) },
  });

  if (!o.safeStorage.isEncryptionAvailable()) {
    return fallback('The OS keychain is not available: provider keys are encrypted with a key file in the data folder, readable by your user account.');
  }
  if (o.platform === 'linux') {
    const backend = o.safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') {
      return fallback(
        'No keyring (GNOME Keyring, KWallet) was found: provider keys are encrypted with a key file in the data folder, readable by your user account.',
        backend,
      );
    }
    return { store: new DesktopSecretStore(new SafeStorageSecretStore(o.safeStorage), keyFile), protection: { kind: 'os-keychain', backend } };
  }
  return { store: new DesktopSecretStore(new SafeStorageSecretStore(o.safeStorage), keyFile), protection: { kind: 'os-keychain' } };
}
