import { describe, expect, it } from 'vitest';
import { scanSecrets } from './secrets/scan-secrets.ts';
import { fakeChars, fakeJwt, fakePem, fakeSecrets } from './testing/fake-values.ts';

const types = (text: string): string[] => scanSecrets(text).map((f) => f.type);
const values = (text: string): string[] => scanSecrets(text).map((f) => text.slice(f.start, f.end));

describe('scanSecrets: provider keys', () => {
  it.each(fakeSecrets())('finds a %s and reports its exact span', (type, value) => {
    const text = `config:\n  key = "${value}"\n`;
    const found = scanSecrets(text);
    expect(found.map((f) => f.type)).toContain(type);
    const f = found.find((x) => x.type === type);
    expect(f && text.slice(f.start, f.end)).toContain(value.replace('https://', ''));
  });

  it('does not report masked or documentation keys', () => {
    expect(types('ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')).toEqual([]);
    expect(types('aws_access_key_id = AKIAIOSFODNN7EXAMPLE')).toEqual([]);
    expect(types('AIzaSyabcdefghijklmnopqrstuvwxyz1234567')).toEqual([]);
    expect(types('use xoxb-your-token-here')).toEqual([]);
  });

  it('does not report a key glued inside a longer identifier', () => {
    const r = fakeChars(11);
    expect(types(`prefixghp_${r(36)}`)).toEqual([]);
  });

  it('honours the allow list', () => {
    const [, key] = fakeSecrets()[5] ?? ['', ''];
    expect(scanSecrets(`token ${key}`, { allow: [key] })).toEqual([]);
  });
});

describe('scanSecrets: structured secrets', () => {
  it('finds a PEM private key block but not an empty one', () => {
    const pem = fakePem();
    expect(values(`key:\n${pem}\n`)).toEqual([pem]);
    expect(types('-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----')).toEqual([]);
  });

  it('finds a JWT', () => {
    const jwt = fakeJwt();
    expect(values(`Authorization: Bearer ${jwt}`)).toContain(jwt);
  });

  it('finds the password of a connection string, and ignores placeholders', () => {
    const text = 'DATABASE_URL=postgres://app:Zx81!pQr7s@db.internal:5432/app';
    expect(scanSecrets(text).map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([['CONNECTION_STRING', 'Zx81!pQr7s']]);
    expect(types('postgres://user:password@localhost/db')).toEqual([]);
    expect(types('https://${USER}:${PASS}@example.com')).toEqual([]);
  });

  it('finds curl basic-auth credentials only after curl', () => {
    expect(values('curl -u deploy:Qm9v7xL2pW https://api.example.com')).toEqual(['Qm9v7xL2pW']);
    expect(types('curl -u "$USER:$PASS" https://api.example.com')).toEqual([]);
    expect(types('sort -u names:Qm9v7xL2pW')).toEqual([]);
  });
});

describe('scanSecrets: assignments with an entropy check', () => {
  it('finds secret-looking values assigned to secret names', () => {
    expect(values('DB_PASSWORD=Tr0ub4dor&3x')).toEqual(['Tr0ub4dor&3x']);
    expect(values('"client_secret": "f8Kq2Lm9Zp4Rt7Vw1Xy6"')).toEqual(['f8Kq2Lm9Zp4Rt7Vw1Xy6']);
    expect(types('Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0')).toEqual(['AUTH_HEADER']);
  });

  it('ignores placeholders, references, ids and low-entropy values', () => {
    for (const text of [
      'password = changeme',
      'api_key: ${API_KEY}',
      'SECRET_KEY = "xxxxxxxxxxxxxxxxxxxx"',
      'token: <your token here>',
      'client_id = "73082700-1f09-405b-80d0-3131bfd6272d"',
      'public_key = "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit"',
      'secret_length = 32',
      'The password policy requires rotation.',
    ]) expect(types(text), text).toEqual([]);
  });
});

describe('scanSecrets: password hashes', () => {
  const r = fakeChars(5);
  const salt = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  it.each([
    [`root:$6$${r(8, salt)}$${r(86, salt)}:19000:0:99999:7:::`],
    [`admin:$2y$12$${r(53, salt)}`],
    [`alice:$1$${r(8, salt)}$${r(22, salt)}`],
  ])('finds the crypt hash in %s', (text) => {
    expect(types(text)).toContain('PASSWORD_HASH');
  });

  it('leaves prices and shell variables alone', () => {
    expect(types('It costs $1 and $5, or $6 with tax.')).toEqual([]);
  });
});

describe('scanSecrets: WordPress keys and salts', () => {
  it('finds the salt, not the placeholder', () => {
    const salt = fakeChars(9)(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~ ');
    const text = `define('AUTH_KEY',         '${salt}');\ndefine('NONCE_SALT', 'put your unique phrase here');`;
    const found = scanSecrets(text);
    expect(found.map((f) => f.type)).toEqual(['WORDPRESS_SALT']);
    expect(text.slice(found[0]?.start, found[0]?.end)).toBe(salt);
  });
});
