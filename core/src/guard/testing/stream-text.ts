/**
 * fast-check arbitraries for streaming tests: texts made of prose and of real-looking findings (fake secrets,
 * personal data, their context words), and the ways such a text can be cut into chunks.
 */
import fc from 'fast-check';
import { fakeJwt, fakePem, fakeSecrets } from './fake-values.ts';

const PROSE = ['Hello', 'from', 'the', 'Iron', 'Cage', 'every', 'word', 'is', 'one', 'token.', 'a', 's', 'sk', 'eye', 'key', 'pass', 'curl', 'user', 'e'];
const GLUE = [' ', ' ', ' ', '\n', ', ', ': ', '=', '@', '-', '_', '.', '/', '|', '"', "'", '(', ')', ':', '-----'];
const VALUES = [
  ...fakeSecrets().map(([, v]) => v),
  fakeJwt(),
  fakePem(),
  'password=Tr0ub4dor#3xQ', 'DB_PASSWORD: "k9#Lm2$xQ7vZ"', 'Authorization: Bearer Zk8s9dQ2mX7pL4vR1tY6', 'api_key = "Qm9vb2xlYW4xMjM0NTY3ODkw"',
  'postgres://app:s3cr3tP4ss9@db.internal:5432/app', 'curl -u admin:S3cr3tPa55w0rd https://x.test', 'curl --user "ops:Xy7#kL9mPq2"',
  'dev@example.org', 'jane.doe+tag@mail.example.co.uk', '+44 20 7946 0958', '(415) 555-0132', '4111 1111 1111 1111', '4111111111111111',
  '078-05-1121', 'SSN 536-22-1234', 'DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', '192.168.10.42', '2001:db8::8a2e:370:7334',
  '{"type": "service_account"}', 'FB 1234567890123456|AbCdEfGhIjKlMnOpQrStUvWxYz1', '12345678Z', 'X1234567L', '2024-05-01', '12:30', 'v1.2.3', '$19.99',
];

/** A text of prose, punctuation and real-looking secrets and personal data. */
export const streamText = fc
  .array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PROSE) }, { weight: 4, arbitrary: fc.constantFrom(...GLUE) },
    { weight: 2, arbitrary: fc.constantFrom(...VALUES) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), { maxLength: 40 })
  .map((parts) => parts.join(''));

/**
 * Prose without any anchor character: nothing of it can become a secret. No secret-naming word either: since the
 * long-tail keyword detector, `token. token.a1b2c3d4e5f6g7` reports a value starting at the second `token`.
 */
export const plainProse = fc
  .array(fc.constantFrom('Hello', 'from', 'the', 'Iron', 'Cage', 'every', 'word', 'is', 'one', 'done.', 'emulator,', 'here', 'Yes', 'no'), { minLength: 1, maxLength: 30 })
  .map((words) => words.join(' '));

/** Cuts a text into chunks at the given (sorted, deduplicated) offsets. */
export function splitAt(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let prev = 0;
  for (const c of at) {
    if (c > prev) chunks.push(text.slice(prev, c));
    prev = Math.max(prev, c);
  }
  if (prev < text.length) chunks.push(text.slice(prev));
  return chunks;
}

/** Offsets to cut a text at. */
export const cuts = fc.array(fc.nat({ max: 4000 }), { maxLength: 60 });
