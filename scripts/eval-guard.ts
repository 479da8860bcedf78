/**
 * Evaluates the guard detectors on the labelled third-party sets of a data directory (read at run time, never
 * copied into the repository). Injection is measured leave-one-source-out: for each source, the classifier is
 * trained (scripts/train-injection.ts's procedure) on every other source and tested on the one left out.
 * Secrets, PII and phones are rule-based (no training on these sets): they are reported per source and pooled.
 *
 *   npm run eval:guard -- --data ../shared/data [--json] [--no-loso]
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { evaluateInjection } from '../core/src/guard/eval/injection-eval.ts';
import { loadInjectionSources } from '../core/src/guard/eval/injection-sources.ts';
import { evaluateLeakyRepo } from '../core/src/guard/eval/leaky-repo.ts';
import { leaveOneSourceOut, poolFolds } from '../core/src/guard/eval/loso.ts';
import { evaluatePhoneGroups, evaluatePhones } from '../core/src/guard/eval/phone-eval.ts';
import type { PiiCase } from '../core/src/guard/eval/pii-eval.ts';
import { evaluatePii } from '../core/src/guard/eval/pii-eval.ts';
import { loadSecretSources } from '../core/src/guard/eval/secret-sources.ts';
import { evaluateSecrets } from '../core/src/guard/eval/secrets-eval.ts';
import { medianCpuMs, medianMs, timePerKb } from '../core/src/guard/eval/timing.ts';
import { DEFAULT_FIT, fitInjectionModel } from '../core/src/guard/injection/fit.ts';
import { parseInjectionModel } from '../core/src/guard/injection/model.ts';
import { scanInjection } from '../core/src/guard/injection/scan-injection.ts';
import { scanPii } from '../core/src/guard/pii/scan-pii.ts';
import { scanText } from '../core/src/guard/scan.ts';
import { scanSecrets } from '../core/src/guard/secrets/scan-secrets.ts';
import { printReport } from './eval-guard-report.ts';
import { handwrittenBenign } from './injection-benign-triggers.ts';
import { dataReader, jsonl, leakyRepo, phoneCases } from './guard-data.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    model: { type: 'string', default: 'resources/guard/injection-model.json' },
    json: { type: 'boolean', default: false },
    'no-loso': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help || !args.data) {
  console.error('usage: npm run eval:guard -- --data <dir> [--json] [--no-loso (skip the 8 training runs)] [--model <file>]');
  process.exit(args.help ? 0 : 2);
}
const dir = args.data;
const reader = dataReader(dir);
const model = existsSync(args.model) ? parseInjectionModel(JSON.parse(readFileSync(args.model, 'utf8'))) : undefined;

// --- secrets: four rule-fixture sets, and whole-file scanning of leaky-repo
const secretCases = loadSecretSources(reader);
const secrets = evaluateSecrets(secretCases);
const leaky = leakyRepo(dir);
const leakyEval = evaluateLeakyRepo(leaky.files, leaky.answers);

// --- PII: Presidio's recognizer cases per entity type; phones over every region of libphonenumber's examples
const piiCases = jsonl<PiiCase>(reader, 'pii/presidio_recognizer_cases.jsonl');
const pii = evaluatePii(piiCases);
const phones = phoneCases(reader, piiCases);
const phoneGroups = evaluatePhoneGroups(phones);
const phonePooled = evaluatePhones(phones, 'pooled');

// --- injection: leave one source out (the honest figure), and the shipped model on every source (in-sample)
const prompts = loadInjectionSources(reader);
// Each fold trains exactly as scripts/train-injection.ts does: the other sources plus the hand-written benign prompts.
const loso = args['no-loso'] ? undefined : leaveOneSourceOut(prompts, (train) => fitInjectionModel([...train, ...handwrittenBenign()], DEFAULT_FIT));
const sources = [...new Set(prompts.map((p) => p.source))];
const shipped = sources.map((s) => evaluateInjection(s, prompts.filter((p) => p.source === s), model));
const shippedPooled = poolFolds(shipped);

// --- timing: a realistic request body built from benign prompts and fixtures, cut to 10 KB.
const injectionOptions = model ? { model } : {};
const corpus = [
  ...prompts.filter((p) => p.label === 0).map((p) => p.text), ...secretCases.map((c) => c.text), ...piiCases.map((c) => c.text),
];
const request10k = buildRequest(corpus, 10 * 1024);
const timing = {
  secretsMsPerKb: timePerKb(corpus, (t) => scanSecrets(t)),
  piiMsPerKb: timePerKb(corpus, (t) => scanPii(t)),
  injectionMsPerKb: timePerKb(corpus, (t) => scanInjection(t, injectionOptions)),
  combinedMsPerKb: timePerKb(corpus, (t) => scanText(t, { injection: injectionOptions })),
  combined10KbMedianMs: medianMs(request10k, (t) => scanText(t, { injection: injectionOptions })),
  combined10KbMedianCpuMs: medianCpuMs(request10k, (t) => scanText(t, { injection: injectionOptions }), () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  }),
  // Timings depend on the machine and on what else it runs: report the load next to them.
  machine: { cpus: cpus().length, loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)) },
};

const result = {
  data: dir, model: model ? args.model : null, secrets, leakyRepo: leakyEval, pii, phones: { groups: phoneGroups, pooled: phonePooled },
  injection: { loso, shipped, shippedPooled }, timing,
};
if (args.json) console.log(JSON.stringify(result, null, 2));
else printReport(result);

function buildRequest(texts: string[], size: number): string {
  let out = '';
  for (let i = 0; out.length < size; i++) out += `${texts[(i * 7919) % texts.length] ?? ''}\n\n`;
  return out.slice(0, size);
}

export type EvalResult = typeof result;
