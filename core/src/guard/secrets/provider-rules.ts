/**
 * Provider credentials that carry a recognisable prefix or shape. Written from the providers' published token
 * formats; every quantifier is bounded and every pattern starts with a literal or a fixed-width boundary, so a
 * scan costs at most a constant amount of work per character (no catastrophic backtracking).
 */
export interface ProviderRule {
  /** Literals one of which every match contains; a rule runs only on texts holding one (one shared pass). */
  triggers: readonly string[];
  type: string;
  /** Global regex; the whole match, or the group named `s` when present, is the secret. */
  pattern: RegExp;
  /**
   * How hard to look for documentation placeholders: 'chars' rejects masked values and runs/sequences,
   * 'none' trusts the format alone (for long formats with a fixed checksum-like suffix).
   */
  placeholder: 'chars' | 'none';
  /** Minimum Shannon entropy (bits per char) of the secret, to drop `AKIAAAAAAAAA…`-style fillers. */
  minEntropy?: number;
  /** Extra check on the secret; return false to drop it. */
  check?: (secret: string) => boolean;
  score: number;
}

// A secret token must not be glued to a longer identifier: `(?<!…)` and `(?!…)` are single-char checks.
const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';
const rx = (source: string): RegExp => new RegExp(source, 'dg');

const hasMixedClasses = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);

