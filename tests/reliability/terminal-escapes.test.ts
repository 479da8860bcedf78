import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startServe, stopChild } from '../support/cli.ts';
import { tempDir, waitFor } from '../support/harness.ts';

let child: ChildProcess | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  if (child) await stopChild(child);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  child = dataDir = undefined;
});

const EVIL_MODEL = 'gpt\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\rfake\nline\u202e';

describe('text from agents is never printed raw to a terminal', () => {
  /* eslint-disable no-control-regex -- the test looks for raw control characters */
  it('escapes control sequences in model names in the serve console and the usage table', async () => {
    dataDir = tempDir();
    const dir = dataDir;
    expect(runCli(['provider', 'add', 'oa', '--type', 'openai', '--base-url', 'http://127.0.0.1:9/v1', '--key-env', 'K'], { dataDir: dir, env: { K: 'sk-escape-test-0000000000' } }).status).toBe(0);
    const created = runCli(['agent', 'create', 'a1', '--budget-usd', '1', '--provider', 'oa', '--json'], { dataDir: dir });
    const { token } = JSON.parse(created.stdout) as { token: string };
    const serve = await startServe([], dir);
    child = serve.child;
    const r = await fetch(`${serve.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: EVIL_MODEL, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(r.status).toBe(400); // no price for it: refused, and recorded
    await waitFor(() => serve.output().includes('refused'), 5_000, 'the refusal line');
    const console = serve.output();
    expect(console).toContain('gpt\\u{1b}]0;pwned\\u{7}\\u{1b}[2J');
    expect(console).not.toMatch(/[\u001b\u0007\r\u202e]/);
    expect(console).not.toMatch(/^line/m);

    const usage = runCli(['usage'], { dataDir: dir });
    expect(usage.status).toBe(0);
    expect(usage.stdout).toContain('\\u{1b}[31mred\\u{d}fake\\u{a}line\\u{202e}');
    expect(usage.stdout).not.toMatch(/[\u001b\u0007\r\u202e]/);
  });
});
