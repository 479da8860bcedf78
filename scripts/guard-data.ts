/** Loaders for the evaluation and training scripts: the third-party sets are read where they lie, never copied. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DataReader } from '../core/src/guard/eval/injection-sources.ts';
import type { PhoneCase } from '../core/src/guard/eval/phone-eval.ts';
import { exampleNumberCases } from '../core/src/guard/eval/phone-eval.ts';
import type { PiiCase } from '../core/src/guard/eval/pii-eval.ts';
import { PRESIDIO_TO_TYPE } from '../core/src/guard/eval/pii-eval.ts';

export function dataReader(dir: string): DataReader {
  return { read: (p) => readFileSync(join(dir, p), 'utf8'), list: (d) => readdirSync(join(dir, d)) };
}

export function jsonl<T>(r: DataReader, p: string): T[] {
  return r.read(p).trim().split('\n').map((l) => JSON.parse(l) as T);
}

const PRESIDIO_PHONE_REGIONS: Record<string, PhoneCase['regions']> = { TR_PHONE_NUMBER: ['TR'], PH_MOBILE_NUMBER: ['PH'] };

/** Every phone case: libphonenumber's example numbers and matcher cases, and Presidio's phone recognizer cases. */
export function phoneCases(r: DataReader, presidio: readonly PiiCase[]): PhoneCase[] {
  type Matcher = { text: string; region: string; case_set: string; label: string };
  const matcher = jsonl<Matcher>(r, 'pii/libphonenumber_matcher_cases.jsonl').filter((m) => m.label !== 'possible_only');
  return [
    ...exampleNumberCases(jsonl(r, 'pii/libphonenumber_example_numbers.jsonl')),
    ...matcher.map((m) => ({
      source: 'libphonenumber matcher', group: m.label === 'phone' ? 'phone' : 'not phone', text: m.text,
      spans: m.label === 'phone' ? [{ start: 0, end: m.text.length }] : [], regions: [m.region as never],
    })),
    // The other recognizers' cases (tax ids, routing numbers, MAC addresses…) hold no labelled phone: any PHONE
    // finding there is counted a false positive, though a few of their numbers may well be dialable.
    ...presidio.filter((c) => c.entities.length > 0 && !c.entities.some((e) => /PHONE/.test(e))).map((c) => ({
      source: 'presidio', group: 'other recognizers (negatives)', text: c.text, spans: [],
    })),
    ...presidio.filter((c) => PRESIDIO_TO_TYPE[c.entities[0] ?? ''] === 'PHONE').map((c) => {
      const regions = PRESIDIO_PHONE_REGIONS[c.entities[0] ?? ''];
      return { source: 'presidio', group: c.entities[0] ?? '', text: c.text, spans: c.spans, ...(regions ? { regions } : {}) };
    }),
  ];
}

/** leaky-repo's files by their path relative to the repo root, and its answer key. */
export function leakyRepo(dir: string): { files: Map<string, string>; answers: string } {
  const root = join(dir, 'secrets/leaky_repo');
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.leaky-meta') walk(p);
      } else files.set(relative(root, p), readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return { files, answers: readFileSync(join(root, '.leaky-meta/secrets.csv'), 'utf8') };
}
