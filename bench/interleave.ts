/**
 * Measures every configuration once per round, rotating the order each round (A B C, B C A, C A B, …), so that
 * a machine that drifts (thermal, a neighbour's build) weighs on all of them alike and each round compares
 * configurations measured seconds apart.
 */
export async function interleaved<N extends string, R>(
  rounds: number,
  names: readonly N[],
  measure: (name: N, round: number) => Promise<R>,
): Promise<Record<N, R[]>> {
  const out = Object.fromEntries(names.map((n) => [n, [] as R[]])) as Record<N, R[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length] as N;
      out[name].push(await measure(name, round));
    }
  }
  return out;
}
