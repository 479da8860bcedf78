import type { DataReader } from './injection-sources.ts';

/** One secret-scanner fixture: `tp` must be detected, `fp` must not. */
export interface SecretCase {
  source: string;
  /** The upstream rule or plugin the fixture belongs to. */
  rule: string;
  label: 'tp' | 'fp';
  text: string;
  /** Nosey Parker / Kingfisher categories: `identifier`, `hashed` and `fuzzy` rules do not always mark a secret. */
  categories?: string[];
}

const jsonl = <T>(r: DataReader, p: string): T[] => r.read(p).trim().split('\n').map((l) => JSON.parse(l) as T);

/** The four rule-fixture sets of the data directory's secrets/ folder, each as its own source. */
export function loadSecretSources(r: DataReader): SecretCase[] {
  type Row = { rule_id?: string; plugin?: string; label: 'tp' | 'fp'; text: string; categories?: string[] };
  const rows = (source: string, file: string): SecretCase[] => jsonl<Row>(r, file).map((x) => ({
    source, rule: x.rule_id ?? x.plugin ?? '?', label: x.label, text: x.text, ...(x.categories ? { categories: x.categories } : {}),
  }));
  return [
    ...rows('gitleaks', 'secrets/gitleaks_rule_cases.jsonl'),
    ...rows('noseyparker', 'secrets/noseyparker_rule_examples.jsonl'),
    ...rows('kingfisher', 'secrets/kingfisher_rule_examples.jsonl'),
    ...rows('detect-secrets', 'secrets/detect_secrets_plugin_cases.jsonl'),
  ];
}
