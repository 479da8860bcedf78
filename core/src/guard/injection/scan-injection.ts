import type { Finding } from '../finding.ts';
import { resolveOverlaps } from '../finding.ts';
import { extractFeatures } from './features.ts';
import type { InjectionModel } from './model.ts';
import { predictProbability } from './model.ts';
import { literalTrie } from '../text-utils.ts';
import { CJK_OVERRIDE, INJECTION_PATTERNS, MAX_MATCH } from './patterns.ts';

export interface InjectionScanOptions {
  /** The trained classifier; without it only the phrase patterns run. */
  model?: InjectionModel;
  /** Override the model's decision threshold (0–1). */
  threshold?: number;
  /** Characters per classifier window; an attack buried in a long benign text is judged on its own window. */
  windowChars?: number;
}

const DEFAULT_WINDOW = 1500;
/**
 * Injection findings decide flag or block (they are never redacted): past this many, more say nothing new, and a
 * text made of one repeated marker would otherwise cost an allocation and a sort per repetition.
 */
const MAX_PATTERN_FINDINGS = 1_000;

/**
 * Prompt-injection and jailbreak detection: phrase patterns for instruction override, role-play and
 * system-prompt extraction, plus (when a model is given) a linear classifier over hashed n-grams applied to
 * windows of the text. Classifier hits are reported as type 'JAILBREAK' with the probability as score.
 */
export function scanInjection(text: string, options: InjectionScanOptions = {}): Finding[] {
  const found = scanPatterns(text);
  if (options.model) found.push(...classifyWindows(text, options.model, options));
  return resolveOverlaps(found);
}

// All pattern anchors as whole words in one trie-shaped alternation: one pass finds where any pattern could match.
const ANCHORS = new RegExp(`\\b(?:${literalTrie([...new Set(INJECTION_PATTERNS.flatMap((p) => p.anchors))])})\\b`, 'gi');

/**
 * Runs each pattern only inside the regions around its anchor words (±MAX_MATCH characters, merged). Every
 * match contains an anchor and is shorter than MAX_MATCH, so nothing is missed, and ordinary text, where the
 * anchors are rare, is never scanned by the sixteen patterns at all.
 */
function scanPatterns(text: string): Finding[] {
  const regions: Array<{ start: number; end: number; anchors: Set<string> }> = [];
  ANCHORS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ANCHORS.exec(text)) !== null) {
    const start = Math.max(0, m.index - MAX_MATCH);
    const end = Math.min(text.length, m.index + m[0].length + MAX_MATCH);
    const last = regions[regions.length - 1];
    if (last && start <= last.end) last.end = end;
    else regions.push({ start, end, anchors: new Set() });
    regions[regions.length - 1]?.anchors.add(m[0].toLowerCase());
  }
  const found: Finding[] = [];
  CJK_OVERRIDE.lastIndex = 0;
  while ((m = CJK_OVERRIDE.exec(text)) !== null && found.length < MAX_PATTERN_FINDINGS) {
    found.push({ category: 'injection', type: 'INSTRUCTION_OVERRIDE', start: m.index, end: m.index + m[0].length, score: 0.9 });
  }
  for (const region of regions) {
    if (found.length >= MAX_PATTERN_FINDINGS) break;
    const slice = text.slice(region.start, region.end);
    for (const { type, pattern, anchors } of INJECTION_PATTERNS) {
      if (!anchors.some((a) => region.anchors.has(a))) continue;
      pattern.lastIndex = 0;
      let p: RegExpExecArray | null;
      while (found.length < MAX_PATTERN_FINDINGS && (p = pattern.exec(slice)) !== null) {
        const start = region.start + p.index;
        found.push({ category: 'injection', type, start, end: start + p[0].length, score: 0.9 });
      }
    }
  }
  return found;
}

/** Probability that the whole text is an injection / jailbreak, by the classifier alone. */
export function injectionProbability(text: string, model: InjectionModel, start = 0, end = text.length): number {
  const x = extractFeatures(text, model, start, end);
  return predictProbability(model, x.indices, x.values);
}

function classifyWindows(text: string, model: InjectionModel, o: InjectionScanOptions): Finding[] {
  const threshold = o.threshold ?? model.threshold;
  const out: Finding[] = [];
  for (const [start, end] of windows(text, o.windowChars ?? DEFAULT_WINDOW)) {
    const p = injectionProbability(text, model, start, end);
    if (p < threshold) continue;
    const last = out[out.length - 1];
    // Adjacent flagged windows are one attack: report one span.
    if (last && last.end === start) {
      last.end = end;
      last.score = Math.max(last.score ?? 0, p);
    } else out.push({ category: 'injection', type: 'JAILBREAK', start, end, score: p });
  }
  return out;
}

/** Consecutive windows of about `size` characters, cut at whitespace where one is near. */
function windows(text: string, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      // Look back for a space only half a window: an unbounded lastIndexOf would rescan a text without spaces
      // once per window (quadratic).
      let cut = end;
      while (cut > start + size / 2 && text.charCodeAt(cut) !== 32) cut--;
      if (cut > start + size / 2) end = cut;
    }
    out.push([start, end]);
    start = end;
  }
  return out;
}
