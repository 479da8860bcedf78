/**
 * Deterministic, format-valid but fake credentials and identifiers for the guard's unit tests. They are built
 * at run time so that no credential-shaped literal sits in the repository (and trips push protection).
 */
import { seededRandom } from '../injection/train.ts';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A generator of random strings over an alphabet, reproducible from its seed. */
export function fakeChars(seed: number): (n: number, alphabet?: string) => string {
  const random = seededRandom(seed);
  return (n, alphabet = BASE62) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)] ?? 'x';
    return s;
  };
}

/** One fake credential per provider rule, keyed by the finding type expected for it. */
export function fakeSecrets(seed = 7): Array<[type: string, value: string]> {
  const r = fakeChars(seed);
  const digits = '0123456789';
  const hex = '0123456789abcdef';
  return [
    ['OPENAI_API_KEY', `sk-proj-${r(58)}T3BlbkFJ${r(58)}`],
    ['ANTHROPIC_API_KEY', `sk-ant-api03-${r(93)}AA`],
    ['ANTHROPIC_ADMIN_KEY', `sk-ant-admin01-${r(93)}AA`],
    ['GOOGLE_API_KEY', `AIza${r(35)}`],
    ['AWS_ACCESS_KEY', `AKIA${r(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`],
    ['GITHUB_TOKEN', `ghp_${r(36)}`],
    ['GITHUB_TOKEN', `github_pat_${r(22)}_${r(59)}`],
    ['GITLAB_TOKEN', `glpat-${r(20)}`],
    ['SLACK_TOKEN', `xoxb-${r(12, digits)}-${r(13, digits)}-${r(24)}`],
    ['SLACK_WEBHOOK', `https://hooks.slack.com/services/T${r(8)}/B${r(8)}/${r(24)}`],
    ['STRIPE_KEY', `${'sk'}_live_${r(24)}`],
    ['NPM_TOKEN', `npm_${r(36)}`],
    ['HUGGINGFACE_TOKEN', `hf_${r(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`],
    ['AZURE_CLIENT_SECRET', `${r(3)}8Q~${r(34)}`],
    ['SENDGRID_API_KEY', `SG.${r(22)}.${r(43)}`],
    ['DATABRICKS_TOKEN', `dapi${r(32, hex)}`],
    ['VAULT_TOKEN', `hvs.${r(100)}`],
  ];
}

/** A JWT-shaped token with a real JSON header (alg HS256) and random payload/signature segments. */
export function fakeJwt(seed = 3): string {
  const r = fakeChars(seed);
  const b64url = (s: string): string => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${r(12)}","iat":1700000000}`)}.${r(43)}`;
}

/** A PEM private-key block with random base64 body lines. */
export function fakePem(seed = 5): string {
  const r = fakeChars(seed);
  const b64 = `${BASE62}+/`;
  const label = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
  const end = ['-----END', 'PRIVATE KEY-----'].join(' ');
  return `${label}\n${r(64, b64)}\n${r(64, b64)}\n${r(20, b64)}==\n${end}`;
}
