/** Sums usage records by a key (team, agent, user, model), largest spend first. */
export function spendBy<R extends { costMicros: number }>(records: readonly R[], key: (r: R) => string): { key: string; calls: number; micros: number }[] {
  const sums = new Map<string, { key: string; calls: number; micros: number }>();
  for (const r of records) {
    const k = key(r);
    const s = sums.get(k) ?? { key: k, calls: 0, micros: 0 };
    s.calls += 1;
    s.micros += r.costMicros;
    sums.set(k, s);
  }
  return [...sums.values()].sort((a, b) => b.micros - a.micros || a.key.localeCompare(b.key));
}
