import { scanSecrets } from '../secrets/scan-secrets.ts';

export interface LeakyRepoEval {
  files: number;
  /** Lines the answer key marks as holding a risky secret, summed over files. */
  riskLines: number;
  /** Per file, min(lines we flag, risk lines), summed: risk lines found, at best. */
  found: number;
  /** Lines flagged beyond risk + informative lines of their file: over-reporting. */
  excess: number;
  recall: number;
  missedFiles: string[];
}

/**
 * Whole-file scanning of leaky-repo. Its answer key counts lines per file, not spans, so a file scores
 * min(flagged lines, risk lines); lines flagged beyond the file's risk and informative lines are counted apart.
 */
export function evaluateLeakyRepo(files: ReadonlyMap<string, string>, answerCsv: string): LeakyRepoEval {
  const r: LeakyRepoEval = { files: 0, riskLines: 0, found: 0, excess: 0, recall: 0, missedFiles: [] };
  for (const line of answerCsv.split('\n')) {
    const [path, risk, info] = line.trim().split(',');
    if (!path || path.startsWith('#') || risk === undefined) continue;
    const text = files.get(path);
    if (text === undefined) continue;
    r.files++;
    const flaggedLines = new Set(scanSecrets(text).map((f) => lineOf(text, f.start)));
    const expected = Number(risk);
    r.riskLines += expected;
    r.found += Math.min(flaggedLines.size, expected);
    r.excess += Math.max(0, flaggedLines.size - expected - Number(info ?? 0));
    if (flaggedLines.size < expected) r.missedFiles.push(`${path} ${flaggedLines.size}/${expected}`);
  }
  r.recall = r.found / Math.max(1, r.riskLines);
  return r;
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