export const PROVIDER_RULES: readonly ProviderRule[] = [
  // OpenAI: project, service-account and admin keys embed "T3BlbkFJ" (base64 of "OpenAI"), as do legacy keys.
  { triggers: ['sk-'], type: 'OPENAI_API_KEY', pattern: rx(`${B}sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{16,300}${E}`), placeholder: 'chars',
    check: (s) => s.includes('T3BlbkFJ') || (/^sk-(?:proj|svcacct|admin)-/.test(s) && s.length >= 60), score: 0.99 },
  { triggers: ['sk-ant-'], type: 'ANTHROPIC_API_KEY', pattern: rx(`${B}sk-ant-(?:api|oat|ort)\\d{2}-[A-Za-z0-9_-]{93}AA${E}`), placeholder: 'none', score: 0.99 },
  { triggers: ['sk-ant-'], type: 'ANTHROPIC_ADMIN_KEY', pattern: rx(`${B}sk-ant-admin\\d{2}-[A-Za-z0-9_-]{93}AA${E}`), placeholder: 'none', score: 0.99 },
  { triggers: ['AIza'], type: 'GOOGLE_API_KEY', pattern: rx(`${B}AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_])`), placeholder: 'chars', minEntropy: 3.5, score: 0.95 },
  { triggers: ['service_account'], type: 'GCP_SERVICE_ACCOUNT', pattern: rx(`"type"\\s{0,8}:\\s{0,8}"service_account"`), placeholder: 'none', score: 0.7 },
  { triggers: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'], type: 'AWS_ACCESS_KEY', pattern: rx(`${B}(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}${E}`), placeholder: 'chars',
    minEntropy: 3, check: (s) => !s.endsWith('EXAMPLE'), score: 0.95 },
  { triggers: ['ABSKQmVkcm9ja0FQSUtleS'], type: 'AWS_BEDROCK_API_KEY', pattern: rx(`${B}ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{100,125}={0,2}(?![A-Za-z0-9+/=])`), placeholder: 'none', score: 0.95 },
  // Azure AD client secrets: three characters, a version digit, then "Q~" and 31-34 more.
  { triggers: ['Q~'], type: 'AZURE_CLIENT_SECRET', pattern: rx(`(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`),
    placeholder: 'chars', minEntropy: 3.5, score: 0.9 },
  { triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], type: 'GITHUB_TOKEN', pattern: rx(`${B}gh[pousr]_[A-Za-z0-9]{36,255}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.99 },
  { triggers: ['github_pat_'], type: 'GITHUB_TOKEN', pattern: rx(`${B}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.99 },
  { triggers: ['glpat-', 'glptt-', 'glrt-', 'gldt-', 'glsoat-', 'glcbt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glffct-'], type: 'GITLAB_TOKEN', pattern: rx(`${B}gl(?:pat|ptt|rt|dt|soat|cbt|ft|imt|agent|oas|ffct)-[A-Za-z0-9_.-]{20,300}${E}`),
    placeholder: 'chars', minEntropy: 3.5, score: 0.95 },
  { triggers: ['GR1348941'], type: 'GITLAB_TOKEN', pattern: rx(`${B}GR1348941[A-Za-z0-9_-]{20}${E}`), placeholder: 'chars', minEntropy: 3, score: 0.95 },
  { triggers: ['xoxb-'], type: 'SLACK_TOKEN', pattern: rx(`${B}xoxb-\\d{8,14}-(?:\\d{8,14}-)?[A-Za-z0-9]{20,40}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.95 },
  { triggers: ['xoxp-', 'xoxe-'], type: 'SLACK_TOKEN', pattern: rx(`${B}xox[pe]-\\d{4,14}-\\d{4,14}-\\d{4,14}-[a-f0-9]{20,34}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.95 },
  { triggers: ['xoxa-', 'xoxr-', 'xoxs-'], type: 'SLACK_TOKEN', pattern: rx(`${B}xox[ars]-\\d-[A-Za-z0-9]{8,20}-[A-Za-z0-9-]{20,150}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.9 },
  { triggers: ['xoxe'], type: 'SLACK_TOKEN', pattern: rx(`${B}xoxe(?:\\.xox[bp])?-\\d-[A-Za-z0-9]{100,200}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.95 },
  { triggers: ['hooks.slack.com'], type: 'SLACK_WEBHOOK', pattern: rx(`hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]{20,200}`), placeholder: 'chars', score: 0.95 },
  { triggers: ['_live_', '_test_'], type: 'STRIPE_KEY', pattern: rx(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,247}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.99 },
  { triggers: ['whsec_'], type: 'STRIPE_KEY', pattern: rx(`${B}whsec_[A-Za-z0-9]{32,64}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.95 },
  { triggers: ['npm_'], type: 'NPM_TOKEN', pattern: rx(`${B}npm_[A-Za-z0-9]{36}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.99 },
  { triggers: ['pypi-'], type: 'PYPI_TOKEN', pattern: rx(`${B}pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,300}${E}`), placeholder: 'chars', score: 0.99 },
  { triggers: ['hf_', 'api_org_'], type: 'HUGGINGFACE_TOKEN', pattern: rx(`${B}(?:hf_|api_org_)[A-Za-z]{34}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.95 },
  { triggers: ['SG.'], type: 'SENDGRID_API_KEY', pattern: rx(`${B}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${E}`), placeholder: 'chars', score: 0.99 },
  { triggers: ['_v1_'], type: 'DIGITALOCEAN_TOKEN', pattern: rx(`${B}do[por]_v1_[a-f0-9]{64}${E}`), placeholder: 'chars', minEntropy: 3, score: 0.99 },
  { triggers: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], type: 'SHOPIFY_TOKEN', pattern: rx(`${B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${E}`), placeholder: 'chars', minEntropy: 3, score: 0.99 },
  { triggers: ['gsk_'], type: 'GROQ_API_KEY', pattern: rx(`${B}gsk_[A-Za-z0-9]{52}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.99 },
  { triggers: ['xai-'], type: 'XAI_API_KEY', pattern: rx(`${B}xai-[A-Za-z0-9]{80}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.99 },
  { triggers: ['pplx-'], type: 'PERPLEXITY_API_KEY', pattern: rx(`${B}pplx-[A-Za-z0-9]{48}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.99 },
  { triggers: ['dapi'], type: 'DATABRICKS_TOKEN', pattern: rx(`${B}dapi[a-f0-9]{32}(?:-\\d)?${E}`), placeholder: 'chars', minEntropy: 3, score: 0.95 },
  { triggers: ['ntn_'], type: 'NOTION_TOKEN', pattern: rx(`${B}ntn_\\d{11}[A-Za-z0-9]{35}${E}`), placeholder: 'chars', minEntropy: 3.5, check: hasMixedClasses, score: 0.95 },
  { triggers: ['secret_'], type: 'NOTION_TOKEN', pattern: rx(`${B}secret_[A-Za-z0-9]{43}${E}`), placeholder: 'chars', minEntropy: 3.5, check: hasMixedClasses, score: 0.9 },
  { triggers: ['sgp_'], type: 'SOURCEGRAPH_TOKEN', pattern: rx(`${B}sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}${E}`), placeholder: 'chars', minEntropy: 3, score: 0.95 },
  { triggers: ['hvs.', 'hvb.', 'hvr.'], type: 'VAULT_TOKEN', pattern: rx(`${B}hv[sbr]\\.[A-Za-z0-9_-]{90,250}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.95 },
  { triggers: ['s.'], type: 'VAULT_TOKEN', pattern: rx(`(?<![A-Za-z0-9_.])s\\.[A-Za-z0-9]{24}(?![A-Za-z0-9_.])`), placeholder: 'chars', minEntropy: 3.5,
    check: hasMixedClasses, score: 0.8 },
  { triggers: ['glc_'], type: 'GRAFANA_TOKEN', pattern: rx(`${B}glc_[A-Za-z0-9+/]{32,400}={0,2}(?![A-Za-z0-9+/=])`), placeholder: 'chars', minEntropy: 3.5, score: 0.95 },
  { triggers: ['glsa_'], type: 'GRAFANA_TOKEN', pattern: rx(`${B}glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.95 },
  { triggers: ['ops_eyJ'], type: 'ONEPASSWORD_TOKEN', pattern: rx(`${B}ops_eyJ[A-Za-z0-9+/]{250,8000}={0,3}(?![A-Za-z0-9+/=])`), placeholder: 'chars', minEntropy: 4, score: 0.95 },
  { triggers: ['A3-'], type: 'ONEPASSWORD_SECRET_KEY', pattern: rx(`${B}A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}${E}`),
    placeholder: 'chars', minEntropy: 3, score: 0.9 },
  { triggers: ['EAA'], type: 'FACEBOOK_TOKEN', pattern: rx(`${B}EAA[A-Za-z0-9]{100,400}${E}`), placeholder: 'chars', minEntropy: 4, check: hasMixedClasses, score: 0.9 },
  { triggers: ['|', '%7C', '%7c'], type: 'FACEBOOK_TOKEN', pattern: rx(`${B}\\d{15,16}(?:\\||%7[Cc])[A-Za-z0-9_-]{27}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.85 },
  { triggers: ['s-s4t2'], type: 'INTRA42_SECRET', pattern: rx(`${B}s-s4t2(?:ud|af)-[a-f0-9]{64}${E}`), placeholder: 'chars', score: 0.95 },
  // crypt(3) password hashes (/etc/shadow, .htpasswd, database dumps): MD5 $1$, bcrypt $2a$/$2b$/$2y$, SHA-256 $5$,
  // SHA-512 $6$, scrypt $7$/$8$, yescrypt $y$. An offline-crackable hash is a credential.
  { triggers: ['$1$', '$2a$', '$2b$', '$2y$', '$5$', '$6$', '$7$', '$8$', '$y$'], type: 'PASSWORD_HASH',
    pattern: rx(`(?<![A-Za-z0-9$])\\$(?:1|5|6|7|8|y)\\$(?:rounds=\\d{1,7}\\$)?[./A-Za-z0-9]{1,64}\\$[./A-Za-z0-9]{22,100}(?![./A-Za-z0-9])`),
    placeholder: 'none', minEntropy: 3.5, score: 0.9 },
  { triggers: ['$2a$', '$2b$', '$2y$'], type: 'PASSWORD_HASH', pattern: rx(`(?<![A-Za-z0-9$])\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}(?![./A-Za-z0-9])`),
    placeholder: 'none', minEntropy: 3.5, score: 0.9 },
  { triggers: ['$krb5'], type: 'KERBEROS_HASH', pattern: rx(`\\$krb5(?:asrep|tgs)\\$\\d{1,2}\\$(?:[^\\s$:]{1,200}[$:])?[a-f0-9]{32}\\$[a-f0-9]{64,2048}(?![a-f0-9])`),
    placeholder: 'none', score: 0.9 },
  // WordPress authentication keys and salts in wp-config.php: 64 printable characters, spaces and symbols included.
  { triggers: ['define('], type: 'WORDPRESS_SALT',
    pattern: rx(`define\\([ \\t]{0,4}['"](?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)['"][ \\t]{0,4},[ \\t]{0,16}['"](?<s>[^'"\\r\\n]{32,128})['"]`),
    placeholder: 'none', minEntropy: 4, check: (s) => !/unique phrase/i.test(s), score: 0.9 },
  { triggers: ['API-'], type: 'OCTOPUS_API_KEY', pattern: rx(`${B}API-[A-Z0-9]{26}${E}`), placeholder: 'chars', minEntropy: 3.5, score: 0.85 },
];
