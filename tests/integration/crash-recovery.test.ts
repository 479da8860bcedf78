import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { openRuntime } from '../../core/src/node/runtime.ts';
import { silentLogger } from '../../core/src/ports/logger.ts';
import { startEmulator, type RunningEmulator } from '../../server/src/emulator/index.ts';
import { runCli, startServe, stopChild } from '../support/cli.ts';
import { tempDir, waitFor } from '../support/harness.ts';
import type { ChildProcess } from 'node:child_process';

let emu: RunningEmulator | undefined;
let child: ChildProcess | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  if (child) await stopChild(child, 'SIGKILL');
  await emu?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  child = emu = dataDir = undefined;
});

describe('a gateway that crashes', () => {
  it('leaves its settled spend intact, and the next start charges its calls of unknown outcome at their reservation', async () => {
    dataDir = tempDir();
    emu = await startEmulator({ apiKey: 'sk-crash-test-key-000000000000' });
    const dir = dataDir;
    expect(runCli(['provider', 'add', 'oa', '--type', 'openai', '--base-url', `${emu.url}/v1`, '--key-env', 'K'], { dataDir: dir, env: { K: 'sk-crash-test-key-000000000000' } }).status).toBe(0);
    const created = runCli(['agent', 'create', 'a1', '--budget-usd', '1', '--provider', 'oa', '--json'], { dataDir: dir });
    expect(created.status).toBe(0);
    const { token } = JSON.parse(created.stdout) as { token: string };

    const first = await startServe(['--quiet'], dir);
    child = first.child;
    const client = new OpenAI({ baseURL: `${first.url}/v1`, apiKey: token, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'settled' }] });
    // A call the provider never answers holds a reservation when the process dies.
    void client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: '#emu:hang' }] }).catch(() => undefined);

    const rt = openRuntime({ dataDir: dir, logger: silentLogger });
    try {
      await waitFor(() => rt.agents.get('a1').budget.reservedMicros > 0, 5_000, 'the hung call to reserve');
      const spentBefore = rt.agents.get('a1').budget.spentMicros;
      expect(spentBefore).toBeGreaterThan(0);

      await stopChild(first.child, 'SIGKILL');
      const hung = rt.agents.get('a1').budget.reservedMicros;
      expect(hung).toBeGreaterThan(0);

      const second = await startServe(['--quiet'], dir);
      child = second.child;
      expect(second.output()).toMatch(/left 1 call of unknown outcome, charged at their reservation/);
      const after = rt.agents.get('a1').budget;
      expect(after.reservedMicros).toBe(0);
      expect(after.heldMicros).toBe(0);
      // The provider may have worked on the hung call: it is charged its worst case, never released for free.
      expect(after.spentMicros).toBe(spentBefore + hung);
      const interrupted = rt.store.db.prepare("SELECT COUNT(*) AS n FROM calls WHERE outcome = 'interrupted'").get() as { n: number };
      expect(interrupted.n).toBe(1);
    } finally {
      rt.close();
    }
  });
});
