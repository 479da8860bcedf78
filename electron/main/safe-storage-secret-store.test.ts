import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyFileSecretStore } from '../../core/src/node/key-file-secret-store.ts';

// A stand-in for the OS keychain: reversible, but never the plaintext, and it records what it was asked.
const keychain = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret',
  calls: [] as string[],
}));

vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => {
      keychain.calls.push('backend');
      return keychain.backend;
    },
    encryptString: (plain: string) => {
      keychain.calls.push('encrypt');
      return Buffer.from(`KC(${Buffer.from(plain, 'utf8').toString('hex')})`, 'utf8');
    },
    decryptString: (cipher: Buffer) => {
      keychain.calls.push('decrypt');
      const m = /^KC\(([0-9a-f]*)\)$/.exec(cipher.toString('utf8'));
      if (!m) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(m[1]!, 'hex').toString('utf8');
    },
  },
}));

const { safeStorage } = await import('electron');
const { chooseSecretStore, SafeStorageSecretStore, SAFE_STORAGE_PREFIX } = await import('./safe-storage-secret-store.ts');

const KEY = 'sk-live-0123456789abcdef';

describe('the desktop secret store', () => {
  let dir: string;
  let keyFileOpened: number;
  const open = (platform: NodeJS.Platform = 'linux') =>
    chooseSecretStore({
      safeStorage,
      platform,
      keyFile: () => {
        keyFileOpened++;
        return new KeyFileSecretStore(join(dir, 'secret.key'));
      },
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ic-safe-storage-'));
    keyFileOpened = 0;
    keychain.available = true;
    keychain.backend = 'gnome_libsecret';
    keychain.calls = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('encrypts through the OS keychain and decrypts back, with no key file at all', async () => {
    const { store, protection } = open();
    expect(protection).toEqual({ kind: 'os-keychain', backend: 'gnome_libsecret' });
    expect(store.kind).toBe('safe-storage');
    const sealed = await store.encrypt(KEY);
    expect(sealed.startsWith(SAFE_STORAGE_PREFIX)).toBe(true);
    expect(sealed).not.toContain(KEY);
    expect(await store.decrypt(sealed)).toBe(KEY);
    expect(keychain.calls).toEqual(['backend', 'encrypt', 'decrypt']);
    expect(keyFileOpened).toBe(0);
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
  });

  it('does not pretend on Linux\'s basic_text backend: it warns and uses the key file', async () => {
    keychain.backend = 'basic_text';
    const { store, protection } = open();
    expect(protection.kind).toBe('key-file');
    expect(protection.backend).toBe('basic_text');
    expect(protection.warning).toMatch(/key file/);
    expect(store.kind).toBe('key-file');
    const sealed = await store.encrypt(KEY);
    expect(sealed.startsWith(SAFE_STORAGE_PREFIX)).toBe(false);
    expect(await store.decrypt(sealed)).toBe(KEY);
    expect(keychain.calls).not.toContain('encrypt');
    expect(keyFileOpened).toBe(1);
  });

  it('falls back with a warning when the OS offers no encryption at all', async () => {
    keychain.available = false;
    const { store, protection } = open('win32');
    expect(protection.kind).toBe('key-file');
    expect(protection.warning).toMatch(/not available/);
    expect(await store.decrypt(await store.encrypt(KEY))).toBe(KEY);
  });

  it('asks for the Linux backend only on Linux', () => {
    expect(open('darwin').protection).toEqual({ kind: 'os-keychain' });
    expect(keychain.calls).not.toContain('backend');
  });

  it('keeps keys added by the CLI (key file) readable after the keychain takes over', async () => {
    const cliSealed = await new KeyFileSecretStore(join(dir, 'secret.key')).encrypt(KEY);
    const { store } = open();
    expect(await store.decrypt(cliSealed)).toBe(KEY);
    expect(keychain.calls).not.toContain('decrypt');
  });

  it('marks ciphertext by backend, so a switch fails loudly instead of decrypting garbage', async () => {
    const keychainSealed = await open().store.encrypt(KEY);
    const fileSealed = await new KeyFileSecretStore(join(dir, 'secret.key')).encrypt(KEY);
    expect(keychainSealed.slice(0, 4)).not.toBe(fileSealed.slice(0, 4));

    keychain.backend = 'basic_text';
    const { store: fallback } = open();
    await expect(fallback.decrypt(keychainSealed)).rejects.toThrow(/OS keychain, which is not available/);
    await expect(new SafeStorageSecretStore(safeStorage).decrypt(fileSealed)).rejects.toThrow(/not a keychain-encrypted secret/);
    await expect(new KeyFileSecretStore(join(dir, 'secret.key')).decrypt(keychainSealed)).rejects.toThrow();
  });
});
