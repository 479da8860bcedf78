import { chmodSync, chownSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateAdminToken } from '../../core/src/node/admin-token.ts';
import { openRuntime, type Runtime } from '../../core/src/node/runtime.ts';
import { silentLogger } from '../../core/src/ports/logger.ts';
import { tempDir } from '../support/harness.ts';

let rt: Runtime | undefined;
const dirs: string[] = [];
afterEach(() => {
  rt?.close();
  rt = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const mode = (p: string): number => statSync(p).mode & 0o777;

describe('files at rest are private', () => {
  it('creates the database and its WAL files 0600, and tightens an existing data folder to 0700', async () => {
    const parent = tempDir();
    dirs.push(parent);
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    rt = openRuntime({ dataDir, logger: silentLogger });
    await rt.providers.add({ name: 'oa', type: 'openai', key: 'sk-mode-test-000000000000' }, 'test');
    expect(mode(dataDir)).toBe(0o700);
    for (const f of ['iron-cage.db', 'iron-cage.db-wal', 'iron-cage.db-shm', 'secret.key']) expect([f, mode(join(dataDir, f))]).toEqual([f, 0o600]);
  });

  it('refuses an admin.token that other users can write or that belongs to another user', () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const file = join(dataDir, 'admin.token');
    writeFileSync(file, 'ica_planted-by-someone-else', { mode: 0o666 });
    chmodSync(file, 0o666);
    expect(() => loadOrCreateAdminToken(dataDir)).toThrow(/can be changed by other users \(mode 666\)/);
    chmodSync(file, 0o600);
    chownSync(file, 65534, 65534); // nobody: the test runs as root, as CI does
    expect(() => loadOrCreateAdminToken(dataDir)).toThrow(/belongs to another user \(uid 65534\)/);
    rmSync(file);
    const token = loadOrCreateAdminToken(dataDir);
    expect(token).toMatch(/^ica_/);
    expect(mode(file)).toBe(0o600);
    expect(loadOrCreateAdminToken(dataDir)).toBe(token);
  });
});
