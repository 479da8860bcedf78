/**
 * Checks the guard's stream profiles against every finding the real detectors report on the third-party sets in
 * a data directory (read at run time, never copied): each finding must be explained by a shape of its family, or
 * a streaming redactor could emit a prefix of it. Run it after changing a detector's patterns.
 *
 *   node --import tsx scripts/check-stream-shapes.ts --data ../shared/data
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Finding, FindingCategory } from '../core/src/guard/finding.ts';
import { scanText } from '../core/src/guard/scan.ts';
import { STREAM_PROFILES } from '../core/src/guard/stream-profiles.ts';
import { unexplained } from '../core/src/guard/testing/shape-check.ts';

const { values: args } = parseArgs({ options: { data: { type: 'string', default: '../shared/data' } } });
const data = args.data ?? '../shared/data';

/** Every `text` field of the JSONL files in a directory. */
function texts(dir: string): string[] {
  const out: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { text?: unknown };
      if (typeof row.text === 'string') out.push(row.text);
    }
  }
  return out;
}

let findings = 0;
let misfits = 0;
for (const family of ['secret', 'pii'] as const satisfies readonly FindingCategory[]) {
  const detect = (t: string): Finding[] => scanText(t, { categories: [family] });
  for (const text of texts(join(data, family === 'secret' ? 'secrets' : 'pii'))) {
    for (const f of detect(text)) {
      findings++;
      const reasons = unexplained(text, f, STREAM_PROFILES[family], detect);
      if (reasons.length === 0) continue;
      misfits++;
      process.stdout.write(`${family} ${f.type} ${JSON.stringify(text.slice(f.start, f.end)).slice(0, 80)}\n  ${reasons.join('\n  ')}\n`);
    }
  }
}
process.stdout.write(`${findings} findings, ${misfits} not covered by a stream shape\n`);
process.exitCode = misfits === 0 ? 0 : 1;
