/** Markdown tables for scripts/eval-guard.ts (pasted as-is into docs/guardrails.md). */
import type { EvalResult } from './eval-guard.ts';

const f = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined ? '—' : x.toFixed(digits));

export function printReport(r: EvalResult): void {
  console.log('\n## Injection — leave one source out (train on the other sources, test on this one)');
  if (r.injection.loso) {
    console.log('| left-out source | attacks | benign | recall | FPR (benign flagged) | precision | caught by classifier only | fold threshold |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const x of r.injection.loso.folds) {
      console.log(`| ${x.set} | ${x.attacks} | ${x.benign} | ${f(x.recall)} | ${f(x.fpr)} | ${f(x.attacks > 0 ? x.precision : null)} | ${x.classifierOnly} | ${f(x.threshold)} |`);
    }
    const p = r.injection.loso.pooled;
    console.log(`| **pooled over the left-out sources** | ${p.attacks} | ${p.benign} | **${f(p.recall)}** (${p.tp}/${p.attacks}) | **${f(p.fpr)}** (${p.fp}/${p.benign}) | | | |`);
  } else console.log('(skipped: --no-loso)');
  console.log(`\nShipped model (${r.model ?? 'none'}), trained on all sources — IN-SAMPLE, not a generalisation figure:`);
  console.log(`recall ${f(r.injection.shippedPooled.recall)} at FPR ${f(r.injection.shippedPooled.fpr)}; per source: ${r.injection.shipped
    .map((x) => `${x.set} ${f(x.recall, 2)}/${f(x.fpr, 2)}`).join(', ')} (recall/FPR)`);

  console.log('\n## Secrets — rule fixtures per source (any finding on a text = detected)');
  console.log('| source | must detect | recall | must not detect | flagged |');
  console.log('|---|---|---|---|---|');
  for (const s of [...r.secrets.sources, r.secrets.pooled]) {
    console.log(`| ${s.source === 'pooled' ? '**pooled**' : s.source} | ${s.mustDetect} | ${f(s.recall)} (${s.detected}) | ${s.mustNotDetect} | ${f(s.flaggedRate)} (${s.flagged}) |`);
  }
  console.log(`\nfalse positives by finding type: ${JSON.stringify(r.secrets.pooled.fpTypes)}`);
  const l = r.leakyRepo;
  console.log(`leaky-repo whole-file scan: ${l.found}/${l.riskLines} risk lines found (${f(l.recall)}) over ${l.files} files; ${l.excess} lines flagged beyond the key's risk + informative lines`);
  console.log(`leaky-repo files short of their risk lines: ${l.missedFiles.join('; ')}`);

  console.log('\n## Phones — every region of libphonenumber\'s examples, its matcher cases, Presidio\'s phone cases');
  console.log('| set | cases | TP | FP | FN | precision | recall |');
  console.log('|---|---|---|---|---|---|---|');
  for (const g of [...r.phones.groups, r.phones.pooled]) {
    console.log(`| ${g.name === 'pooled' ? '**pooled**' : g.name} | ${g.cases} | ${g.tp} | ${g.fp} | ${g.fn} | ${f(g.precision)} | ${f(g.recall)} |`);
  }

  console.log('\n## Other PII — Presidio recognizer cases, scored per entity type on that recognizer\'s cases');
  console.log('| entity (ours) | cases | TP | FP | FN | precision | recall | hits on other sets (unscored) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const x of r.pii.filter((p) => p.type !== 'PHONE')) {
    console.log(`| ${x.entity}${x.type === x.entity ? '' : ` (${x.type})`} | ${x.cases} | ${x.tp} | ${x.fp} | ${x.fn} | ${f(x.precision)} | ${f(x.recall)} | ${x.otherSetHits} |`);
  }

  const t = r.timing;
  console.log(`\n## Scan time (single thread; ${t.machine.cpus} CPUs, 1-minute load average ${t.machine.loadAverage1m} while measuring)`);
  console.log('| detector (all texts of all sets) | mean ms per KB |');
  console.log('|---|---|');
  console.log(`| secrets | ${f(t.secretsMsPerKb, 4)} |\n| PII | ${f(t.piiMsPerKb, 4)} |\n| injection | ${f(t.injectionMsPerKb, 4)} |\n| combined (scanText) | ${f(t.combinedMsPerKb, 4)} |`);
  console.log(`\ncombined scan of a 10 KB request: median ${f(t.combined10KbMedianMs)} ms wall clock, ${f(t.combined10KbMedianCpuMs)} ms CPU`);
}
