/**
 * Trains the prompt-injection classifier on every injection source of the data directory plus the hand-written
 * benign prompts (scripts/injection-benign-triggers.ts), and writes resources/guard/injection-model.json.
 * How well this procedure generalises is measured by `npm run eval:guard`, which repeats it once per source with
 * that source left out. Deterministic: full-batch training, seeded folds for the threshold.
 *
 *   npm run train:guard -- --data ../shared/data [--out resources/guard/injection-model.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadInjectionSources } from '../core/src/guard/eval/injection-sources.ts';
import { DEFAULT_FIT, fitInjectionModel } from '../core/src/guard/injection/fit.ts';
import { encodeInjectionModel } from '../core/src/guard/injection/model.ts';
import { injectionProbability } from '../core/src/guard/injection/scan-injection.ts';
import { dataReader } from './guard-data.ts';
import { handwrittenBenign } from './injection-benign-triggers.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string', default: 'resources/guard/injection-model.json' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help || !args.data) {
  console.error('usage: npm run train:guard -- --data <dir> [--out resources/guard/injection-model.json]');
  process.exit(args.help ? 0 : 2);
}

const prompts = [...loadInjectionSources(dataReader(args.data)), ...handwrittenBenign()];
const sources = [...new Set(prompts.map((p) => p.source))];
console.log(`training on ${prompts.length} prompts (${prompts.filter((p) => p.label === 1).length} attacks) from ${sources.join(', ')}`);
// The known trap: jailbreaks and injected tool outputs are longer than benign prompts. How far would length alone go?
console.log(`length-only AUC over the training prompts: ${auc(prompts.map((p) => p.text.length), prompts.map((p) => p.label)).toFixed(3)}`);

const model = fitInjectionModel(prompts, DEFAULT_FIT);
const scores = prompts.map((p) => injectionProbability(p.text, model));
console.log(`in-sample AUC ${auc(scores, prompts.map((p) => p.label)).toFixed(3)}; AUC of the score against length on benign prompts only: ` +
  `${lengthBias(prompts, scores).toFixed(3)} (0.5 = the score does not grow with length)`);
const file = encodeInjectionModel(model, `${sources.join(' + ')} (${prompts.length} prompts), seed ${DEFAULT_FIT.seed}`);
writeFileSync(args.out, `${JSON.stringify(file)}\n`);
console.log(`wrote ${args.out} (${(JSON.stringify(file).length / 1024).toFixed(0)} KB), threshold ${model.threshold.toFixed(3)}`);

/** Among benign prompts, how well does the score rank the longer half above the shorter half? */
function lengthBias(ps: typeof prompts, s: number[]): number {
  const benign = ps.flatMap((p, i) => (p.label === 0 ? [{ len: p.text.length, s: s[i] ?? 0 }] : []));
  const median = [...benign].sort((a, b) => a.len - b.len)[Math.floor(benign.length / 2)]?.len ?? 0;
  return auc(benign.map((b) => b.s), benign.map((b) => (b.len > median ? 1 : 0)));
}

function auc(values: number[], y: number[]): number {
  const order = values.map((s, i) => [s, y[i] ?? 0] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let pos = 0;
  order.forEach(([, label], r) => {
    if (label === 1) {
      rankSum += r + 1;
      pos++;
    }
  });
  const neg = order.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
