/** Mean milliseconds per KB of text to run `fn` over `texts`, from repeated passes (first pass warms up). */
export function timePerKb(texts: readonly string[], fn: (t: string) => unknown, minMs = 200): number {
  const chars = texts.reduce((n, t) => n + t.length, 0);
  for (const t of texts) fn(t);
  let passes = 0;
  const start = performance.now();
  do {
    for (const t of texts) fn(t);
    passes++;
  } while (performance.now() - start < minMs);
  const ms = (performance.now() - start) / passes;
  return ms / (chars / 1024);
}

/** Median milliseconds of `runs` calls of `fn(text)`, after a warm-up. */
export function medianMs(text: string, fn: (t: string) => unknown, runs = 300): number {
  for (let i = 0; i < 30; i++) fn(text);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(text);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

/**
 * Median CPU milliseconds per call, from batches of `batch` calls timed with the process CPU clock. Unlike wall
 * time it does not count the time this process waits while other processes use the CPU, so it is the steadier
 * figure on a shared machine. `cpuMicros` is injected (process.cpuUsage in Node) to keep this module portable.
 */
export function medianCpuMs(text: string, fn: (t: string) => unknown, cpuMicros: () => number, batches = 40, batch = 10): number {
  for (let i = 0; i < 30; i++) fn(text);
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const c0 = cpuMicros();
    for (let i = 0; i < batch; i++) fn(text);
    samples.push((cpuMicros() - c0) / 1000 / batch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}
