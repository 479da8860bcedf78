import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyFileSecretStore } from './key-file-secret-store.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function keyFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'secret-test-'));
  dirs.push(dir);
  return join(dir, 'secret.key');
}

describe('KeyFileSecretStore', () => {
  it('round-trips a key, never writes it in clear, and keeps its key file 0600', async () => {
    const file = keyFile();
    const store = new KeyFileSecretStore(file);
    const secret = 'sk-live-abcdefghijklmnopqrstuvwxyz';
    const sealed = await store.encrypt(secret);
    expect(sealed).not.toContain(secret);
    expect(sealed).not.toBe(await store.encrypt(secret));
    expect(await new KeyFileSecretStore(file).decrypt(sealed)).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(secret);
  });

  it('rejects tampered ciphertext and ciphertext made with another key', async () => {
    const store = new KeyFileSecretStore(keyFile());
    const sealed = await store.encrypt('sk-secret');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    await expect(store.decrypt(`v1:${raw.toString('base64')}`)).rejects.toThrow();
    await expect(new KeyFileSecretStore(keyFile()).decrypt(sealed)).rejects.toThrow();
  });

  it('lets concurrent openers agree on one key', async () => {
    const file = keyFile();
    const stores = Array.from({ length: 5 }, () => new KeyFileSecretStore(file));
    const sealed = await stores[0]!.encrypt('same');
    for (const s of stores) expect(await s.decrypt(sealed)).toBe('same');
  });
});
