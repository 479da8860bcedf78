import Anthropic from '@anthropic-ai/sdk';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../server/src/emulator/index.ts';
import { post } from './sse-client.ts';

describe('api key', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ apiKey: 'sk-right-key-1234' });
  });
  afterAll(() => emu.close());

  it('rejects a wrong key with 401 in OpenAI format', async () => {
    const client = new OpenAI({ baseURL: `${emu.url}/v1`, apiKey: 'sk-wrong-key-9999', maxRetries: 0 });
    const error = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
    expect((error as Error).message).not.toContain('sk-wrong-key-9999');
  });

  it('rejects a wrong key with 401 in Anthropic format', async () => {
    const client = new Anthropic({ baseURL: emu.url, apiKey: 'sk-ant-wrong', maxRetries: 0 });
    const error = await client.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('accepts the key as Bearer (both SDKs) or as x-api-key', async () => {
    const openai = new OpenAI({ baseURL: `${emu.url}/v1`, apiKey: 'sk-right-key-1234', maxRetries: 0 });
    await expect(openai.models.list()).resolves.toBeDefined();
    const anthropic = new Anthropic({ baseURL: emu.url, apiKey: 'sk-right-key-1234', maxRetries: 0 });
    const message = await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    expect(message.usage.output_tokens).toBe(5);
    const raw = await post(
      `${emu.url}/v1/messages`,
      { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] },
      { 'x-api-key': 'sk-right-key-1234' },
    );
    expect(raw.status).toBe(200);
    const none = await fetch(`${emu.url}/v1/models`);
    expect(none.status).toBe(401);
  });
});

describe('lifecycle', () => {
  const started: RunningEmulator[] = [];
  const fresh = async (options?: EmulatorOptions): Promise<RunningEmulator> => {
    const emu = await startEmulator(options);
    started.push(emu);
    return emu;
  };
  afterAll(() => Promise.all(started.map((emu) => emu.close())));

  it('close() ends a hung request and resolves promptly', async () => {
    const emu = await fresh();
    const client = new OpenAI({ baseURL: `${emu.url}/v1`, apiKey: 'k', maxRetries: 0, timeout: 60_000 });
    const pending = client.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: '#emu:hang' }] })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emu.requests).toHaveLength(1);
    const started = Date.now();
    await emu.close();
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('close() ends a slow stream in the middle', async () => {
    const emu = await fresh({ chunkDelayMs: 1000 });
    const res = await fetch(`${emu.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    const reading = res.text().catch((e: unknown) => e);
    await emu.close();
    expect(await reading).toBeInstanceOf(Error);
  });

  it('a hung request ends when the client gives up', async () => {
    const emu = await fresh();
    const abort = new AbortController();
    const pending = fetch(`${emu.url}/v1/responses`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', input: '#emu:hang' }),
      signal: abort.signal,
    }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 30));
    abort.abort();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('records requests, keeping only the last 1000', async () => {
    const emu = await fresh();
    await post(`${emu.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'first' }] }, { authorization: 'Bearer abc' });
    expect(emu.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'm', messages: [{ role: 'user', content: 'first' }] },
    });
    expect(emu.requests[0]?.headers.authorization).toBe('Bearer abc');
    for (let batch = 0; batch < 21; batch++) {
      const batchOf50 = Array.from({ length: 50 }, (_, i) => fetch(`${emu.url}/v1/models?n=${batch * 50 + i}`));
      await Promise.all(batchOf50.map((response) => response.then((r) => r.text())));
    }
    expect(emu.requests).toHaveLength(1000);
    expect(emu.requests.some((r) => r.path === '/v1/chat/completions')).toBe(false);
  });

  it('applies first-byte and chunk delays from options and directives', async () => {
    const emu = await fresh({ firstByteDelayMs: 60 });
    let started = Date.now();
    await fetch(`${emu.url}/v1/models`).then((r) => r.text());
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    started = Date.now();
    const res = await post(`${emu.url}/v1/chat/completions`, {
      model: 'm',
      stream: true,
      messages: [{ role: 'user', content: '#emu:first-byte-delay-ms=0 #emu:chunk-delay-ms=30 #emu:output-tokens=3' }],
    });
    expect(res.text).toContain('[DONE]');
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * 30 - 10);
  });

  it('honours defaultOutputTokens', async () => {
    const emu = await fresh({ defaultOutputTokens: 3 });
    const client = new OpenAI({ baseURL: `${emu.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  it('listens on 127.0.0.1 by default', async () => {
    const emu = await fresh();
    expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
  });
});

describe('standalone main.ts', () => {
  it('prints its url as one JSON line and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/emulator/main.ts', '--port', '0', '--chunk-delay-ms', '0'], {
      cwd: new URL('../..', import.meta.url),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const { url } = JSON.parse(line) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/v1/models`);
      expect(res.status).toBe(200);
      await res.text();
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
