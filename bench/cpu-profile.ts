import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, relative, resolve } from 'node:path';
import { REPO } from './processes.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time, idle excluded, ms. */
  busyMs: number;
  /** Functions by self time. */
  topSelf: { fn: string; where: string; ms: number; pct: number }[];
  /** Source files and packages by self time. */
  selfByArea: { area: string; ms: number; pct: number }[];
  /** Source files and packages by inclusive time (the time spent in them or in what they called). */
  inclusiveByArea: { area: string; ms: number; pct: number }[];
}

const maps = new Map<string, SourceMap | null>();

function sourceMapFor(url: string): SourceMap | null {
  if (!maps.has(url)) {
    const file = `${fileURLToPath(url)}.map`;
    maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as never) : null);
  }
  return maps.get(url) ?? null;
}

/** Where a frame's code comes from: a repo file, a package, Node itself, or a V8 pseudo-frame. */
function locate(frame: ProfileNode['callFrame']): { area: string; where: string } {
  const { url, lineNumber, columnNumber } = frame;
  if (!url) return { area: frame.functionName || '(native)', where: '' };
  if (url.startsWith('node:')) return { area: 'node internals', where: url };
  if (!url.startsWith('file:')) return { area: url, where: url };
  let source = fileURLToPath(url);
  let line = lineNumber + 1;
  const map = url.endsWith('.mjs') ? sourceMapFor(url) : null;
  if (map) {
    const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource) {
      const o = entry.originalSource;
      source = o.startsWith('file:') ? fileURLToPath(o) : resolve(dirname(fileURLToPath(url)), o);
      line = (entry.originalLine ?? 0) + 1;
    }
  }
  const rel = relative(REPO, source).replace(/^(\.\.\/)+/, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel)?.[1];
  return { area: pkg ? `pkg:${pkg}` : rel, where: `${rel}:${line}` };
}

function top<T extends { ms: number }>(m: Map<string, T>, n: number): T[] {
  return [...m.values()].sort((a, b) => b.ms - a.ms).slice(0, n);
}

/** Reads a `--cpu-prof` file and tells where the busy time went, mapped back to the TypeScript sources. */
export function summarizeProfile(file: string, n = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const idle = [...byId.values()].filter((node) => node.callFrame.functionName === '(idle)').reduce((s, node) => s + (self.get(node.id) ?? 0), 0);
  const total = [...self.values()].reduce((s, v) => s + v, 0);
  const busyMs = total - idle;
  const pct = (ms: number): number => (100 * ms) / busyMs;

  const fns = new Map<string, { fn: string; where: string; ms: number; pct: number }>();
  const selfAreas = new Map<string, { area: string; ms: number; pct: number }>();
  const inclAreas = new Map<string, { area: string; ms: number; pct: number }>();
  const add = (m: Map<string, { area: string; ms: number; pct: number }>, area: string, ms: number): void => {
    const e = m.get(area) ?? { area, ms: 0, pct: 0 };
    e.ms += ms;
    e.pct = pct(e.ms);
    m.set(area, e);
  };

  // Depth-first from the root, carrying the set of areas on the current stack (bounded by the node count).
  const root = profile.nodes[0];
  const stack: { id: number; areas: Set<string> }[] = root ? [{ id: root.id, areas: new Set() }] : [];
  let visited = 0;
  while (stack.length > 0 && visited++ <= profile.nodes.length) {
    const { id, areas } = stack.pop()!;
    const node = byId.get(id);
    if (!node) continue;
    const { area, where } = locate(node.callFrame);
    const here = new Set(areas).add(area);
    const ms = self.get(id) ?? 0;
    if (ms > 0 && node.callFrame.functionName !== '(idle)') {
      const fn = node.callFrame.functionName || '(anonymous)';
      const key = `${fn} ${where}`;
      const e = fns.get(key) ?? { fn, where, ms: 0, pct: 0 };
      e.ms += ms;
      e.pct = pct(e.ms);
      fns.set(key, e);
      add(selfAreas, area, ms);
      for (const a of here) add(inclAreas, a, ms);
    }
    for (const child of node.children ?? []) stack.push({ id: child, areas: here });
  }
  return { busyMs, topSelf: top(fns, n), selfByArea: top(selfAreas, n), inclusiveByArea: top(inclAreas, n) };
}

/** The summary as plain text, for the console and for BENCHMARKS.md. */
export function formatProfile(title: string, s: ProfileSummary): string {
  const row = (ms: number, pctv: number, label: string): string => `  ${ms.toFixed(0).padStart(7)} ms ${pctv.toFixed(1).padStart(5)} %  ${label}`;
  return [
    `${title}: ${s.busyMs.toFixed(0)} ms busy`,
    ' self time by function:',
    ...s.topSelf.map((f) => row(f.ms, f.pct, `${f.fn}  ${f.where}`)),
    ' self time by source:',
    ...s.selfByArea.map((a) => row(a.ms, a.pct, a.area)),
    ' inclusive time by source:',
    ...s.inclusiveByArea.map((a) => row(a.ms, a.pct, a.area)),
  ].join('\n');
}
