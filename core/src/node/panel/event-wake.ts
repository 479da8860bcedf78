/**
 * Wakes a device's open push streams in this process as soon as an event is queued for it. The database stays the
 * source of truth (streams also poll it each second, which is how events queued by another process or panel
 * instance arrive).
 */
const waiters = new Map<string, Set<() => void>>();

export function wakeDevice(deviceId: string): void {
  const set = waiters.get(deviceId);
  if (!set) return;
  waiters.delete(deviceId);
  for (const w of set) w();
}

export function wakeAll(): void {
  for (const id of [...waiters.keys()]) wakeDevice(id);
}

export function waitForEvents(deviceId: string, maxMs: number): Promise<void> {
  return new Promise((resolve) => {
    const set = waiters.get(deviceId) ?? new Set<() => void>();
    waiters.set(deviceId, set);
    const done = (): void => {
      clearTimeout(timer);
      set.delete(done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    set.add(done);
  });
}
