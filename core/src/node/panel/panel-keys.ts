import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appError } from '../../domain/errors.ts';

export const MASTER_KEY_FILE = 'panel-master.key';
export const SIGNING_KEY_FILE = 'panel-signing.pem';
export const MASTER_KEY_ENV = 'IRON_CAGE_PANEL_MASTER_KEY';

/**
 * The panel's own keys: the master key that encrypts provider keys at rest (32 random bytes in a 0600 file, or
 * base64 in IRON_CAGE_PANEL_MASTER_KEY for servers that keep secrets in the environment), and the Ed25519 key that
 * signs key envelopes (devices pin its public half at enrolment).
 */
export interface PanelKeys {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  signingKey: KeyObject;
  /** base64url raw public key, handed to devices at enrolment. */
  signingPub: string;
}

export function loadPanelKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env): PanelKeys {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const master = masterKey(dataDir, env);
  const signingKey = signingKeyAt(join(dataDir, SIGNING_KEY_FILE));
  const jwk = createPublicKey(signingKey).export({ format: 'jwk' });
  return {
    signingKey,
    signingPub: String(jwk.x),
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', master, iv);
      const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}.${c.getAuthTag().toString('base64url')}`;
    },
    decrypt(ciphertext) {
      const [v, iv, body, tag] = ciphertext.split('.');
      if (v !== 'v1' || !iv || !body || !tag) throw appError('INTERNAL', 'a stored provider key is unreadable');
      try {
        const d = createDecipheriv('aes-256-gcm', master, Buffer.from(iv, 'base64url'));
        d.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
      } catch {
        throw appError('INTERNAL', 'a stored provider key does not open under this master key (wrong key file or variable?)');
      }
    },
  };
}

function masterKey(dataDir: string, env: NodeJS.ProcessEnv): Buffer {
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw appError('INVALID_INPUT', `${MASTER_KEY_ENV} must be 32 bytes in base64`);
    return key;
  }
  const file = join(dataDir, MASTER_KEY_FILE);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw appError('INVALID_INPUT', `${file} does not hold a 32-byte key`);
  return key;
}

function signingKeyAt(file: string): KeyObject {
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  return createPrivateKey(readFileSync(file, 'utf8'));
}
