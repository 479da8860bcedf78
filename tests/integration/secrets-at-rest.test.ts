import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { PROVIDER_KEY, startHarness } from '../support/harness.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('the provider key at rest', () => {
  it('appears nowhere in the data directory, the logs or CLI output, after real traffic and errors', async () => {
    const h = await startHarness();
    try {
      await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
      const s = await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'hi' }] });
      for await (const _ of s) void _;
      await h.anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 5, messages: [{ role: 'user', content: '#emu:status=500' }] }).catch(() => undefined);
      await h.rt.providers.rotateKey('oa', PROVIDER_KEY, 'test');
      const outputs = [
        runCli(['provider', 'list'], { dataDir: h.dataDir }),
        runCli(['provider', 'list', '--json'], { dataDir: h.dataDir }),
        runCli(['agent', 'list', '--json'], { dataDir: h.dataDir }),
        runCli(['usage', '--json'], { dataDir: h.dataDir }),
      ];
      for (const o of outputs) {
        expect(o.status).toBe(0);
        expect(o.stdout + o.stderr).not.toContain(PROVIDER_KEY);
      }
      expect(outputs[0]!.stdout).toContain(`…${PROVIDER_KEY.slice(-4)}`);
    } finally {
      await h.close().catch(() => undefined);
    }
  });

  it('is stored only as ciphertext: every file of a live data directory is free of it', async () => {
    const h = await startHarness();
    try {
      await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
      await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: '#emu:status=429' }] }).catch(() => undefined);
      (h.rt.logger as { flush?: () => void }).flush?.();
      const needles = [PROVIDER_KEY, Buffer.from(PROVIDER_KEY).toString('base64'), Buffer.from(PROVIDER_KEY, 'utf8').toString('hex')];
      const files = filesUnder(h.dataDir);
      expect(files.some((f) => f.endsWith('.db'))).toBe(true);
      expect(files.some((f) => f.endsWith('gateway.log'))).toBe(true);
      for (const f of files) {
        const bytes = readFileSync(f);
        for (const n of needles) expect(bytes.includes(n), `${f} contains the key`).toBe(false);
      }
      const keyFile = files.find((f) => f.endsWith('secret.key'))!;
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    } finally {
      await h.close();
    }
  });
});
